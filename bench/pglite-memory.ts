import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedStartParams } from '../src/db/embedded-postgres';

// Where the embedded database's memory goes, without the rest of the product: one PGlite on a real
// folder (as with DATA_DIR), a table larger than PGlite's default buffer pool, then PGLITE_ROUNDS
// rounds (default 3) of PGLITE_UPDATES single-row updates (default 20,000) at random keys, the write
// pattern that spreads over every page. After each round: the process's RSS and the WebAssembly
// linear memory's size. PGLITE_SETTINGS=product (default) starts PGlite the way the product does
// (src/db/embedded-postgres.ts, memory caps); PGLITE_SETTINGS=pglite uses PGlite's own defaults.
//
//   node --expose-gc --require ./bench/memory-probe.cjs --import tsx bench/pglite-memory.ts
//   PGLITE_SETTINGS=pglite node --expose-gc --require ./bench/memory-probe.cjs --import tsx bench/pglite-memory.ts

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sample } = require('./memory-probe.cjs') as { sample: () => { rssMb: number; heapUsedMb: number; externalMb: number; wasmMb: number } };

const SETTINGS = process.env.PGLITE_SETTINGS ?? 'product';
const ROWS = Number(process.env.PGLITE_ROWS ?? 600_000);
const ROUNDS = Number(process.env.PGLITE_ROUNDS ?? 3);
const UPDATES = Number(process.env.PGLITE_UPDATES ?? 20_000);

async function main(): Promise<void> {
  if (SETTINGS !== 'product' && SETTINGS !== 'pglite') throw new Error(`PGLITE_SETTINGS must be product or pglite, not ${SETTINGS}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-pglite-memory-'));
  const startParams = SETTINGS === 'product' ? embeddedStartParams() : PGlite.defaultStartParams;
  const db = await PGlite.create({ dataDir: path.join(dir, 'pgdata'), startParams });
  try {
    const settings = await db.query<{ name: string; size: string }>(
      `select name, current_setting(name) as size from pg_settings where name in ('shared_buffers', 'wal_buffers', 'work_mem', 'temp_buffers') order by name`,
    );
    console.log(`settings: ${SETTINGS} (${settings.rows.map((r) => `${r.name} ${r.size}`).join(', ')})`);
    const rows: { label: string; m: ReturnType<typeof sample>; seconds?: number }[] = [{ label: 'started', m: sample() }];
    let t0 = Date.now();
    await db.exec(`create table t (id int primary key, n int not null default 0, pad text not null);
                   insert into t (id, pad) select i, repeat(md5(i::text), 6) from generate_series(1, ${ROWS}) i;`);
    const size = await db.query<{ size: string }>(`select pg_size_pretty(pg_total_relation_size('t')) as size`);
    rows.push({ label: `${ROWS} rows loaded (${size.rows[0].size})`, m: sample(), seconds: (Date.now() - t0) / 1000 });
    for (let round = 1; round <= ROUNDS; round++) {
      t0 = Date.now();
      for (let i = 0; i < UPDATES; i++) {
        await db.query('update t set n = n + 1 where id = $1', [1 + Math.floor(Math.random() * ROWS)]);
      }
      rows.push({ label: `round ${round}: ${UPDATES} updates`, m: sample(), seconds: (Date.now() - t0) / 1000 });
    }
    console.log('| point | s | RSS MB | V8 heap used MB | external MB | WebAssembly memory MB |\n|---|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(`| ${r.label} | ${r.seconds?.toFixed(0) ?? ''} | ${r.m.rssMb} | ${r.m.heapUsedMb} | ${r.m.externalMb} | ${r.m.wasmMb} |`);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
