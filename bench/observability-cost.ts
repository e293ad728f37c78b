import { newTraceId, runInScope } from '../src/observability/request-scope';
import {
  enableMetrics,
  recordCacheLookup,
  recordGatewayRequest,
  recordLoaderBatch,
  recordSqlStatement,
  recordSubgraphFetch,
  recordSubgraphRequest,
} from '../src/observability/metrics';

// What the metrics' recording calls of one ProductCoverage request cost in CPU, timed in a loop, so no
// load-test noise hides it. The end-to-end cost of metrics and tracing (throughput and server CPU per
// request with both on and off) is the `observability` variant of `npm run bench`.
//
//   npx tsx bench/observability-cost.ts

/**
 * The recording calls one ProductCoverage request makes with metrics on (one gateway request, one
 * fetch, one subgraph request, 6 statements, 2 loader batches, one cache lookup), timed in a loop:
 * CPU per request that no load-test noise hides.
 */
function recordingCostMicroseconds(): number {
  enableMetrics();
  const once = () =>
    runInScope({ traceId: newTraceId(), subgraph: 'catalog' }, () => {
      recordGatewayRequest('ProductCoverage', 'query', 'ok', 0.02);
      recordSubgraphFetch('catalog', 'ok', 0.015);
      recordSubgraphRequest('catalog', 0.012);
      for (let i = 0; i < 6; i++) recordSqlStatement(1, false);
      recordLoaderBatch('catalog.product', 1, 1);
      recordLoaderBatch('catalog.coveredCapabilities', 1, 14);
      recordCacheLookup('framework_snapshot', true);
    });
  for (let i = 0; i < 20_000; i++) once();
  const n = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) once();
  return ((performance.now() - t0) * 1000) / n;
}

process.stdout.write(`metrics recording per ProductCoverage request: ${recordingCostMicroseconds().toFixed(2)} µs of CPU\n`);
