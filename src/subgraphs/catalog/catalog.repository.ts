import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { containsPattern, sqlRows } from '../../db/sql';
import type { MappingRelationship, MappingStatus } from '../../domain/catalog/mapping-status';
import { decodeCursor, encodeCursor, type Page, toPage } from '../../graphql/pagination';
import { Product } from './entities/product.entity';

// The catalog's SQL. Everything set-based: one statement per batch or per chunk, never per row.
// Framework tables are only read here (and only by id); the framework snapshot answers the rest.

/** A mapping as plain columns, for coverage, import and carry-forward. */
export interface MappingRow {
  id: string;
  featureId: string;
  capabilityId: string;
  editionId: string;
  relationship: MappingRelationship;
  strength: number | null;
  rationale: string | null;
  evidenceUrl: string | null;
  public: boolean;
  status: MappingStatus;
  approvedAt: string | null;
}

/** A (product, edition, capability) that may count for coverage; the service applies the rule. */
export interface CoverageCandidateRow {
  productId: string;
  editionId: string;
  capabilityId: string;
  status: MappingStatus;
  public: boolean;
  approvedAt: string | null;
}

export interface NewMappingRow {
  id: string;
  feature_id: string;
  capability_id: string;
  edition_id: string;
  relationship: MappingRelationship;
  strength: number | null;
  rationale: string | null;
  evidence_url: string | null;
  public: boolean;
  status: MappingStatus;
  proposed_by: string;
  approved_at: string | null;
}

export const INSERT_CHUNK = 1000;

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Multi-row INSERT in chunks, every value a parameter; returns the `returning` columns of all chunks. */
export async function insertRows<R = never>(
  em: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
  options: { returning?: string; chunk?: number } = {},
): Promise<R[]> {
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]);
  for (const name of [table, ...columns]) {
    if (!IDENT.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  }
  const chunk = options.chunk ?? INSERT_CHUNK;
  const out: R[] = [];
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (const row of slice) for (const c of columns) params.push(row[c]);
    const returned = await sqlRows<R>(
      em,
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${slice.map(() => tuple).join(', ')}` +
        (options.returning ? ` returning ${options.returning}` : ''),
      params,
    );
    out.push(...returned);
  }
  return out;
}

/**
 * The mappings that may count for coverage, for every (product, edition) asked, in ONE statement:
 * a page of 50 products costs what one product costs.
 */
export function coverageCandidates(em: EntityManager, productIds: string[], editionIds: string[]): Promise<CoverageCandidateRow[]> {
  return sqlRows<CoverageCandidateRow>(
    em,
    `select distinct f.product_id as "productId", m.edition_id as "editionId", m.capability_id as "capabilityId",
            m.status, m.public, m.approved_at::text as "approvedAt"
       from mapping m
       join feature f on f.id = m.feature_id
      where f.product_id = any(?) and m.edition_id = any(?)
        and m.public and m.status in ('APPROVED', 'SUPERSEDED')`,
    [productIds, editionIds],
  );
}

export function mappingsOfProduct(em: EntityManager, productId: string, editionId: string): Promise<MappingRow[]> {
  return sqlRows<MappingRow>(
    em,
    `select m.id, m.feature_id as "featureId", m.capability_id as "capabilityId", m.edition_id as "editionId",
            m.relationship, m.strength, m.rationale, m.evidence_url as "evidenceUrl", m.public, m.status,
            m.approved_at::text as "approvedAt"
       from mapping m
       join feature f on f.id = m.feature_id
      where f.product_id = ? and m.edition_id = ?
      order by m.feature_id, m.capability_id`,
    [productId, editionId],
  );
}

export function featuresOfProduct(em: EntityManager, productId: string): Promise<{ id: string; name: string }[]> {
  return sqlRows(em, `select id, name from feature where product_id = ? order by id`, [productId]);
}

/** Marks carried-forward sources as history; their approvedAt stays, so they keep counting. */
export async function supersedeMappings(em: EntityManager, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await sqlRows(
    em,
    `update mapping set status = 'SUPERSEDED', version = version + 1, updated_at = now() where id = any(?)`,
    [ids],
  );
}

export interface ProductFilter {
  first: number;
  after?: string | null;
  organizationId?: string | null;
  search?: string | null;
}

/** Products by lower(name), id with a keyset cursor; the count is exact. Two statements. */
export async function pageProducts(em: EntityManager, filter: ProductFilter): Promise<Page<Product>> {
  const after = decodeCursor(filter.after, 2);
  const search = filter.search?.trim().toLowerCase();
  const qb = em.createQueryBuilder(Product, 'p');
  if (filter.organizationId) qb.andWhere({ organization: filter.organizationId });
  if (search) qb.andWhere(`lower(p.name) like ?`, [containsPattern(search)]);
  const page = qb.clone();
  if (after) page.andWhere('(lower(p.name), p.id) > (?, ?)', [after[0], after[1]]);
  const [total, rows] = await Promise.all([
    qb.clone().getCount(),
    page
      .orderBy({ [raw('lower(p.name)')]: 'asc', id: 'asc' })
      .limit(filter.first + 1)
      .getResultList(),
  ]);
  return toPage(rows, filter.first, (p) => encodeCursor([p.name.toLowerCase(), p.id]), total, after !== null);
}

/** Whether an organization (membership's table, read by id only) exists. */
export async function organizationExists(em: EntityManager, id: string): Promise<boolean> {
  return (await sqlRows<{ id: string }>(em, 'select id from organization where id = ?', [id])).length > 0;
}

/**
 * A reviewer's decision as one conditional UPDATE: applied only while the mapping awaits review and,
 * when `expectedVersion` is given, is at that version. Returns the new version, or null when it was not.
 */
export async function reviewMappingRow(
  em: EntityManager,
  r: { id: string; status: MappingStatus; actor: string; at: Date; note: string | null; approvedAt: Date | null; expectedVersion: number | null },
): Promise<number | null> {
  const rows = await sqlRows<{ version: number }>(
    em,
    `update mapping set status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?, approved_at = ?,
            version = version + 1, updated_at = now()
      where id = ? and status in ('PROPOSED', 'CHANGES_REQUESTED') and (?::int is null or version = ?::int)
      returning version`,
    [r.status, r.actor, r.at, r.note, r.approvedAt, r.id, r.expectedVersion, r.expectedVersion],
  );
  return rows[0]?.version ?? null;
}
