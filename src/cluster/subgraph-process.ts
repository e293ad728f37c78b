import 'reflect-metadata';
import { openDatabase, startSubgraphs } from '../app';
import { useGatewayUrlForBadges } from '../badges/badges';
import { loadConfig, SUBGRAPH_NAMES } from '../config/env';
import { createLogger } from '../config/logger';
import { startObservability, stopTracing } from '../observability';
import type { BadgeBaseUrlMessage, SubgraphMessage } from './cluster';

// One replica of every subgraph, forked by the all-in-one `npm start` when it uses several processes
// (see cluster.ts). The parent gives it, in its environment, the database URL (its embedded database's
// loopback front with that process's password, or DATABASE_URL), the gateway key, the badge signing
// key, its metrics port and the subgraph ports; it answers with its URLs over the IPC channel, takes
// the gateway's URL for badges when told, and leaves when told to (SIGTERM, SIGINT) or when the parent
// is gone (the channel closes). It never opens DATA_DIR.

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'finops-subgraphs');
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.debug({ reason }, 'subgraph process stopping');
    (async () => {
      for (const s of stops) await s();
      await stopTracing();
    })()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'subgraph process failed to stop cleanly');
        process.exit(1);
      });
  };
  // Handlers first: a parent that stops during start-up still stops what has started here.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('disconnect', () => stop('parent gone'));
  process.on('message', (message: BadgeBaseUrlMessage) => {
    if (message?.type !== 'badge-base-url') return;
    useGatewayUrlForBadges(message.url);
    const done: SubgraphMessage = { type: 'badge-base-url-set' };
    process.send?.(done);
  });

  const observability = await startObservability(config, logger, 'finops-subgraphs');
  stops.push(() => observability.stop());
  const db = await openDatabase(config, logger);
  stops.unshift(() => db.close());
  const servers = await startSubgraphs(SUBGRAPH_NAMES, db, config, logger, (n) => config.subgraphPorts[n] ?? 0, config.subgraphSecret!);
  stops.unshift(() => Promise.all(servers.map((s) => s.stop())).then(() => undefined));
  const ready: SubgraphMessage = {
    type: 'ready',
    urls: Object.fromEntries(servers.map((s) => [s.name, s.url])),
    metricsUrl: observability.metricsUrl,
  };
  process.send!(ready);
}

main().catch((err) => {
  process.stderr.write(`subgraph process failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
