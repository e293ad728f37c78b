import 'reflect-metadata';
import { openDatabase, prepare, splitSubgraphPort, splitSubgraphUrls, startApp, startSubgraphs } from './app';
import { ConfigError, loadConfig, SUBGRAPH_NAMES, type SubgraphName } from './config/env';
import { createLogger } from './config/logger';
import { startGateway } from './gateway/gateway';
import { createGatewayRoutes } from './gateway/routes';
import { SUBGRAPHS } from './subgraphs';

// npm start                              everything in one process (embedded database unless DATABASE_URL)
// npm run start:subgraph -- <name>       one subgraph (needs DATABASE_URL)
// npm run start:gateway                  the gateway alone, in front of subgraphs at *_URL

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const [mode, name] = process.argv.slice(2);
  const stops: (() => Promise<void>)[] = [];

  if (!mode) {
    const app = await startApp(config, logger);
    stops.push(() => app.stop());
    logger.info({ url: app.url }, 'FinOps catalog ready');
    process.stdout.write(`\nFinOps catalog ready: ${app.url}\n\n`);
  } else if (mode === 'subgraph') {
    if (!SUBGRAPH_NAMES.includes(name as SubgraphName) || !SUBGRAPHS[name as SubgraphName]) {
      throw new ConfigError([`subgraph name must be one of ${SUBGRAPH_NAMES.join(', ')}; got ${name ?? 'nothing'}`]);
    }
    if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL: a subgraph on its own needs a PostgreSQL server']);
    const db = await openDatabase(config, logger);
    stops.push(() => db.close());
    await prepare(db, config, logger, false);
    const [server] = await startSubgraphs([name as SubgraphName], db, config, logger, (n) => splitSubgraphPort(config, n));
    stops.unshift(() => server.stop());
    process.stdout.write(`subgraph ${name} ready: ${server.url}\n`);
  } else if (mode === 'gateway') {
    const gateway = await startGateway({
      subgraphUrls: splitSubgraphUrls(config),
      host: config.host,
      port: config.port,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      routes: await createGatewayRoutes(logger),
    });
    stops.push(() => gateway.stop());
    process.stdout.write(`gateway ready: ${gateway.url}\n`);
  } else {
    throw new ConfigError([`unknown mode "${mode}"; use no argument, "subgraph <name>" or "gateway"`]);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    (async () => {
      for (const stop of stops) await stop();
    })()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
