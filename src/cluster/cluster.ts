import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { mintDevelopmentToken, openDatabase, prepare, startPublicGateway } from '../app';
import { badgeBaseUrl, badgeKeyring, configureBadges } from '../badges/badges';
import { type AppConfig, SUBGRAPH_NAMES, type SubgraphName } from '../config/env';
import type { RunningGateway } from '../gateway/gateway';
import { type Observability, startObservability } from '../observability';

/** What a subgraph process tells its parent once it listens, and once it knows the badges' base URL. */
export type SubgraphMessage = { type: 'ready'; urls: Record<string, string>; metricsUrl: string | null } | { type: 'badge-base-url-set' };

/** What the parent tells a subgraph process: the base URL badges name (the gateway's, known once it listens). */
export interface BadgeBaseUrlMessage {
  type: 'badge-base-url';
  url: string;
}

/** How many processes the all-in-one mode runs: PROCESSES, or one per core the process may use. */
export function processCount(config: Pick<AppConfig, 'processes'>): number {
  return config.processes === 'auto' ? os.availableParallelism() : config.processes;
}

export interface RunningCluster {
  url: string;
  developmentToken: string | null;
  gateway: RunningGateway;
  /** This process's metrics and traces (the gateway's). */
  observability: Observability;
  /** Each subgraph process's metrics endpoint (METRICS_PORT+1+i), in process order; empty without metrics. */
  subgraphMetricsUrls(): string[];
  /** The subgraph processes' ids (tests check none is left behind). */
  pids(): number[];
  stop(): Promise<void>;
}

interface Replica {
  child: ChildProcess;
  /** Known once it is ready. */
  urls?: Record<SubgraphName, string>;
  metricsUrl?: string | null;
  exited: Promise<void>;
}

// Same extension as this file: .ts under tsx and vitest, .js once compiled.
const ENTRY = path.join(__dirname, `subgraph-process${path.extname(__filename)}`);

/** Child i's metrics port: METRICS_PORT+1+i (0, a free port, when METRICS_PORT is 0); unset without metrics. */
function childMetricsPort(config: AppConfig, index: number, previousUrl: string | null | undefined): string | undefined {
  if (!config.metrics) return undefined;
  if (config.metrics.port === 0) return previousUrl ? new URL(previousUrl).port : '0';
  return String(config.metrics.port + 1 + index);
}

/**
 * The all-in-one mode on several processes: this one keeps the database (the embedded PostgreSQL
 * lives here, DATA_DIR and its lock with it; the others reach it through its loopback front with this
 * process's random password, given in their environment) and the gateway; `processes - 1` children
 * each run every subgraph, and the gateway balances over them. One request's gateway work (planning,
 * merging, HTTP) then runs beside other requests' subgraph work (resolvers, ORM, SQL client) on another
 * core. Each child has its own metrics port (METRICS_PORT+1+i) and continues the gateway's traces
 * (traceparent over HTTP); it signs badges with this process's key and names the gateway's URL. A
 * child that dies is started again on the same ports; stopping stops the children first-to-last and
 * waits for them, and a child whose parent vanishes leaves on its own (its IPC channel closes).
 */
