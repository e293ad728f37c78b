import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createTokenVerifier, mintToken } from './auth/tokens';
import { configureBadges, useGatewayUrlForBadges } from './badges/badges';
import type { ResponseCacheOptions } from './cache/response-cache';
import { revisionReader } from './cache/revision.repository';
import { type AppConfig, SUBGRAPH_NAMES, type SubgraphName } from './config/env';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './db/embedded-postgres';
import { initOrm, type MikroORM, prepareDatabase } from './db/orm';
import { defaultSubgraphUrl, DEFAULT_SUBGRAPH_PORTS } from './config/subgraph-ports';
import { type RunningGateway, startGateway } from './gateway/gateway';
import type { RouteHandler } from './http/routes';
import { createGatewayRoutes } from './gateway/routes';
import { type SubgraphServer, startSubgraphServer } from './http/subgraph-server';
import { type Observability, startObservability } from './observability';
import { SUBGRAPHS } from './subgraphs';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL keeping its files in DATA_DIR. */
export async function openDatabase(config: AppConfig, logger: Logger, options: { maxConnections?: number } = {}): Promise<Database> {
  // maxConnections: how many clients the embedded database admits (the all-in-one mode's child processes each need one).
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, maxConnections: options.maxConnections });
  if (embedded) logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  const url = config.databaseUrl ?? embedded!.url;
  const orm = await initOrm({
    clientUrl: url,
    poolMax: embedded ? 1 : (config.dbPoolMax ?? 10),
    // The embedded database runs in this process: it cannot fall silent, and a watchdog timer could not fire during a statement anyway.
    statementTimeoutMs: embedded ? 0 : config.dbStatementTimeoutMs,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
  }).catch(async (err: unknown) => {
    await embedded?.stop();
    throw err;
  });
  return {
    orm,
    url,
    embedded,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

export async function prepare(db: Database, config: AppConfig, logger: Logger, migrateByDefault: boolean): Promise<void> {
  if (!(config.migrateOnBoot ?? migrateByDefault)) return;
  const { migrations } = await prepareDatabase(db.orm, { demo: config.seedDemo });
  logger.info({ migrations, demo: config.seedDemo }, 'database migrated and seeded');
}

export async function startSubgraphs(
  names: readonly SubgraphName[],
  db: Database,
  config: AppConfig,
  logger: Logger,
  portOf: (name: SubgraphName) => number,
  gatewayKey: string,
): Promise<SubgraphServer[]> {
  configureBadges(config, logger);
  const servers: SubgraphServer[] = [];
  for (const name of names) {
    const definition = SUBGRAPHS[name];
    if (!definition) continue;
    servers.push(
      await startSubgraphServer({
        definition,
        orm: db.orm,
        logger,
        host: config.subgraphHost,
        port: portOf(name),
        maxBodyBytes: config.maxBodyBytes,
        gatewayKey,
      }),
    );
  }
  return servers;
}

export interface RunningApp {
  url: string;
  /** A REVIEWER token signed with the development secret (null unless development auth is on). */
  developmentToken: string | null;
  gateway: RunningGateway;
  subgraphs: SubgraphServer[];
  db: Database;
  observability: Observability;
  stop(): Promise<void>;
}

/** All in one process: database, every subgraph on a loopback port, the gateway in front. */
export async function startApp(config: AppConfig, logger: Logger, options: { db?: Database; routes?: RouteHandler[] } = {}): Promise<RunningApp> {
  const db = options.db ?? (await openDatabase(config, logger));
  let observability: Observability | null = null;
  try {
    observability = await startObservability(config, logger, 'finops-catalog');
    await prepare(db, config, logger, true);
    // In one process the key can be made up: nothing outside this process needs to know it.
    const gatewayKey = config.subgraphSecret ?? randomBytes(32).toString('base64url');
    const developmentToken = config.developmentAuth ? await mintDevelopmentToken(config) : null;
    const subgraphs = await startSubgraphs(SUBGRAPH_NAMES, db, config, logger, (n) => config.subgraphPorts[n] ?? 0, gatewayKey);
    const urls = Object.fromEntries(subgraphs.map((s) => [s.name, [s.url]])) as Record<SubgraphName, string[]>;
    const gateway = await startPublicGateway(config, logger, db, urls, gatewayKey, developmentToken, options.routes);

    return {
      url: gateway.url,
      developmentToken,
      gateway,
      subgraphs,
      db,
      observability,
      async stop() {
        await gateway.stop();
        logger.debug('gateway stopped');
        await Promise.all(subgraphs.map((s) => s.stop()));
        logger.debug('subgraphs stopped');
        if (!options.db) await db.close();
        logger.debug('database closed');
        await observability?.stop();
      },
    };
  } catch (err) {
    await observability?.stop();
    if (!options.db) await db.close();
    throw err;
  }
}

/**
 * The public gateway in front of the subgraphs at `urls`: all-in-one (one process or several) and split
 * mode. Without a database (a split gateway with no DATABASE_URL) exports answer 503 and nothing is cached.
 */
export async function startPublicGateway(
  config: AppConfig,
  logger: Logger,
  db: Database | null,
  urls: Record<SubgraphName, string[]>,
  gatewayKey: string,
  developmentToken: string | null,
  routes?: RouteHandler[],
): Promise<RunningGateway> {
  const gateway = await startGateway({
    subgraphUrls: urls,
    host: config.host,
    port: config.port,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    verifyToken: await createTokenVerifier(config.auth),
    requestTimeoutMs: config.requestTimeoutMs,
    gatewayKey,
    introspection: config.introspection,
    routes: routes ?? (await createGatewayRoutes(config, logger, developmentToken, { orm: db?.orm ?? null })),
    responseCache: responseCacheSettings(config, db?.orm ?? null),
  });
  useGatewayUrlForBadges(gateway.url);
  return gateway;
}

export function splitSubgraphUrls(config: AppConfig): Record<SubgraphName, string[]> {
  const names = SUBGRAPH_NAMES.filter((n) => SUBGRAPHS[n]);
  return Object.fromEntries(names.map((n) => [n, config.subgraphUrls[n] ?? [defaultSubgraphUrl(n)]])) as Record<SubgraphName, string[]>;
}

/** The gateway's public response cache: it reads revisions with the gateway's own connection (none: no cache). */
function responseCacheSettings(config: AppConfig, orm: MikroORM | null): Omit<ResponseCacheOptions, 'schemaTag'> {
  return {
    enabled: config.responseCache.enabled,
    maxEntries: config.responseCache.maxEntries,
    maxAgeSeconds: config.responseCache.maxAgeSeconds,
    revisions: orm ? revisionReader(() => orm.em.fork()) : null,
  };
}

export function splitSubgraphPort(config: AppConfig, name: SubgraphName): number {
  return config.subgraphPorts[name] ?? DEFAULT_SUBGRAPH_PORTS[name];
}

/** Lives as long as tokens may (AUTH_MAX_TOKEN_LIFETIME, 24 h by default): restart, or mint another with npm run token. */
export function mintDevelopmentToken(config: AppConfig): Promise<string> {
  return mintToken({ sub: 'dev-reviewer', role: 'REVIEWER' }, { expiresIn: `${config.auth.maxTokenLifetimeSeconds}s` });
}
