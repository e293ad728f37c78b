import 'reflect-metadata';
import {
  mintDevelopmentToken,
  openDatabase,
  prepare,
  splitSubgraphPort,
  splitSubgraphUrls,
  startApp,
  startPublicGateway,
  startSubgraphs,
} from './app';
import { processCount, startCluster } from './cluster/cluster';
import { type AppConfig, ConfigError, loadConfig, SUBGRAPH_NAMES, type SubgraphName } from './config/env';
import { createLogger } from './config/logger';
import { startObservability, stopTracing } from './observability';
import { HelpRequested, runCommand } from './scripts/cli';
import { SUBGRAPHS } from './subgraphs';

// npm start                              everything (embedded database unless DATABASE_URL): the gateway here,
//                                        the subgraphs in PROCESSES-1 child processes (one process when 1)
// npm run start:subgraph -- <name>       one subgraph (needs DATABASE_URL)
// npm run start:gateway                  the gateway alone, in front of subgraphs at *_URL

/** Separate processes must share the key the subgraphs demand of the gateway. */
function requireSubgraphSecret(config: AppConfig): string {
  if (!config.subgraphSecret) throw new ConfigError(['SUBGRAPH_SECRET: split mode needs the same secret in the gateway and every subgraph']);
  return config.subgraphSecret;
}

const USAGE = [
  'usage: npm start                              everything (embedded database unless DATABASE_URL), on PROCESSES processes (default: one per core)',
  '       npm run start:subgraph -- <name>       one subgraph: framework, membership, catalog or certification (needs DATABASE_URL)',
  '       npm run start:gateway                  the gateway alone, in front of subgraphs at *_URL',
  '  Configuration comes from environment variables (see the README, Configuration).',
].join('\n');

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) throw new HelpRequested();
  const config = loadConfig();
  const logger = createLogger(config);
  const [mode, name] = process.argv.slice(2);
  const stops: (() => Promise<void>)[] = [];

  // Handlers first: a signal that arrives as soon as "ready" is printed (or during start-up) still
  // stops what has started, in order, instead of killing the process mid-way.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    (async () => {
      for (const stop of stops) await stop();
      await stopTracing();
    })()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  if (!mode) {
    const processes = processCount(config);
    const app = processes > 1 ? await startCluster(config, logger, processes) : await startApp(config, logger);
    stops.push(() => app.stop());
    logger.info({ url: app.url }, 'FinOps catalog ready');
    process.stdout.write(`\nFinOps catalog ready: ${app.url}\n`);
    if (app.observability.metricsUrl) process.stdout.write(`Metrics (this process): ${app.observability.metricsUrl}\n`);
    if ('subgraphMetricsUrls' in app) {
      app.subgraphMetricsUrls().forEach((url, i) => process.stdout.write(`Metrics (subgraph process ${i + 1}): ${url}\n`));
    }
    if (app.developmentToken) {
      process.stdout.write(
        `Development token (REVIEWER; the playground already sends it; mint others with npm run token):\n  Authorization: Bearer ${app.developmentToken}\n`,
      );
    }
    process.stdout.write('\n');
  } else if (mode === 'subgraph') {
    if (!SUBGRAPH_NAMES.includes(name as SubgraphName) || !SUBGRAPHS[name as SubgraphName]) {
      throw new ConfigError([`subgraph name must be one of ${SUBGRAPH_NAMES.join(', ')}; got ${name ?? 'nothing'}`]);
    }
    if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL: a subgraph on its own needs a PostgreSQL server']);
    const observability = await startObservability(config, logger, `finops-${name}-subgraph`);
    stops.push(() => observability.stop());
    const db = await openDatabase(config, logger);
    stops.push(() => db.close());
    await prepare(db, config, logger, false);
    const [server] = await startSubgraphs(
      [name as SubgraphName],
      db,
      config,
      logger,
      (n) => splitSubgraphPort(config, n),
      requireSubgraphSecret(config),
    );
    stops.unshift(() => server.stop());
    process.stdout.write(`subgraph ${name} ready: ${server.url}\n`);
    if (observability.metricsUrl) process.stdout.write(`metrics: ${observability.metricsUrl}\n`);
  } else if (mode === 'gateway') {
    const observability = await startObservability(config, logger, 'finops-gateway');
    stops.push(() => observability.stop());
    // Exports and the coverage report read the database directly; without DATABASE_URL they answer 503.
    const db = config.databaseUrl ? await openDatabase(config, logger) : null;
    if (db) stops.push(() => db.close());
    const developmentToken = config.developmentAuth ? await mintDevelopmentToken(config) : null;
    const gateway = await startPublicGateway(config, logger, db, splitSubgraphUrls(config), requireSubgraphSecret(config), developmentToken);
    stops.unshift(() => gateway.stop());
    process.stdout.write(`gateway ready: ${gateway.url}\n`);
    if (observability.metricsUrl) process.stdout.write(`metrics: ${observability.metricsUrl}\n`);
  } else {
    throw new ConfigError([`unknown mode "${mode}"; use no argument, "subgraph <name>" or "gateway"`]);
  }
}

runCommand('start', USAGE, main);
