import type { EntityManager } from '@mikro-orm/postgresql';
import { endOfDayUtc } from '../../domain/coverage/as-of';
import { sqlRows } from '../../db/sql';

// Coverage as data: product_coverage holds what counts now, mapping_history what counted when. Both
// are written by the triggers of migration coverage_and_history, never by this code (except the
// rebuild). One statement per batch of (product, edition) pairs, read through the primary key or the
// partial index of counting history rows.

export interface CoveredRow {
  productId: string;
  editionId: string;
  capabilityId: string;
}

/**
 * The capabilities the products cover in the editions, now (asOf null) or at the end of the day
 * asOf (UTC): the states that held then and count (approved, public, or superseded after approval).
 */
export function coveredCapabilityRows(em: EntityManager, productIds: string[], editionIds: string[], asOf: string | null): Promise<CoveredRow[]> {
  if (!productIds.length || !editionIds.length) return Promise.resolve([]);
  if (asOf === null) {
    return sqlRows<CoveredRow>(
      em,
      `select c.product_id as "productId", c.edition_id as "editionId", c.capability_id as "capabilityId"
         from product_coverage c
        where c.product_id = any(?::uuid[]) and c.edition_id = any(?::uuid[])`,
      [productIds, editionIds],
    );
  }
  const end = endOfDayUtc(asOf);
  return sqlRows<CoveredRow>(
    em,
    `select distinct h.product_id as "productId", h.edition_id as "editionId", h.capability_id as "capabilityId"
       from mapping_history h
      where h.product_id = any(?::uuid[]) and h.edition_id = any(?::uuid[]) and h.counts
        and h.valid_from < ?::timestamptz and (h.valid_to is null or h.valid_to >= ?::timestamptz)`,
    [productIds, editionIds, end, end],
  );
}

/** Groups covered rows by product (one edition asked). */
export function coveredByProduct(rows: CoveredRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(row.productId);
    if (list) list.push(row.capabilityId);
    else out.set(row.productId, [row.capabilityId]);
  }
  return out;
}

/**
 * Recomputes product_coverage from the mappings, in one transaction that locks the table against
 * the triggers meanwhile. The triggers keep it right; this is for repair and for checking them.
 */
export async function rebuildCoverage(em: EntityManager): Promise<{ before: number; after: number; changed: number }> {
  return em.transactional(async (tx) => {
    await sqlRows(tx, `lock table product_coverage in share row exclusive mode`);
    const [row] = await sqlRows<{ before: number; after: number; changed: number }>(
      tx,
      `with fresh as (
         select f.product_id, m.edition_id, m.capability_id, count(*)::int as mappings
           from mapping m join feature f on f.id = m.feature_id
          where mapping_counts(m.status, m.public, m.approved_at)
          group by f.product_id, m.edition_id, m.capability_id
       )
       select (select count(*)::int from product_coverage) as before,
              (select count(*)::int from fresh) as after,
              (select count(*)::int from (
                 (select product_id, edition_id, capability_id, mappings from product_coverage except all select * from fresh)
                 union all
                 (select * from fresh except all select product_id, edition_id, capability_id, mappings from product_coverage)) d) as changed`,
    );
    await sqlRows(tx, `delete from product_coverage`);
    await sqlRows(
      tx,
      `insert into product_coverage (product_id, edition_id, capability_id, mappings)
       select f.product_id, m.edition_id, m.capability_id, count(*)::int
         from mapping m join feature f on f.id = m.feature_id
        where mapping_counts(m.status, m.public, m.approved_at)
        group by f.product_id, m.edition_id, m.capability_id`,
    );
    return row;
  });
}
