import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { mintToken } from '../src/auth/tokens';
import { stableId } from '../src/db/ids';
import { sqlRows } from '../src/db/sql';
import { upsertRows } from '../src/db/upsert';
import { type Dataset, sheetCsv } from './dataset';

export const benchIds = {
  organization: (i: number) => stableId('bench', 'organization', String(i)),
  product: (i: number) => stableId('bench', 'product', String(i)),
};

/**
 * Organizations, people, credentials, products, evidence and activities. The product has no bulk path
 * for these (they are created one by one through mutations), so they go in with multi-row INSERTs;
 * the mappings, which do have one, go through ImportMappings (see importSheets).
 */
export async function loadOrganizationsAndProducts(em: EntityManager, data: Dataset, products: [number, number]): Promise<void> {
  await upsertRows(
    em,
    'organization',
    data.organizations.map((o) => ({
      id: benchIds.organization(o.index),
      name: o.name,
      employee_count: o.employeeCount,
      finops_membership: o.finopsMembership,
      linux_foundation_member: o.linuxFoundationMember,
    })),
    { conflict: ['id'], update: [] },
  );
  const people = data.people.map((p, i) => ({
    id: stableId('bench', 'person', String(i)),
    organization_id: benchIds.organization(p.organization),
    name: p.name,
    employed_from: p.employedFrom,
    employed_until: p.employedUntil,
  }));
  await upsertRows(em, 'person', people, { conflict: ['id'], update: [] });
  const credentials = data.people.flatMap((p, i) =>
    p.credentials.map((c, k) => ({
      id: stableId('bench', 'credential', String(i), String(k)),
      person_id: people[i].id,
      kind: c.kind,
      awarded_on: c.awardedOn,
      expires_on: c.expiresOn,
    })),
  );
  await upsertRows(em, 'credential', credentials, { conflict: ['id'], update: [] });
  const evidence = data.organizations.flatMap((o) =>
    ['SLACK_SUPPORT_CHANNEL', 'RECORDED_DEMO', 'OPEN_SOURCE_MATERIALS'].map((code, k) => ({
      id: stableId('bench', 'evidence', String(o.index), code),
      organization_id: benchIds.organization(o.index),
      code,
      url: `https://example.org/${o.index}/${k}`,
      date: '2026-06-01',
      status: k === 2 ? 'UNVETTED' : 'VETTED',
      recorded_by: 'bench',
    })),
  );
  await upsertRows(em, 'evidence', evidence, { conflict: ['id'], update: [] });
  const activities = data.organizations.flatMap((o) =>
    ['PROGRAM_OVERVIEW_INTERVIEW', 'LEAD_WORKING_GROUP', 'FINOPS_X_BREAKOUT'].map((code) => ({
      id: stableId('bench', 'activity', String(o.index), code),
      organization_id: benchIds.organization(o.index),
      code,
      date: '2026-05-01',
      validated: true,
      recorded_by: 'bench',
    })),
  );
  await upsertRows(em, 'enterprise_activity', activities, { conflict: ['id'], update: [] });
  await upsertRows(
    em,
    'product',
    data.products.slice(products[0], products[1]).map((p) => ({
      id: benchIds.product(p.index),
      organization_id: benchIds.organization(p.organization),
      name: p.name,
    })),
    { conflict: ['id'], update: [] },
  );
}

const IMPORT = `mutation ImportMappings($input: ImportMappingsInput!) {
  importMappings(input: $input) { created rowErrors { line code message } errors { code message field } }
}`;

const IMPORT_SHEETS = `mutation ImportMappingSheets($input: ImportMappingSheetsInput!) {
  importMappingSheets(input: $input) {
    created
    sheets { index written rowErrors { line code message } errors { code message field } }
    errors { code message field }
  }
}`;

/** What one ImportMappingSheets request may carry (src/domain/catalog/mapping-sheet-batch.ts), with room to spare. */
const BULK_SHEETS = 1000;
const BULK_ROWS = 90_000;
const BULK_BYTES = 9 * 1024 * 1024;

type BenchProduct = Dataset['products'][number];
type BenchSheet = BenchProduct['sheets'][number];

/**
 * Every mapping sheet of products [from, to) through the gateway as the products' vendors,
 * `concurrency` requests at a time. 'bulk' (the default, how a vendor loads a catalog): one
 * ImportMappingSheets request per organization, carrying all its products' sheets (a vendor may
 * import only into its own organization's products, so one request cannot span organizations);
 * 'one-by-one': one ImportMappings request per sheet, a product's sheets in turn (concurrent
 * imports into one product would race to create the same features: a CONFLICT, nothing written).
 * Returns rows imported, the time taken and the number of requests.
 */
