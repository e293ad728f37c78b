import type { EntityManager } from '@mikro-orm/postgresql';
import { containsPattern, sqlRows } from '../../db/sql';
import type { MappingRelationship, MappingStatus } from '../../domain/catalog/mapping-status';
import { CURSORS, decodeCursor, encodeCursor, type Page, toPage } from '../../graphql/pagination';
import type { Feature } from './entities/feature.entity';
import type { Mapping } from './entities/mapping.entity';
import type { Product } from './entities/product.entity';

// The catalog's SQL. Everything set-based: one statement per batch or per chunk, never per row.
// Framework tables are only read here (and only by id); the framework snapshot answers the rest.

// ------------------------------------------------------------------ hot reads as plain rows
// The reads every request makes (by-id loaders, features of products, mappings of features and of
// capabilities, product pages) return plain typed rows, not entities: no hydration, no identity
// map. The GraphQL types are served from them. Entities stay for writes.

/** A product as the API shows it. */
export interface ProductRecord {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  url: string | null;
  createdAt: Date;
}

export interface FeatureRecord {
  id: string;
  productId: string;
  name: string;
  description: string | null;
}

export interface MappingRecord {
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
  proposedBy: string;
  proposedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  approvedAt: Date | null;
  version: number;
}

// timestamptz arrives as text; parsed as MikroORM parses it (new Date(text)), so answers are unchanged.
const date = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));
const dateOrNull = (value: string | Date | null): Date | null => (value === null ? null : date(value));

const PRODUCT_COLUMNS = `p.id, p.organization_id as "organizationId", p.name, p.description, p.url, p.created_at as "createdAt"`;
const FEATURE_COLUMNS = `f.id, f.product_id as "productId", f.name, f.description`;
const MAPPING_COLUMNS = `m.id, m.feature_id as "featureId", m.capability_id as "capabilityId", m.edition_id as "editionId", m.relationship,
  m.strength, m.rationale, m.evidence_url as "evidenceUrl", m.public, m.status, m.proposed_by as "proposedBy", m.proposed_at as "proposedAt",
  m.reviewed_by as "reviewedBy", m.reviewed_at as "reviewedAt", m.review_note as "reviewNote", m.approved_at as "approvedAt", m.version`;

async function productRecords(em: EntityManager, text: string, params: unknown[]): Promise<ProductRecord[]> {
  const rows = await sqlRows<ProductRecord>(em, text, params);
  for (const row of rows) row.createdAt = date(row.createdAt);
  return rows;
}

async function mappingRecords(em: EntityManager, text: string, params: unknown[]): Promise<MappingRecord[]> {
  const rows = await sqlRows<MappingRecord>(em, text, params);
  for (const row of rows) {
    row.proposedAt = date(row.proposedAt);
    row.reviewedAt = dateOrNull(row.reviewedAt);
    row.approvedAt = dateOrNull(row.approvedAt);
  }
  return rows;
}

export function productsById(em: EntityManager, ids: readonly string[]): Promise<ProductRecord[]> {
  return productRecords(em, `select ${PRODUCT_COLUMNS} from product p where p.id = any(?::uuid[])`, [ids]);
}

export function featuresById(em: EntityManager, ids: readonly string[]): Promise<FeatureRecord[]> {
  return sqlRows<FeatureRecord>(em, `select ${FEATURE_COLUMNS} from feature f where f.id = any(?::uuid[])`, [ids]);
}

/** By name, then id. */
export function featuresOfProducts(em: EntityManager, productIds: readonly string[]): Promise<FeatureRecord[]> {
  return sqlRows<FeatureRecord>(em, `select ${FEATURE_COLUMNS} from feature f where f.product_id = any(?::uuid[]) order by f.name, f.id`, [
    productIds,
  ]);
}

export function mappingsById(em: EntityManager, ids: readonly string[]): Promise<MappingRecord[]> {
  return mappingRecords(em, `select ${MAPPING_COLUMNS} from mapping m where m.id = any(?::uuid[])`, [ids]);
}

/** Every edition, oldest proposal first. */
export function mappingsOfFeatures(em: EntityManager, featureIds: readonly string[]): Promise<MappingRecord[]> {
  return mappingRecords(em, `select ${MAPPING_COLUMNS} from mapping m where m.feature_id = any(?::uuid[]) order by m.proposed_at, m.id`, [
    featureIds,
  ]);
}

