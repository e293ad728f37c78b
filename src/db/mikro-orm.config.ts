import 'reflect-metadata';
import { DataloaderType } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SeedManager } from '@mikro-orm/seeder';
import path from 'node:path';
import { cliDatabaseUrl } from '../config/process-env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { CountingLogger } from './query-counter';
import { watchConnection, WATCHDOG_GRACE_MS } from './query-watchdog';

type PgConnection = Parameters<typeof watchConnection>[0];

export interface DbConnectionOptions {
  clientUrl: string;
  /** PGlite is a single backend: the embedded database needs a pool of exactly one. */
  poolMax: number;
  /**
   * A real server: statement_timeout on every connection, and a watchdog that gives up on a silent
   * connection shortly after (see query-watchdog.ts). Unset or 0: none (the embedded database runs in
   * this very process and cannot fall silent).
   */
  statementTimeoutMs?: number;
  /** How long a request waits for a pooled connection, or for a new one to open. */
  acquireTimeoutMs?: number;
}

export const DEFAULT_ACQUIRE_TIMEOUT_MS = 5_000;

/** The one place the ORM is configured; initOrm() and the CLI scripts both come through here. */
export function ormConfig(db: DbConnectionOptions, overrides: Partial<Options> = {}): Options {
  const acquireTimeoutMs = db.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS;
  const statementTimeoutMs = db.statementTimeoutMs ?? 0;
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: db.clientUrl,
    pool: {
      min: 0,
      max: db.poolMax,
      idleTimeoutMillis: 10_000,
      acquireTimeoutMillis: acquireTimeoutMs,
      ...(statementTimeoutMs
        ? {
            afterCreate: (conn: PgConnection, done: (err: Error | null, conn: PgConnection) => void) => {
              watchConnection(conn, statementTimeoutMs + WATCHDOG_GRACE_MS);
              done(null, conn);
            },
          }
        : {}),
    },
    driverOptions: {
      connection: {
        connectionTimeoutMillis: acquireTimeoutMs,
        ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
      },
    },
    entities: ENTITIES,
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    allowGlobalContext: false,
    // Ref/Collection loads batch through MikroORM's own per-EntityManager dataloaders.
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    loggerFactory: (options) => new CountingLogger(options),
    debug: ['query'],
    extensions: [Migrator, SeedManager],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      path: path.join(__dirname, 'migrations'),
      pathTs: path.join(__dirname, 'migrations'),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    ...overrides,
  });
}

export default ormConfig({ clientUrl: cliDatabaseUrl(), poolMax: 1 });
