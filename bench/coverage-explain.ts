import 'reflect-metadata';
import { initOrm, prepareDatabase } from '../src/db/orm';
import { withScratchDatabase } from './scratch-database';
import { sqlRows } from '../src/db/sql';

// EXPLAIN (ANALYZE, BUFFERS) of the reads of a 100-product coverage matrix page, on a generated
// catalog (PRODUCTS products × 4 features × 6 mappings of edition 2026, a third approved), on a fresh
// database of the PostgreSQL server named by BENCH_DATABASE_URL (default: the local server).
//   npx tsx bench/coverage-explain.ts [products=20000]

async function main(): Promise<void> {
  const products = Number(process.argv[2] ?? 20000);
  await withScratchDatabase('rows_explain', async (databaseUrl) => {
    const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 1 });
    await prepareDatabase(orm, { demo: false });
    const em = orm.em.fork();
    const started = Date.now();
    await sqlRows(
      em,
      `insert into organization (id, name, employee_count, linux_foundation_member) values ('00000000-0000-4000-8000-000000000001', 'Generated', 100, false)`,
    );
    await sqlRows(
      em,
      `insert into product (id, organization_id, name) select gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'Product ' || lpad(i::text, 6, '0') from generate_series(1, ?) i`,
      [products],
    );
    await sqlRows(
      em,
      `insert into feature (id, product_id, name) select gen_random_uuid(), p.id, 'Feature ' || k from product p cross join generate_series(1, 4) k`,
    );
    await sqlRows(
      em,
      `insert into mapping (id, feature_id, capability_id, edition_id, status, proposed_by, approved_at)
       select gen_random_uuid(), f.id, c.id, c.edition_id, case when random() < 0.33 then 'APPROVED' else 'PROPOSED' end, 'gen', null
         from feature f
        cross join lateral (select c.id, c.edition_id from capability c join framework_edition e on e.id = c.edition_id
                             where e.slug = '2026' order by md5(f.id::text || c.id::text) limit 6) c`,
    );
    await sqlRows(em, `update mapping set approved_at = now() where status = 'APPROVED'`);
    await sqlRows(em, `analyze`);
    const [counts] = await sqlRows<Record<string, number>>(
      em,
      `select (select count(*) from mapping)::int as mappings, (select count(*) from product_coverage)::int as coverage_rows,
              (select count(*) from mapping_history)::int as history_rows`,
    );
    console.log(JSON.stringify({ products, ...counts, generateMs: Date.now() - started }));
    const page = await sqlRows<{ id: string }>(em, `select id from product order by lower(name), id limit 100`);
    const ids = page.map((p) => p.id);
    const [edition] = await sqlRows<{ id: string }>(em, `select id from framework_edition where slug = '2026'`);
    const explain = async (title: string, text: string, params: unknown[]) => {
      const rows = await sqlRows<{ 'QUERY PLAN': string }>(em, `explain (analyze, buffers, costs off) ${text}`, params);
      console.log(`\n-- ${title}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    };
    await explain(
      'coverage of a 100-product page, now (product_coverage)',
      `select c.product_id as "productId", c.edition_id as "editionId", c.capability_id as "capabilityId"
         from product_coverage c where c.product_id = any(?::uuid[]) and c.edition_id = any(?::uuid[])`,
      [ids, [edition.id]],
    );
    await explain(
      'coverage of a 100-product page as of a date (mapping_history)',
      `select distinct h.product_id, h.edition_id, h.capability_id from mapping_history h
        where h.product_id = any(?::uuid[]) and h.edition_id = any(?::uuid[]) and h.counts
          and h.valid_from < ?::timestamptz and (h.valid_to is null or h.valid_to >= ?::timestamptz)`,
      [ids, [edition.id], '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z'],
    );
    await explain(
      'before: counting mappings of the same page (the query coverage used to run)',
      `select distinct f.product_id, m.edition_id, m.capability_id, m.status, m.public, m.approved_at::text
         from mapping m join feature f on f.id = m.feature_id
        where f.product_id = any(?) and m.edition_id = any(?) and m.public and m.status in ('APPROVED', 'SUPERSEDED')`,
      [ids, [edition.id]],
    );
    await orm.close(true);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
