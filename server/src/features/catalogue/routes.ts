import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../../platform/http/problem.ts';
import { decodeCursor, toCollection } from '../../platform/http/pagination.ts';
import { presentProduct, presentSku } from './presenter.ts';
import {
  CreateProductBody,
  CreateSkuBody,
  ProductCollection,
  ProductListQuery,
  ProductParams,
  ProductSchema,
  SkuSchema,
} from './schemas.ts';
import { createProduct, createSku, listProducts } from './service.ts';

export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['catalogue'];
  app.get(
    '/products',
    {
      config: { permission: 'organizations.read' },
      schema: {
        tags,
        summary: 'The products of the catalogue with their SKUs and admin centres, by name',
        querystring: ProductListQuery,
        response: { 200: ProductCollection, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const size = request.query.size ?? 50;
      const after = decodeCursor(request, 2);
      const { rows, totalCount } = await request.run(listProducts, { after, size });
      return toCollection(rows, size, totalCount, request, presentProduct, (r) => [r.product.name, r.product.id]);
    },
  );

  app.post(
    '/products',
    {
      config: { permission: 'organizations.write' },
      schema: {
        tags,
        summary: 'Add a product to the catalogue (vendor)',
        body: CreateProductBody,
        response: {
          201: ProductSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const created = await request.run(createProduct, request.body);
      return reply.code(201).send(presentProduct(created));
    },
  );

  app.post(
    '/products/:id/skus',
    {
      config: { permission: 'organizations.write' },
      schema: {
        tags,
        summary: 'Add a SKU to a product (vendor)',
        params: ProductParams,
        body: CreateSkuBody,
        response: {
          201: SkuSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const sku = await request.run(createSku, { productId: request.params.id, body: request.body });
      return reply.code(201).send(presentSku(sku));
    },
  );
};
