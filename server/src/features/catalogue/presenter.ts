import type { ProductRow, SkuRow } from './repository.ts';
import type { Product, Sku } from './schemas.ts';

export function presentSku(row: SkuRow): Sku {
  return { id: row.id, code: row.code, name: row.name, commerceType: row.commerceType };
}

export function presentProduct({ product, skus }: { product: ProductRow; skus: SkuRow[] }): Product {
  return {
    id: product.id,
    name: product.name,
    adminCenters: product.adminCenters.map((c) => ({ name: c.name, urlTemplate: c.urlTemplate })),
    skus: skus.map(presentSku),
  };
}
