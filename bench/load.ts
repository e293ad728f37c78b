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

/**
 * Every mapping sheet of products [from, to) through ImportMappings on the gateway, as the product's
 * vendor, `concurrency` at a time. Returns rows imported and the time taken.
 */
export async function importSheets(gatewayUrl: string, data: Dataset, range: [number, number], concurrency: number, secret: string) {
  const tokens = new Map<number, string>();
  // A product's sheets go one after another: concurrent imports into one product would race to
  // create the same features, and the product refuses the loser with CONFLICT (nothing written).
  const products = data.products.slice(range[0], range[1]);
  const sheetCount = products.reduce((n, p) => n + p.sheets.length, 0);
  let next = 0;
  let rows = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < products.length) {
      const product = products[next++];
      for (const sheet of product.sheets) await importOne(product, sheet);
    }
  };
  const importOne = async (product: Dataset['products'][number], sheet: Dataset['products'][number]['sheets'][number]) => {
    {
      let token = tokens.get(product.organization);
      if (!token) {
        token = await mintToken({ sub: `bench-vendor-${product.organization}`, role: 'VENDOR', org: benchIds.organization(product.organization) }, { secret });
        tokens.set(product.organization, token);
      }
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: IMPORT,
          variables: { input: { productId: benchIds.product(product.index), edition: sheet.edition, format: 'CSV', content: sheetCsv(sheet.rows) } },
        }),
      });
      const body = (await res.json()) as { data?: { importMappings: { created: number; errors: unknown[]; rowErrors: unknown[] } }; errors?: unknown[] };
      const result = body.data?.importMappings;
      if (!result || result.errors.length || result.rowErrors.length) {
        throw new Error(`import of product ${product.index} ${sheet.edition} failed: ${JSON.stringify(body).slice(0, 500)}`);
      }
      rows += result.created;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds), sheets: sheetCount };
}

/**
 * The same mapping rows with a plain multi-row INSERT into a scratch table shaped like `mapping`
 * (same columns, defaults, checks and indexes, no foreign keys): the baseline the import is compared to.
 */
export async function plainInsertBaseline(em: EntityManager, data: Dataset, range: [number, number]) {
  await sqlRows(em, 'drop table if exists bench_mapping_plain');
  await sqlRows(em, 'create table bench_mapping_plain (like mapping including defaults including constraints including indexes)');
  const capabilityIds = new Map(
    (await sqlRows<{ id: string; slug: string; edition: string }>(
      em,
      'select c.id, c.slug, e.slug as edition from capability c join framework_edition e on e.id = c.edition_id',
    )).map((c) => [`${c.edition}/${c.slug}`, c.id]),
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
