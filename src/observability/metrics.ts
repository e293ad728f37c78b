import http from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { listen, type RunningServer } from '../http/listen';
import { currentScope } from './request-scope';

// Prometheus metrics of this process. Nothing is recorded until enableMetrics() (METRICS_PORT set):
// with metrics off every record* call returns at its first line. Label sets are bounded: operation
// names come from the project's own operations (else "anonymous" or "other"), subgraphs and loaders
// are names in the code, outcomes a fixed list.

export const metricsRegistry = new Registry();
let enabled = false;

export function metricsEnabled(): boolean {
  return enabled;
}

/** Starts recording (idempotent); process metrics (event-loop delay, heap, GC) come with it. */
export function enableMetrics(): void {
  if (enabled) return;
  enabled = true;
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 10 });
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SQL_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const registers = [metricsRegistry];

export type Outcome = 'ok' | 'user_error' | 'refused' | 'failed';

const gatewayRequests = new Counter({
  name: 'finops_gateway_requests_total',
  help: 'GraphQL requests at the gateway by operation (known names, else anonymous/other), type and outcome (ok, user_error, refused by a limit, failed)',
  labelNames: ['operation', 'type', 'outcome'] as const,
  registers,
});
const gatewayDuration = new Histogram({
  name: 'finops_gateway_request_duration_seconds',
  help: 'Time from the first byte of a GraphQL request to the last byte of its answer, at the gateway',
  labelNames: ['operation', 'type', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});
const subgraphFetches = new Counter({
  name: 'finops_gateway_subgraph_fetches_total',
  help: 'Fetches from the gateway to a subgraph by outcome (ok, error: the answer carried errors, unavailable: no answer)',
  labelNames: ['subgraph', 'outcome'] as const,
  registers,
});
const subgraphFetchDuration = new Histogram({
  name: 'finops_gateway_subgraph_fetch_duration_seconds',
  help: 'Round trip of one gateway fetch to a subgraph',
  labelNames: ['subgraph'] as const,
  buckets: SECONDS,
  registers,
});
const subgraphRequestDuration = new Histogram({
  name: 'finops_subgraph_request_duration_seconds',
  help: 'Time a subgraph spends answering one request from the gateway',
  labelNames: ['subgraph'] as const,
  buckets: SECONDS,
  registers,
});
const loaderBatches = new Counter({
  name: 'finops_loader_batches_total',
  help: 'DataLoader batches run (each is one statement, or none when every key is invalid)',
  labelNames: ['subgraph', 'loader'] as const,
  registers,
});
const loaderKeys = new Counter({
  name: 'finops_loader_keys_total',
  help: 'Keys asked for in DataLoader batches (keys / batches = the batching factor)',
  labelNames: ['subgraph', 'loader'] as const,
  registers,
});
const loaderRows = new Counter({
  name: 'finops_loader_rows_total',
  help: 'Rows DataLoader batches answered with (found objects, or list items)',
  labelNames: ['subgraph', 'loader'] as const,
  registers,
});
const sqlStatements = new Counter({
  name: 'finops_sql_statements_total',
  help: 'SQL statements sent, by the subgraph whose request sent them (gateway: exports and reports; none: outside any request) and outcome (ok, error)',
  labelNames: ['subgraph', 'outcome'] as const,
  registers,
});
const sqlDuration = new Histogram({
  name: 'finops_sql_statement_duration_seconds',
  help: 'Duration of one SQL statement as the ORM saw it, including any wait for a pooled connection (finops_db_pool_acquire_wait_seconds)',
  labelNames: ['subgraph'] as const,
  buckets: SQL_SECONDS,
  registers,
});
// Caches count their own hits and misses (a Map entry here, or a counter object of their own that
// observeCacheCounters reads); the counter is filled from them at each scrape.
interface HitsAndMisses {
  hit: number;
  miss: number;
}
const ownCaches = new Map<string, HitsAndMisses>();
const cacheSources = new Map<string, () => HitsAndMisses>();

new Counter({
  name: 'finops_cache_lookups_total',
  help: 'Lookups in a process cache by result (hit, miss); the hit ratio is hit / (hit + miss)',
  labelNames: ['cache', 'result'] as const,
  registers,
  collect() {
    this.reset();
    const add = (cache: string, { hit, miss }: HitsAndMisses) => {
      this.inc({ cache, result: 'hit' }, hit);
      this.inc({ cache, result: 'miss' }, miss);
    };
    for (const [cache, counts] of ownCaches) add(cache, counts);
    for (const [cache, read] of cacheSources) add(cache, read());
  },
});

const poolAcquireWait = new Histogram({
  name: 'finops_db_pool_acquire_wait_seconds',
  help: 'Time a statement waited for a connection from the pool',
  buckets: SQL_SECONDS,
  registers,
});
const poolAcquireFailures = new Counter({
  name: 'finops_db_pool_acquire_failures_total',
  help: 'Connections the pool could not hand out (timeout, database unreachable)',
  registers,
});

/** The parts of a knex (tarn) pool read here. */
export interface ObservablePool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
  on(event: string, handler: (...args: never[]) => void): void;
}