export async function importSheets(
  gatewayUrl: string,
  data: Dataset,
  range: [number, number],
  concurrency: number,
  secret: string,
  mode: 'bulk' | 'one-by-one' = 'bulk',
) {
  const tokens = new Map<number, string>();
  const tokenOf = async (organization: number) => {
    let token = tokens.get(organization);
    if (!token) {
      token = await mintToken({ sub: `bench-vendor-${organization}`, role: 'VENDOR', org: benchIds.organization(organization) }, { secret });
      tokens.set(organization, token);
    }
    return token;
  };
  const post = async (organization: number, query: string, input: unknown) => {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(organization)}` },
      body: JSON.stringify({ query, variables: { input } }),
    });
    return (await res.json()) as {
      data?: Record<string, { created: number; errors: unknown[]; rowErrors?: unknown[]; sheets?: { written: boolean }[] }>;
      errors?: unknown[];
    };
  };

  const products = data.products.slice(range[0], range[1]);
  const sheetCount = products.reduce((n, p) => n + p.sheets.length, 0);
  let requests = mode === 'bulk' ? 0 : sheetCount;
  // A job is what one worker sends in turn: one organization's batches, or one product's sheets.
  const jobs: (() => Promise<number>)[] =
    mode === 'bulk'
      ? bulkRequests(products).map(({ organization, batches }) => async () => {
          // An organization's batches in turn: two at once could race to create one product's features.
          let created = 0;
          for (const sheets of batches) {
            const body = await post(organization, IMPORT_SHEETS, {
              sheets: sheets.map(({ product, sheet }) => ({
                productId: benchIds.product(product.index),
                edition: sheet.edition,
                format: 'CSV',
                content: sheetCsv(sheet.rows),
              })),
            });
            const result = body.data?.importMappingSheets;
            if (!result || result.errors.length || result.sheets!.some((s) => !s.written)) {
              throw new Error(`bulk import for organization ${organization} failed: ${JSON.stringify(body).slice(0, 500)}`);
            }
            created += result.created;
          }
          requests += batches.length;
          return created;
        })
      : products.map((product) => async () => {
          let created = 0;
          for (const sheet of product.sheets) {
            const body = await post(product.organization, IMPORT, {
              productId: benchIds.product(product.index),
              edition: sheet.edition,
              format: 'CSV',
              content: sheetCsv(sheet.rows),
            });
            const result = body.data?.importMappings;
            if (!result || result.errors.length || result.rowErrors!.length) {
              throw new Error(`import of product ${product.index} ${sheet.edition} failed: ${JSON.stringify(body).slice(0, 500)}`);
            }
            created += result.created;
          }
          return created;
        });
  let next = 0;
  let rows = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < jobs.length) {
      const created = await jobs[next++]();
      rows += created;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds), sheets: sheetCount, requests, mode };
}

/** Each organization's sheets, packed into requests (batches) within ImportMappingSheets' bounds. */
function bulkRequests(products: BenchProduct[]): { organization: number; batches: { product: BenchProduct; sheet: BenchSheet }[][] }[] {
  const byOrganization = new Map<number, BenchProduct[]>();
  for (const p of products) byOrganization.set(p.organization, [...(byOrganization.get(p.organization) ?? []), p]);
  return [...byOrganization].map(([organization, own]) => {
    const batches: { product: BenchProduct; sheet: BenchSheet }[][] = [];
    let current: { product: BenchProduct; sheet: BenchSheet }[] = [];
    let rows = 0;
    let bytes = 0;
    for (const product of own) {
      for (const sheet of product.sheets) {
        const size = sheetCsv(sheet.rows).length;
        if (current.length && (current.length >= BULK_SHEETS || rows + sheet.rows.length > BULK_ROWS || bytes + size > BULK_BYTES)) {
          batches.push(current);
          current = [];
          rows = 0;
          bytes = 0;
        }
        current.push({ product, sheet });
        rows += sheet.rows.length;
        bytes += size;
      }
    }
    if (current.length) batches.push(current);
    return { organization, batches };
  });
}

/**
 * The same mapping rows with a plain multi-row INSERT into a scratch table shaped like `mapping`
 * (same columns, defaults, checks and indexes, no foreign keys): the baseline the import is compared to.
 */
export async function plainInsertBaseline(em: EntityManager, data: Dataset, range: [number, number]) {
  await sqlRows(em, 'drop table if exists bench_mapping_plain');
  await sqlRows(em, 'create table bench_mapping_plain (like mapping including defaults including constraints including indexes)');
  const capabilityIds = new Map(
    (
      await sqlRows<{ id: string; slug: string; edition: string }>(
        em,
        'select c.id, c.slug, e.slug as edition from capability c join framework_edition e on e.id = c.edition_id',
      )
    ).map((c) => [`${c.edition}/${c.slug}`, c.id]),
  );
  const rows = data.products.slice(range[0], range[1]).flatMap((p) =>
    p.sheets.flatMap((s) =>
      s.rows.map((r) => ({
        id: randomUUID(),
        feature_id: randomUUID(),
        capability_id: capabilityIds.get(`${s.edition}/${r[1]}`),
        edition_id: stableId('edition', s.edition),
        relationship: r[2],
        strength: r[3],
        proposed_by: 'bench',
      })),
    ),
  );
  const started = performance.now();
  await upsertRows(em, 'bench_mapping_plain', rows, { conflict: ['id'], update: [], chunk: 1000 });
  const seconds = (performance.now() - started) / 1000;
  await sqlRows(em, 'drop table bench_mapping_plain');
  return { rows: rows.length, seconds, rowsPerSecond: Math.round(rows.length / seconds) };
}

/**
 * Imported mappings arrive PROPOSED. A real catalog is mostly reviewed: about 80% APPROVED, 5% of
 * those private, 5% CHANGES_REQUESTED, the rest still PROPOSED. Reviewing 300,000 mappings one by one
 * would measure the review mutation, not the catalog, so the benchmark sets the statuses in bulk.
 */
export async function reviewInBulk(em: EntityManager): Promise<void> {
  await sqlRows(
    em,
    `update mapping set
       status = case when b < 204 then 'APPROVED' when b < 217 then 'CHANGES_REQUESTED' else 'PROPOSED' end,
       approved_at = case when b < 204 then now() else null end,
       reviewed_by = case when b < 217 then 'bench-reviewer' else null end,
       reviewed_at = case when b < 217 then now() else null end,
       public = not (b < 204 and b % 20 = 0)
     from (select id as mid, get_byte(decode(substr(md5(id::text), 1, 2), 'hex'), 0) as b from mapping where status = 'PROPOSED' and proposed_by like 'bench%') x
     where mapping.id = x.mid`,
  );
}
