import { initOrm, type MikroORM } from '../src/db/orm';
import { sqlRows } from '../src/db/sql';

/**
 * Runs fn on a fresh database of the PostgreSQL server named by BENCH_DATABASE_URL (default: the
 * local server), created for the run and dropped afterwards whatever happens.
 */
export async function withScratchDatabase<T>(prefix: string, fn: (url: string) => Promise<T>): Promise<T> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const admin: MikroORM = await initOrm({ clientUrl: server, poolMax: 1 });
  await sqlRows(admin.em.fork(), `create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await sqlRows(admin.em.fork(), `drop database if exists "${name}" with (force)`);
    await admin.close(true);
  }
}