const pools = new Set<ObservablePool>();

new Gauge({
  name: 'finops_db_pool_connections',
  help: 'Database pool of this process: connections in use, free, statements waiting for one (pending_acquires), connections being opened (pending_creates), and the maximum',
  labelNames: ['state'] as const,
  registers,
  collect() {
    const sum = (f: (p: ObservablePool) => number) => [...pools].reduce((n, p) => n + f(p), 0);
    this.set(
      { state: 'used' },
      sum((p) => p.numUsed()),
    );
    this.set(
      { state: 'free' },
      sum((p) => p.numFree()),
    );
    this.set(
      { state: 'pending_acquires' },
      sum((p) => p.numPendingAcquires()),
    );
    this.set(
      { state: 'pending_creates' },
      sum((p) => p.numPendingCreates()),
    );
    this.set(
      { state: 'max' },
      sum((p) => p.max),
    );
  },
});

/** Follows a pool: its sizes on each scrape, how long each acquisition waited. Forgotten when it is destroyed. */
export function observePool(pool: ObservablePool | undefined): void {
  if (!enabled || !pool || pools.has(pool)) return;
  pools.add(pool);
  const started = new Map<number, number>();
  pool.on('acquireRequest', ((id: number) => started.set(id, performance.now())) as never);
  pool.on('acquireSuccess', ((id: number) => {
    const t = started.get(id);
    started.delete(id);
    if (t !== undefined) poolAcquireWait.observe((performance.now() - t) / 1000);
  }) as never);
  pool.on('acquireFail', ((id: number) => {
    started.delete(id);
    poolAcquireFailures.inc();
  }) as never);
  pool.on('poolDestroySuccess', (() => pools.delete(pool)) as never);
}

const OUTSIDE = 'none';

export function recordGatewayRequest(operation: string, type: string, outcome: Outcome, seconds: number): void {
  if (!enabled) return;
  gatewayRequests.inc({ operation, type, outcome });
  gatewayDuration.observe({ operation, type, outcome }, seconds);
}

export function recordSubgraphFetch(subgraph: string, outcome: 'ok' | 'error' | 'unavailable', seconds: number): void {
  if (!enabled) return;
  subgraphFetches.inc({ subgraph, outcome });
  subgraphFetchDuration.observe({ subgraph }, seconds);
}

export function recordSubgraphRequest(subgraph: string, seconds: number): void {
  if (!enabled) return;
  subgraphRequestDuration.observe({ subgraph }, seconds);
}

export function recordLoaderBatch(loader: string, keys: number, rows: number): void {
  if (!enabled) return;
  const labels = { subgraph: currentScope()?.subgraph ?? OUTSIDE, loader };
  loaderBatches.inc(labels);
  loaderKeys.inc(labels, keys);
  loaderRows.inc(labels, rows);
}

export function recordSqlStatement(ms: number, failed: boolean): void {
  if (!enabled) return;
  const scope = currentScope();
  const subgraph = scope ? (scope.subgraph ?? 'gateway') : OUTSIDE;
  sqlStatements.inc({ subgraph, outcome: failed ? 'error' : 'ok' });
  sqlDuration.observe({ subgraph }, ms / 1000);
}

export function recordCacheLookup(cache: string, hit: boolean): void {
  if (!enabled) return;
  let counts = ownCaches.get(cache);
  if (!counts) ownCaches.set(cache, (counts = { hit: 0, miss: 0 }));
  if (hit) counts.hit += 1;
  else counts.miss += 1;
}

/** A cache that keeps its own monotonic hit and miss counts (the response cache) is read at each scrape. */
export function observeCacheCounters(cache: string, read: () => HitsAndMisses): void {
  cacheSources.set(cache, read);
}

/**
 * GET /metrics in the Prometheus text format, on its own port: loopback unless METRICS_HOST says
 * otherwise, never the gateway's public port. Anything else is a 404.
 */
export async function startMetricsServer(options: { host: string; port: number; logger: Logger }): Promise<RunningServer> {
  const server = await listen(
    (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Metrics are at GET /metrics\n');
        return;
      }
      metricsRegistry
        .metrics()
        .then((text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(req.method === 'HEAD' ? undefined : text))
        .catch((err: unknown) => {
          options.logger.error({ err }, 'metrics collection failed');
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
        });
    },
    options.host,
    options.port,
  );
  options.logger.info({ url: `http://${options.host}:${server.port}/metrics` }, 'metrics listening');
  return server;
}
