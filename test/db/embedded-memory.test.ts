// The embedded database (PGlite) runs in the product's own process, in a WebAssembly memory that
// can grow but never shrink: its buffer pool must be capped, or it fills under writes and the
// process keeps the memory for good (issue 11 item 7; numbers in the README, Memory under writes).
// Both ways the product opens it (DATA_DIR folder, in memory) are asked over the wire what they run with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
});

const MEMORY_SETTINGS = `select name, current_setting(name) as value from pg_settings
  where name in ('shared_buffers', 'wal_buffers', 'temp_buffers', 'work_mem', 'maintenance_work_mem') order by name`;

async function settingsOf(dataDir: string | null): Promise<Record<string, string>> {
  const db = await startEmbeddedPostgres({ dataDir });
  cleanups.push(() => db.stop());
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; value: string }>(MEMORY_SETTINGS);
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  } finally {
    await client.end();
    await db.stop();
  }
}

// PGlite's own defaults are shared_buffers 128MB, wal_buffers 4MB, temp_buffers 8MB,
// maintenance_work_mem 64MB: any of them coming back fails here.
const CAPPED = { maintenance_work_mem: '16MB', shared_buffers: '32MB', temp_buffers: '4MB', wal_buffers: '1MB', work_mem: '4MB' };

describe('the embedded database caps its memory', () => {
  it('in a DATA_DIR folder (npm start)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-memory-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    expect(await settingsOf(dataDir)).toEqual(CAPPED);
  }, 240_000);

  it('in memory (tests, scratch databases)', async () => {
    expect(await settingsOf(null)).toEqual(CAPPED);
  }, 240_000);
});
