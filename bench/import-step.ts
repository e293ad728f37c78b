import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initOrm } from '../src/db/orm';
import { sqlRows } from '../src/db/sql';
import { DEFAULT_SIZES, EDITIONS, generateDataset, scaled } from './dataset';
import { importSheets, loadOrganizationsAndProducts, plainInsertBaseline } from './load';
import { JWT_SECRET, startServer } from './server';

// Only the bench's import step, on a scratch PostgreSQL database per mode: the sheet mix through the
// gateway (ImportMappingSheets per organization, or ImportMappings per sheet), then the plain-INSERT
// peer on the same rows. For a quick before/after without the whole `npm run bench`:
//   nice -n 10 node --import tsx bench/import-step.ts
// Knobs: BENCH_SCALE=0.2 (a fraction of the default sizes), BENCH_IMPORT_MODES=bulk,one-by-one,
// BENCH_IMPORT_CONCURRENCY=4, BENCH_DATABASE_URL as for the bench.

const env = (name: string, fallback: string) => process.env[name] || fallback;
const SCALE = Number(env('BENCH_SCALE', '0.2'));
const MODES = env('BENCH_IMPORT_MODES', 'bulk,one-by-one')
  .split(',')
  .map((m) => m.trim()) as ('bulk' | 'one-by-one')[];
const CONCURRENCY = Number(env('BENCH_IMPORT_CONCURRENCY', '4'));
const SERVER_URL = env('BENCH_DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/postgres');

async function main() {
  const sizes = scaled(DEFAULT_SIZES, SCALE);
  const results: Record<string, unknown>[] = [];
  const admin = await initOrm({ clientUrl: SERVER_URL, poolMax: 1 });
  try {
    for (const [k, mode] of MODES.entries()) {
      const dbName = `finops_bench_import_${Date.now()}`;
      await sqlRows(admin.em.fork(), `create database "${dbName}"`);
      const url = new URL(SERVER_URL);
      url.pathname = `/${dbName}`;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-bench-import-'));
      const server = await startServer({ databaseUrl: url.toString(), dataDir, env: { DB_POOL_MAX: '10' } });
      const orm = await initOrm({ clientUrl: url.toString(), poolMax: 2 });
      try {
        const em = orm.em.fork();
        const caps = await sqlRows<{ edition: string; slug: string }>(
          em,
          'select e.slug as edition, c.slug from capability c join framework_edition e on e.id = c.edition_id order by e.position, c.position',
        );
        const data = generateDataset(sizes, Object.fromEntries(EDITIONS.map((e) => [e, caps.filter((c) => c.edition === e).map((c) => c.slug)])));
        await loadOrganizationsAndProducts(em, data, [0, sizes.products]);
        const imported = await importSheets(server.url, data, [0, sizes.products], CONCURRENCY, JWT_SECRET, mode);
        const result: Record<string, unknown> = { ...imported, seconds: Math.round(imported.seconds * 100) / 100 };
        if (k === 0) result.plainInsert = await plainInsertBaseline(em, data, [0, sizes.products]);
        results.push(result);
        console.log(JSON.stringify(result));
      } finally {
        await orm.close(true);
        await server.stop();
        await sqlRows(admin.em.fork(), `drop database if exists "${dbName}" with (force)`);
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await admin.close(true);
  }
  console.log(`scale ${SCALE}, concurrency ${CONCURRENCY}:`);
  for (const r of results)
    console.log(`  ${r.mode}: ${r.rows} rows, ${r.sheets} sheets in ${r.requests} requests, ${r.seconds} s, ${r.rowsPerSecond} rows/s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
