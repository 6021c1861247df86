import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { commerceTypes } from './tables.ts';

const CommerceType = Type.Enum([...commerceTypes]);

export const AdminCenterSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    urlTemplate: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'An https URL; `{tenantId}` and `{domain}` are replaced by the customer’s',
    }),
  },
  { additionalProperties: false },
);

export const SkuSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String(),
    name: Type.String(),
    commerceType: CommerceType,
  },
  { $id: 'Sku' },
);
export type Sku = Static<typeof SkuSchema>;

export const ProductSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    adminCenters: Type.Array(AdminCenterSchema),
    skus: Type.Array(SkuSchema),
  },
  { $id: 'Product' },
);
export type Product = Static<typeof ProductSchema>;

export const ProductCollection = Collection(ProductSchema, 'Product');

export const ProductListQuery = Type.Object({ ...PageQuery.properties });
export type ProductListQuery = Static<typeof ProductListQuery>;

export const CreateProductBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    adminCenters: Type.Optional(Type.Array(AdminCenterSchema, { maxItems: 20, default: [] })),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const CreateSkuBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    commerceType: CommerceType,
  },
  { additionalProperties: false },
);
export type CreateSkuBody = Static<typeof CreateSkuBody>;

export const ProductParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