/** Which of a capability's mappings a reader may see, as SQL: everything, published ones, or published and its own organization's. */
export type MappingVisibility = { kind: 'all' } | { kind: 'published' } | { kind: 'publishedOrOwn'; organizationId: string };

function visibilitySql(v: MappingVisibility): { sql: string; params: unknown[] } {
  if (v.kind === 'all') return { sql: 'true', params: [] };
  const published = 'mapping_counts(m.status, m.public, m.approved_at)';
  if (v.kind === 'published') return { sql: published, params: [] };
  return {
    sql: `(${published} or exists (select 1 from feature f join product p on p.id = f.product_id where f.id = m.feature_id and p.organization_id = ?))`,
    params: [v.organizationId],
  };
}

export interface CapabilityMappingsQuery {
  capabilityIds: readonly string[];
  status: MappingStatus | null;
  visibility: MappingVisibility;
  /** Rows per capability (a page's first + 1, or a bounded list's bound + 1). */
  limit: number;
  /** Keyset: only mappings after this (proposedAt in microseconds since 1970, id). */
  after: [string, string] | null;
  withCount: boolean;
}

/** A capability's mapping in its order, with the key a cursor carries (proposedAt to the microsecond, as text). */
export type CapabilityMappingRow = MappingRecord & { sortKey: string };

/**
 * At most `limit` visible mappings per capability, oldest proposal first, for a batch of capabilities:
 * ONE statement (a lateral read per capability from mapping_capability_id_proposed_at_id_index), the
 * visibility rule in SQL so a bound counts what the reader sees. Optionally each capability's total.
 */
export async function capabilityMappingRows(
  em: EntityManager,
  q: CapabilityMappingsQuery,
): Promise<{ rows: CapabilityMappingRow[]; totals: Map<string, number> }> {
  const vis = visibilitySql(q.visibility);
  // The count is its own lateral (slicesOf), once per capability; for anyone but staff it is an
  // index-only scan of the published mappings.
  const slices = await slicesOf<CapabilityMappingRow>(
    em,
    q.capabilityIds,
    {
      columns: `${MAPPING_COLUMNS}, (extract(epoch from m.proposed_at) * 1000000)::bigint::text as "sortKey"`,
      from: 'mapping m',
      filter: `m.capability_id = c.id and (?::text is null or m.status = ?::text) and ${vis.sql}`,
      params: [q.status, q.status, ...vis.params],
      keyset: `(m.proposed_at, m.id) > (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?::uuid)`,
      keysetParams: q.after ?? [],
      order: 'm.proposed_at, m.id',
    },
    q.limit,
    q.withCount,
  );
  const rows = slices.rows.map(({ forParent: _, ...row }): CapabilityMappingRow => ({
    ...row,
    proposedAt: date(row.proposedAt),
    reviewedAt: dateOrNull(row.reviewedAt),
    approvedAt: dateOrNull(row.approvedAt),
  }));
  return { rows, totals: slices.totals };
}

// ------------------------------------------------------------------ lists of a parent, a slice at a time
// Product.features, Feature.mappings and Organization.products (bounded lists and connections) read
// at most `limit` rows per parent, in the list's order, for a whole batch of parents: ONE statement
// (a lateral read per parent), the visibility rule in SQL, optionally each parent's exact total.

/** A slice query's rows carry the parent they belong to; totals are per parent (only when counted). */
export interface Slices<R> {
  rows: R[];
  totals: Map<string, number>;
}

interface SliceSql {
  columns: string;
  from: string;
  /** The rows of one parent (`c.id`) the reader may see. */
  filter: string;
  params: unknown[];
  /** Applied only when keysetParams (the cursor's key) are given. */
  keyset: string | null;
  keysetParams: unknown[];
  order: string;
}

