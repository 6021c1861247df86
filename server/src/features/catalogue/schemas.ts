import Type, { type Static } from 'typebox';
import { Collection, PageQuery } from '../../platform/http/pagination.ts';
import { Name, unbounded, Uuid } from '../../platform/http/schemas.ts';
import { commerceTypes } from '../../core/catalogue/tables.ts';

const CommerceType = Type.Enum([...commerceTypes]);
const SKU_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const SkuCode = Type.String({ pattern: SKU_CODE_PATTERN, maxLength: 64 });
const ADMIN_CENTERS_MAX_ITEMS = 20;

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
    id: Uuid,
    code: SkuCode,
    name: Name,
    commerceType: CommerceType,
  },
  { $id: 'Sku' },
);
export type Sku = Static<typeof SkuSchema>;

export const ProductSchema = Type.Object(
  {
    id: Uuid,
    name: Name,
    adminCenters: Type.Array(AdminCenterSchema, { maxItems: ADMIN_CENTERS_MAX_ITEMS }),
    skus: Type.Array(SkuSchema, unbounded('Every SKU of the product: the catalogue sets no maximum')),
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
    adminCenters: Type.Optional(Type.Array(AdminCenterSchema, { maxItems: ADMIN_CENTERS_MAX_ITEMS, default: [] })),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const CreateSkuBody = Type.Object(
  {
    code: SkuCode,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    commerceType: CommerceType,
  },
  { additionalProperties: false },
);
export type CreateSkuBody = Static<typeof CreateSkuBody>;

export const ProductParams = Type.Object({ id: Uuid });
