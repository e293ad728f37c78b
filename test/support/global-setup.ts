import 'reflect-metadata';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { initOrm, prepareDatabase } from '../../src/db/orm';
import { sqlRows } from '../../src/db/sql';

declare module 'vitest' {
  export interface ProvidedContext {
    database: { url: string; embedded: boolean; adminUrl: string | null };
  }
}

// One database for the whole run: migrated with the real migrations (so they are tested every run)
// and seeded with the real seeds, demo data included. Test files make their own rows on top, with
// unique names, so they can run in parallel without resets.
//
// TEST_DATABASE_URL (or DATABASE_URL) names a PostgreSQL server: a fresh database is created on it
// for this run and dropped afterwards. Unset, an in-memory embedded PostgreSQL serves the run.

let embedded: EmbeddedPostgres | null = null;
let dropDatabase: (() => Promise<void>) | null = null;

/** The part of vitest's TestProject the set-up uses (vitest/node is ESM-only; this package is CommonJS). */
interface Provider {
  provide(key: 'database', value: { url: string; embedded: boolean; adminUrl: string | null }): void;
}

export default async function setup(project: Provider): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let url: string;
  if (serverUrl) {
    const name = `finops_test_${Date.now()}_${process.pid}`;
    const admin = await initOrm({ clientUrl: serverUrl, poolMax: 1 });
    await sqlRows(admin.em.fork(), `create database "${name}"`);
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    dropDatabase = async () => {
      await sqlRows(admin.em.fork(), `drop database if exists "${name}" with (force)`);
      await admin.close(true);
    };
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: null, maxConnections: 16 });
    url = embedded.url;
  }
  const orm = await initOrm({ clientUrl: url, poolMax: 1 });
  try {
    await prepareDatabase(orm, { demo: true });
  } finally {
    await orm.close(true);
  }
  project.provide('database', { url, embedded: !serverUrl, adminUrl: serverUrl ?? null });
  return async () => {
    await dropDatabase?.();
    await embedded?.stop();
  };
}
