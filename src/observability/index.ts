import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import type { MikroORM } from '../db/orm';
import { enableMetrics, observePool, type ObservablePool, startMetricsServer } from './metrics';
import { configureSlowSql } from './statements';
import { startTracing } from './tracing';

// The door of the observability module: metrics, traces and request logs (see README "Operating it").
export { metricsEnabled, metricsRegistry, observeCacheCounters, recordCacheLookup, recordSubgraphFetch } from './metrics';
export { noteRequest, observeGatewayRequest, observeSubgraphRequest, operationRecorder, classifyOutcome, operationLabel } from './requests';
export { currentScope, traceMixin, unsampledTraceparent } from './request-scope';
export { countLoaderBatches, observeStatement } from './statements';
export { injectTraceparent, stopTracing, tracingEnabled } from './tracing';

export interface Observability {
  /** The metrics endpoint's URL, when metrics are on. */
  metricsUrl: string | null;
  /** Flushes pending spans and closes the metrics port. */
  stop(): Promise<void>;
}

/**
 * Switches on what the configuration asks for in this process: traces (OTEL_*), the metrics port
 * (METRICS_PORT), the slow-statement log (SLOW_SQL_MS). Each process (all-in-one, a split gateway, a
 * lone subgraph) calls it once with its own name; nothing is on by default.
 */
export async function startObservability(config: AppConfig, logger: Logger, serviceName: string): Promise<Observability> {
  const flush = startTracing(config.tracing, serviceName);
  configureSlowSql(logger, config.slowSqlMs);
  let server: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  if (config.metrics) {
    enableMetrics();
    server = await startMetricsServer({ ...config.metrics, logger });
  }
  return {
    metricsUrl: server && config.metrics ? `http://${config.metrics.host}:${server.port}/metrics` : null,
    async stop() {
      await server?.close();
      await flush();
    },
  };
}

/** Follows the database pool of an ORM (sizes and waits) when metrics are on. */
export function observeDatabasePool(orm: MikroORM): void {
  const knex = orm.em.getConnection().getKnex() as unknown as { client?: { pool?: ObservablePool } };
  observePool(knex.client?.pool);
}
