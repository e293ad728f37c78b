import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { mintDevelopmentToken, openDatabase, prepare, startPublicGateway } from '../app';
import { type AppConfig, SUBGRAPH_NAMES, type SubgraphName } from '../config/env';
import type { RunningGateway } from '../gateway/gateway';

/** What a subgraph process tells its parent once it listens. */
export interface SubgraphReady {
  type: 'ready';
  urls: Record<string, string>;
}

/** How many processes the all-in-one mode runs: PROCESSES, or one per core the process may use. */
export function processCount(config: Pick<AppConfig, 'processes'>): number {
  return config.processes === 'auto' ? os.availableParallelism() : config.processes;
}

export interface RunningCluster {
  url: string;
  developmentToken: string | null;
  gateway: RunningGateway;
  /** The subgraph processes' ids (tests check none is left behind). */
  pids(): number[];
  stop(): Promise<void>;
}

interface Replica {
  child: ChildProcess;
  /** Known once it is ready. */
  urls?: Record<SubgraphName, string>;
  exited: Promise<void>;
}

// Same extension as this file: .ts under tsx and vitest, .js once compiled.
const ENTRY = path.join(__dirname, `subgraph-process${path.extname(__filename)}`);

/**
 * The all-in-one mode on several processes: this one keeps the database (the embedded PostgreSQL
 * lives here; the others reach it through its URL) and the gateway; `processes - 1` children each run
 * every subgraph, and the gateway balances over them. One request's gateway work (planning, merging,
 * HTTP) then runs beside other requests' subgraph work (resolvers, ORM, SQL client) on another core. A
 * child that dies is started again on the same ports; stopping stops the children first-to-last and
 * waits for them, and a child whose parent vanishes leaves on its own (its IPC channel closes).
 */
export async function startCluster(config: AppConfig, logger: Logger, processes: number): Promise<RunningCluster> {
  const db = await openDatabase(config, logger);
  const replicas: Replica[] = [];
  let stopping = false;
  try {
    await prepare(db, config, logger, true);
    const gatewayKey = config.subgraphSecret ?? randomBytes(32).toString('base64url');
    const portsEnv = (urls?: Record<SubgraphName, string>): Record<string, string> =>
      Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_PORT`, urls?.[n] ? new URL(urls[n]).port : '0']));

    const spawnReplica = (index: number, previous?: Record<SubgraphName, string>): Promise<Required<Replica>> =>
      new Promise((resolve, reject) => {
        const child = fork(ENTRY, [], {
          env: {
            ...process.env,
            ...portsEnv(previous),
            DATABASE_URL: db.url,
            // Embedded: one connection each, like the in-process mode (PGlite runs one statement at a time).
            DB_POOL_MAX: String(db.embedded ? 1 : (config.dbPoolMax ?? 10)),
            MIGRATE_ON_BOOT: 'false',
            SUBGRAPH_SECRET: gatewayKey,
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        const replica: Replica = { child, exited: new Promise<void>((done) => child.once('exit', () => done())) };
        replicas[index] = replica;
        child.once('message', (message: SubgraphReady) => {
          replica.urls = message.urls as Record<SubgraphName, string>;
          resolve(replica as Required<Replica>);
        });
        child.once('exit', (code, signal) => {
          if (!replica.urls) {
            reject(new Error(`subgraph process ${index + 1} exited before it was ready (${signal ?? code})`));
            return;
          }
          if (stopping) return;
          logger.error({ replica: index + 1, code, signal }, 'subgraph process died; starting it again');
          void spawnReplica(index, replica.urls).catch((err) => logger.error({ err }, 'subgraph process could not restart'));
        });
      });

    const started = await Promise.all(Array.from({ length: processes - 1 }, (_, i) => spawnReplica(i)));
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, started.map((r) => r.urls[n])])) as Record<SubgraphName, string[]>;
    const developmentToken = config.developmentAuth ? await mintDevelopmentToken() : null;
    const gateway = await startPublicGateway(config, logger, db, urls, gatewayKey, developmentToken);
    logger.info({ processes, subgraphProcesses: started.map((r) => r.child.pid) }, 'all-in-one on several processes');
    return {
      url: gateway.url,
      developmentToken,
      gateway,
      pids: () => replicas.map((r) => r.child.pid!),
      async stop() {
        stopping = true;
        await gateway.stop();
        await stopReplicas(replicas);
        await db.close();
      },
    };
  } catch (err) {
    stopping = true;
    await stopReplicas(replicas);
    await db.close();
    throw err;
  }
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