async function slicesOf<R extends { id: string }>(
  em: EntityManager,
  parentIds: readonly string[],
  q: SliceSql,
  limit: number,
  withCount: boolean,
): Promise<Slices<R & { forParent: string }>> {
  // The count is its own lateral, once per parent (a scalar subquery in the select list runs once per row).
  const count = withCount ? `select count(*)::int as total from ${q.from} where ${q.filter}` : 'select null::int as total';
  const keyset = q.keyset && q.keysetParams.length ? q.keyset : null;
  const raw = await sqlRows<R & { forParent: string; total: number | null }>(
    em,
    `select c.id as "forParent", t.total, r.*
       from unnest(?::uuid[]) as c(id)
       cross join lateral (${count}) t
       left join lateral (
         select ${q.columns} from ${q.from} where ${q.filter} ${keyset ? `and ${keyset}` : ''}
          order by ${q.order} limit ?) r on true`,
    [parentIds, ...(withCount ? q.params : []), ...q.params, ...(keyset ? q.keysetParams : []), limit],
  );
  const totals = new Map<string, number>();
  const rows: (R & { forParent: string })[] = [];
  for (const { total, ...row } of raw) {
    if (total !== null) totals.set(row.forParent, total);
    if (row.id !== null) rows.push(row as unknown as R & { forParent: string });
  }
  return { rows, totals };
}

const PUBLISHED_MAPPING_OF_FEATURE =
  'exists (select 1 from mapping pm where pm.feature_id = f.id and mapping_counts(pm.status, pm.public, pm.approved_at))';

/** Product.features' visibility in SQL: all features, or only those with a published mapping (the vendor sees its own products' all). */
function featureVisibilitySql(v: MappingVisibility): { sql: string; params: unknown[] } {
  if (v.kind === 'all') return { sql: 'true', params: [] };
  if (v.kind === 'published') return { sql: PUBLISHED_MAPPING_OF_FEATURE, params: [] };
  return {
    sql: `(exists (select 1 from product op where op.id = f.product_id and op.organization_id = ?) or ${PUBLISHED_MAPPING_OF_FEATURE})`,
    params: [v.organizationId],
  };
}

export interface SliceAsk<K> {
  visibility: MappingVisibility;
  /** Rows per parent (a page's first + 1, or a bounded list's bound + 1). */
  limit: number;
  after: K | null;
  withCount: boolean;
}

/** A product's features the reader may see, by name then id (keyset [name, id]). */
export function productFeatureRows(
  em: EntityManager,
  productIds: readonly string[],
  ask: SliceAsk<[string, string]>,
): Promise<Slices<FeatureRecord & { forParent: string }>> {
  const vis = featureVisibilitySql(ask.visibility);
  return slicesOf<FeatureRecord>(
    em,
    productIds,
    {
      columns: FEATURE_COLUMNS,
      from: 'feature f',
      filter: `f.product_id = c.id and ${vis.sql}`,
      params: vis.params,
      keyset: '(f.name, f.id) > (?, ?::uuid)',
      keysetParams: ask.after ?? [],
      order: 'f.name, f.id',
    },
    ask.limit,
    ask.withCount,
  );
}

/** A feature's mapping with the key a cursor carries (proposedAt to the microsecond, as text). */
export type FeatureMappingRow = MappingRecord & { sortKey: string; forParent: string };

/** A feature's mappings the reader may see, of one edition or all, oldest proposal first (keyset [proposedAt µs, id]). */
export async function featureMappingRows(
  em: EntityManager,
  featureIds: readonly string[],
  ask: SliceAsk<[string, string]> & { editionId: string | null },
): Promise<Slices<FeatureMappingRow>> {
  const vis = visibilitySql(ask.visibility);
  const result = await slicesOf<FeatureMappingRow>(
    em,
    featureIds,
    {
      columns: `${MAPPING_COLUMNS}, (extract(epoch from m.proposed_at) * 1000000)::bigint::text as "sortKey"`,
      from: 'mapping m',
      filter: `m.feature_id = c.id and (?::uuid is null or m.edition_id = ?::uuid) and ${vis.sql}`,
      params: [ask.editionId, ask.editionId, ...vis.params],
      keyset: `(m.proposed_at, m.id) > (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?::uuid)`,
      keysetParams: ask.after ?? [],
      order: 'm.proposed_at, m.id',
    },
    ask.limit,
    ask.withCount,
  );
  for (const row of result.rows) {
    row.proposedAt = date(row.proposedAt);
    row.reviewedAt = dateOrNull(row.reviewedAt);
    row.approvedAt = dateOrNull(row.approvedAt);
  }
  return result;
}

