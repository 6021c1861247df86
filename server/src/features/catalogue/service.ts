import type { Actor } from '../../core/tenancy/actor.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import * as repo from './repository.ts';
import type { CreateProductBody, CreateSkuBody } from './schemas.ts';
import type { AdminCenter } from '../../core/catalogue/tables.ts';

export type { ProductRow } from './repository.ts';

const PLACEHOLDERS = ['tenantId', 'domain'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', {
    params: { fields: path },
    extensions: { errors: [{ path, message }] },
  });
}

/** Only the vendor keeps the catalogue; others may read it. */
function requireVendor(actor: Actor): void {
  if (actor.organizationKind !== 'vendor') throw new AppError('forbidden');
}

/** Replaces `{tenantId}` and `{domain}`, URL-encoding the values. */
function fill(template: string, values: Record<Placeholder, string>): string {
  return template.replace(/\{(tenantId|domain)\}/g, (_, key: Placeholder) => encodeURIComponent(values[key]));
}

/** An admin centre URL template must become an https URL once filled, and use no other placeholder. */
function checkTemplate(template: string, path: string): void {
  for (const [, name] of template.matchAll(/\{([^}]*)\}/g)) {
    if (!PLACEHOLDERS.includes(name as Placeholder)) throw invalid(path, `unknown placeholder {${String(name)}}`);
  }
  const sample = fill(template, { tenantId: '00000000-0000-0000-0000-000000000000', domain: 'contoso.example' });
  if (!URL.canParse(sample)) throw invalid(path, 'must be an https URL');
  const url = new URL(sample);
  if (url.protocol !== 'https:' || url.username || url.password) throw invalid(path, 'must be an https URL');
}

/** One page of the catalogue with each product's SKUs; every signed-in organisation may read it. */
export async function listProducts({ tx }: ServiceContext, page: { after: unknown[] | null; size: number }) {
  const after = page.after ? { name: String(page.after[0]), id: String(page.after[1]) } : null;
  const { rows, totalCount } = await repo.listProducts(tx, { after, limit: page.size });
  const skus = await repo.skusOf(
    tx,
    rows.map((r) => r.id),
  );
  return {
    rows: rows.map((product) => ({ product, skus: skus.filter((s) => s.productId === product.id) })),
    totalCount,
  };
}

/** Adds a product to the catalogue (vendor only); its name is unique regardless of case. */
export async function createProduct({ actor, now, tx, events }: ServiceContext, input: CreateProductBody) {
  requireVendor(actor);
  const name = input.name.trim();
  if (!name) throw invalid('body/name', 'must not be blank');
  const adminCenters: AdminCenter[] = (input.adminCenters ?? []).map((c, i) => {
    const centre = { name: c.name.trim(), urlTemplate: c.urlTemplate.trim() };
    if (!centre.name) throw invalid(`body/adminCenters/${i}/name`, 'must not be blank');
    checkTemplate(centre.urlTemplate, `body/adminCenters/${i}/urlTemplate`);
    return centre;
  });
  const product = await repo.insertProduct(tx, { name, adminCenters, createdAt: now, updatedAt: now });
  if (!product) throw conflict('product_name_taken');
  await recordEvent(tx, events, {
    action: 'product.created',
    organizationId: actor.organizationId,
    target: { type: 'product', id: product.id, label: product.name },
    changes: { name: product.name, adminCenters: adminCenters.map((c) => c.name) },
  });
  return { product, skus: [] };
}

/** Adds a SKU to a product (vendor only); its code is unique across the catalogue regardless of case. */
export async function createSku(
  { actor, now, tx, events }: ServiceContext,
  { productId, body: input }: { productId: string; body: CreateSkuBody },
) {
  requireVendor(actor);
  const product = await repo.findProduct(tx, productId);
  if (!product) throw notFound();
  const name = input.name.trim();
  if (!name) throw invalid('body/name', 'must not be blank');
  const sku = await repo.insertSku(tx, {
    productId,
    code: input.code,
    name,
    commerceType: input.commerceType,
    createdAt: now,
    updatedAt: now,
  });
  if (!sku) throw conflict('sku_code_taken');
  await recordEvent(tx, events, {
    action: 'sku.created',
    organizationId: actor.organizationId,
    target: { type: 'sku', id: sku.id, label: `${sku.code} ${sku.name}` },
    changes: { productId, code: sku.code, name: sku.name, commerceType: sku.commerceType },
  });
  return sku;
}

/**
 * A product by id, for features that reference one (service requests, incidents); undefined when unknown. The
 * catalogue is the same for every actor: only the transaction is needed.
 */
export function findProduct({ tx }: Pick<ServiceContext, 'tx'>, input: { id: string }) {
  return repo.findProduct(tx, input.id);
}

/** What an admin centre link is filled with. */
type TenantOf = { directoryTenantId: string | null; primaryDomain: string };

/**
 * The admin centre links of the given products for one customer, templates filled with its tenant id and primary
 * domain (URL-encoded). A link that needs a tenant id is left out when the customer has none.
 */
export async function adminCentersFor(
  { tx }: Pick<ServiceContext, 'tx'>,
  input: { customer: TenantOf; productIds: string[] },
): Promise<Array<{ product: string; name: string; url: string }>> {
  const { customer, productIds } = input;
  const products = await repo.findProducts(tx, [...new Set(productIds)]);
  return products.flatMap((product) =>
    product.adminCenters
      .filter((c) => customer.directoryTenantId !== null || !c.urlTemplate.includes('{tenantId}'))
      .map((c) => ({
        product: product.name,
        name: c.name,
        url: fill(c.urlTemplate, { tenantId: customer.directoryTenantId ?? '', domain: customer.primaryDomain }),
      })),
  );
}
