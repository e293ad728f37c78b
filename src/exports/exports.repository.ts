import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../db/sql';

// Every statement the exports send (the exports read the database directly, never through GraphQL).
//
// Keyset pagination over products in the catalog's own order (lower(name), id; the index
// product_name_lower_idx serves it). Exports never hold more than one page: memory stays flat however
// large the catalog grows, and each page costs one statement here plus a fixed number in the caller.
// No transaction is held across pages (with the embedded database's single connection it would stall
// every other request for the length of a download); a row added during an export appears or not
// depending on where it sorts, and no unchanged row is skipped or repeated.

export const EXPORT_PAGE_SIZE = 500;

export interface ProductRow {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  /** The sort key's first half (lower(name)), kept for the next page's cursor. */
  sortName: string;
}

/** The products after a cursor, one page per iteration; the cursor is the last row's (sortName, id). */
export async function* productPages(
  em: EntityManager,
  options: { pageSize?: number; after?: readonly [string, string] | null; limit?: number } = {},
): AsyncGenerator<ProductRow[]> {
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  let after = options.after ?? null;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    const take = Math.min(pageSize, remaining);
    const rows = await sqlRows<ProductRow>(
      em,
      `select p.id, p.name, p.organization_id as "organizationId", o.name as "organizationName", lower(p.name) as "sortName"
         from product p join organization o on o.id = p.organization_id
        ${after ? 'where (lower(p.name), p.id) > (?, ?::uuid)' : ''}
        order by lower(p.name), p.id
        limit ?`,
      after ? [after[0], after[1], take] : [take],
    );
    if (rows.length === 0) return;
    yield rows;
    remaining -= rows.length;
    if (rows.length < take) return;
    const last = rows[rows.length - 1];
    after = [last.sortName, last.id];
  }
}

export async function countProducts(em: EntityManager): Promise<number> {
  const [row] = await sqlRows<{ count: number }>(em, `select count(*)::int as count from product`);
  return row?.count ?? 0;
}

export interface ProductMappingRow {
  productId: string;
  featureName: string;
  capabilityId: string;
  relationship: string;
  strength: number | null;
  status: string;
  public: boolean;
  approvedAt: string | null;
}

/**
 * Mappings of a page of products in one edition, in ONE statement. `countingOnly` narrows to the
 * ones that may count for coverage (the caller still applies countsForCoverage).
 */
export function mappingsOfProducts(
  em: EntityManager,
  productIds: string[],
  editionId: string,
  options: { countingOnly?: boolean } = {},
): Promise<ProductMappingRow[]> {
  if (productIds.length === 0) return Promise.resolve([]);
  // Driven from the page's ids through the feature and mapping indexes (lateral joins): a plain
  // join with `product_id = any(…)` lets the planner hash-join whole tables, so every page would cost
  // in proportion to the catalog (measured: 380 ms a page at 50,000 products, against 40 ms).
  return sqlRows<ProductMappingRow>(
    em,
    `select f.product_id as "productId", f.name as "featureName", m.capability_id as "capabilityId",
            m.relationship, m.strength, m.status, m.public, m.approved_at::text as "approvedAt"
       from unnest(?::uuid[]) with ordinality as page(id, n)
       cross join lateral (select f.id, f.product_id, f.name from feature f where f.product_id = page.id offset 0) f
       cross join lateral (
         select m.capability_id, m.relationship, m.strength, m.status, m.public, m.approved_at
           from mapping m
          where m.feature_id = f.id and m.edition_id = ?
            ${options.countingOnly ? `and m.public and m.status in ('APPROVED', 'SUPERSEDED')` : ''}
          offset 0) m
      order by page.n, lower(f.name), f.id, m.capability_id`,
    [productIds, editionId],
  );
}

/** Groups rows by product id (rows arrive ordered by product). */
export function byProduct<T extends { productId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.productId);
    if (list) list.push(row);
    else out.set(row.productId, [row]);
  }
  return out;
}

export interface OrganizationRow {
  id: string;
  name: string;
  sortName: string;
}

export interface AwardRow {
  organizationId: string;
  kind: string;
  productId: string | null;
  issuedOn: string;
  expiresOn: string;
  revokedOn: string | null;
}

export async function countOrganizations(em: EntityManager): Promise<number> {
  const [row] = await sqlRows<{ count: number }>(em, `select count(*)::int as count from organization`);
  return row?.count ?? 0;
}

/** The organizations after a cursor (lower(name), id), one page. */
export function organizationPage(em: EntityManager, after: readonly [string, string] | null, size: number): Promise<OrganizationRow[]> {
  return sqlRows<OrganizationRow>(
    em,
    `select id, name, lower(name) as "sortName" from organization
      ${after ? 'where (lower(name), id) > (?, ?::uuid)' : ''}
      order by lower(name), id limit ?`,
    after ? [after[0], after[1], size] : [size],
  );
}

/** The products of these organizations, by name. */
export function productsOfOrganizations(
  em: EntityManager,
  organizationIds: string[],
): Promise<{ id: string; name: string; organizationId: string }[]> {
  return sqlRows<{ id: string; name: string; organizationId: string }>(
    em,
    `select id, name, organization_id as "organizationId" from product
      where organization_id = any(?::uuid[]) order by lower(name), id`,
    [organizationIds],
  );
}

/** The newest award of each (organization, kind, product) of these organizations under a program. */
export function newestAwards(em: EntityManager, organizationIds: string[], programId: string): Promise<AwardRow[]> {
  return sqlRows<AwardRow>(
    em,
    `select distinct on (organization_id, kind, product_id)
            organization_id as "organizationId", kind, product_id as "productId",
            issued_on::text as "issuedOn", expires_on::text as "expiresOn", revoked_on::text as "revokedOn"
       from certification_award
      where organization_id = any(?::uuid[]) and program_id = ?
      order by organization_id, kind, product_id, issued_on desc, id desc`,
    [organizationIds, programId],
  );
}