/**
 * An organization's products (all public). The bounded list goes by name then id (as it always did);
 * the connection by lower(name) then id (keyset [lower(name), id], as Query.products), along the
 * unique index on (organization_id, lower(name)).
 */
export async function organizationProductRows(
  em: EntityManager,
  organizationIds: readonly string[],
  ask: Omit<SliceAsk<[string, string]>, 'visibility'> & { order: 'name' | 'lowerName' },
): Promise<Slices<ProductRecord & { forParent: string }>> {
  const lower = ask.order === 'lowerName';
  const result = await slicesOf<ProductRecord>(
    em,
    organizationIds,
    {
      columns: PRODUCT_COLUMNS,
      from: 'product p',
      filter: 'p.organization_id = c.id',
      params: [],
      keyset: lower ? '(lower(p.name), p.id) > (?, ?::uuid)' : '(p.name, p.id) > (?, ?::uuid)',
      keysetParams: ask.after ?? [],
      order: lower ? 'lower(p.name), p.id' : 'p.name, p.id',
    },
    ask.limit,
    ask.withCount,
  );
  for (const row of result.rows) row.createdAt = date(row.createdAt);
  return result;
}

/** A freshly written entity as the row the API serves. */
export function productRecord(p: Product): ProductRecord {
  return { id: p.id, organizationId: p.organization.id, name: p.name, description: p.description, url: p.url, createdAt: p.createdAt };
}

export function featureRecord(f: Feature): FeatureRecord {
  return { id: f.id, productId: f.product.id, name: f.name, description: f.description };
}

export function mappingRecord(m: Mapping): MappingRecord {
  return {
    id: m.id,
    featureId: m.feature.id,
    capabilityId: m.capability.id,
    editionId: m.edition.id,
    relationship: m.relationship,
    strength: m.strength,
    rationale: m.rationale,
    evidenceUrl: m.evidenceUrl,
    public: m.public,
    status: m.status,
    proposedBy: m.proposedBy,
    proposedAt: m.proposedAt,
    reviewedBy: m.reviewedBy,
    reviewedAt: m.reviewedAt,
    reviewNote: m.reviewNote,
    approvedAt: m.approvedAt,
    version: m.version,
  };
}

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

/** Marks carried-forward sources as history; their approvedAt stays, so they keep counting. */
export async function supersedeMappings(em: EntityManager, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await sqlRows(em, `update mapping set status = 'SUPERSEDED', version = version + 1, updated_at = now() where id = any(?)`, [ids]);
}

export interface ProductFilter {
  first: number;
  after?: string | null;
  organizationId?: string | null;
  search?: string | null;
}

/** Products by lower(name), id with a keyset cursor; the count is exact. Two statements. */
export async function pageProducts(em: EntityManager, filter: ProductFilter): Promise<Page<ProductRecord>> {
  const after = decodeCursor(filter.after, CURSORS.nameId);
  const search = filter.search?.trim().toLowerCase();
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.organizationId) {
    where.push('p.organization_id = ?');
    params.push(filter.organizationId);
  }
  if (search) {
    where.push('lower(p.name) like ?');
    params.push(containsPattern(search));
  }
  const pageWhere = after ? [...where, '(lower(p.name), p.id) > (?, ?)'] : where;
  const pageParams = after ? [...params, after[0], after[1]] : params;
  const clause = (parts: string[]) => (parts.length ? `where ${parts.join(' and ')}` : '');
  const [[count], rows] = await Promise.all([
    sqlRows<{ count: number }>(em, `select count(*)::int as count from product p ${clause(where)}`, params),
    productRecords(em, `select ${PRODUCT_COLUMNS} from product p ${clause(pageWhere)} order by lower(p.name), p.id limit ?`, [
      ...pageParams,
      filter.first + 1,
    ]),
  ]);
  return toPage(rows, filter.first, (p) => encodeCursor([p.name.toLowerCase(), p.id]), count.count, after !== null);
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

/** Organizations' names by id (membership's table, read only): one statement. */
export function organizationNames(em: EntityManager, ids: string[]): Promise<{ id: string; name: string }[]> {
  return sqlRows<{ id: string; name: string }>(em, 'select id, name from organization where id = any(?)', [ids]);
}
