import 'reflect-metadata';
import { openDatabase, startSubgraphs } from '../app';
import { loadConfig, SUBGRAPH_NAMES } from '../config/env';
import { createLogger } from '../config/logger';
import type { SubgraphReady } from './cluster';

// One replica of every subgraph, forked by the all-in-one `npm start` when it uses several processes
// (see cluster.ts). The parent gives it the database URL (its embedded database's socket, or
// DATABASE_URL), the gateway key and the ports; it answers with its URLs over the IPC channel, and
// leaves when told to (SIGTERM, SIGINT) or when the parent is gone (the channel closes).

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'finops-subgraphs');
  const db = await openDatabase(config, logger);
  const servers = await startSubgraphs(SUBGRAPH_NAMES, db, config, logger, (n) => config.subgraphPorts[n] ?? 0, config.subgraphSecret!);
  const ready: SubgraphReady = { type: 'ready', urls: Object.fromEntries(servers.map((s) => [s.name, s.url])) };
  process.send!(ready);

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.debug({ reason }, 'subgraph process stopping');
    (async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await db.close();
    })()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'subgraph process failed to stop cleanly');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('disconnect', () => stop('parent gone'));
}

main().catch((err) => {
  process.stderr.write(`subgraph process failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