export async function startCluster(config: AppConfig, logger: Logger, processes: number): Promise<RunningCluster> {
  // One connection per child beside this process's own, and room for a restarted child while its predecessor's closes.
  const db = await openDatabase(config, logger, { maxConnections: Math.max(8, processes + 2) });
  const replicas: Replica[] = [];
  let stopping = false;
  let observability: Observability | null = null;
  try {
    observability = await startObservability(config, logger, 'finops-catalog');
    await prepare(db, config, logger, true);
    const gatewayKey = config.subgraphSecret ?? randomBytes(32).toString('base64url');
    // Children never read DATA_DIR (a development key lives there): they get the key itself.
    configureBadges(config, logger);
    const signingKey = (await badgeKeyring()).signingKeyJson();
    let gatewayListening = false;
    // A restarted child takes its predecessor's ports; the first child the configured *_PORT (so a
    // subgraph can be reached at a known address, as the benchmark's direct replay does); others free ones.
    const portsEnv = (index: number, urls?: Record<SubgraphName, string>): Record<string, string> =>
      Object.fromEntries(
        SUBGRAPH_NAMES.map((n) => {
          const configured = index === 0 ? config.subgraphPorts[n] : undefined;
          return [`${n.toUpperCase()}_PORT`, urls?.[n] ? new URL(urls[n]).port : String(configured ?? 0)];
        }),
      );

    const spawnReplica = (index: number, previous?: Replica): Promise<Required<Replica>> =>
      new Promise((resolve, reject) => {
        const metricsPort = childMetricsPort(config, index, previous?.metricsUrl);
        const child = fork(ENTRY, [], {
          // Secrets (the database password in its URL, the gateway key, the badge key) travel in the environment, never in argv.
          env: {
            ...process.env,
            ...portsEnv(index, previous?.urls),
            DATABASE_URL: db.url,
            // Embedded: one connection each, like the in-process mode (PGlite runs one statement at a time).
            DB_POOL_MAX: String(db.embedded ? 1 : (config.dbPoolMax ?? 10)),
            MIGRATE_ON_BOOT: 'false',
            SUBGRAPH_SECRET: gatewayKey,
            BADGE_SIGNING_KEY: signingKey,
            // A restarted child learns the gateway's URL at once (the first ones are told over IPC once it listens).
            ...(gatewayListening ? { PUBLIC_URL: badgeBaseUrl() } : {}),
            ...(metricsPort === undefined ? {} : { METRICS_PORT: metricsPort }),
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        const replica: Replica = { child, exited: new Promise<void>((done) => child.once('exit', () => done())) };
        replicas[index] = replica;
        const onReady = (message: SubgraphMessage) => {
          if (message.type !== 'ready') return;
          child.off('message', onReady);
          replica.urls = message.urls as Record<SubgraphName, string>;
          replica.metricsUrl = message.metricsUrl;
          resolve(replica as Required<Replica>);
        };
        child.on('message', onReady);
        child.once('exit', (code, signal) => {
          if (!replica.urls) {
            reject(new Error(`subgraph process ${index + 1} exited before it was ready (${signal ?? code})`));
            return;
          }
          if (stopping) return;
          logger.error({ replica: index + 1, code, signal }, 'subgraph process died; starting it again');
          void spawnReplica(index, replica).catch((err) => logger.error({ err }, 'subgraph process could not restart'));
        });
      });

    const started = await Promise.all(Array.from({ length: processes - 1 }, (_, i) => spawnReplica(i)));
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, started.map((r) => r.urls[n])])) as Record<SubgraphName, string[]>;
    const developmentToken = config.developmentAuth ? await mintDevelopmentToken(config) : null;
    const gateway = await startPublicGateway(config, logger, db, urls, gatewayKey, developmentToken);
    gatewayListening = true;
    await Promise.all(started.map((r) => tellBadgeBaseUrl(r.child, badgeBaseUrl())));
    logger.info({ processes, subgraphProcesses: started.map((r) => r.child.pid) }, 'all-in-one on several processes');
    const running = observability;
    return {
      url: gateway.url,
      developmentToken,
      gateway,
      observability: running,
      subgraphMetricsUrls: () => replicas.map((r) => r.metricsUrl).filter((u): u is string => typeof u === 'string'),
      pids: () => replicas.map((r) => r.child.pid!),
      async stop() {
        stopping = true;
        await gateway.stop();
        await stopReplicas(replicas);
        await db.close();
        await running.stop();
      },
    };
  } catch (err) {
    stopping = true;
    await stopReplicas(replicas);
    await db.close();
    await observability?.stop();
    throw err;
  }
}

/** Sends the badges' base URL and waits until the child has taken it (or is gone). */
function tellBadgeBaseUrl(child: ChildProcess, url: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', done);
      resolve();
    };
    const onMessage = (message: SubgraphMessage) => {
      if (message.type === 'badge-base-url-set') done();
    };
    child.on('message', onMessage);
    child.once('exit', done);
    const message: BadgeBaseUrlMessage = { type: 'badge-base-url', url };
    child.send(message, (err) => {
      if (err) done();
    });
  });
}

async function stopReplicas(replicas: Replica[]): Promise<void> {
  await Promise.all(
    replicas.map(async ({ child, exited }) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}
