import pino from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateOrganizationDocument, FrameworkEditionDocument } from '../../src/client/generated/graphql';
import { ConfigError, loadConfig } from '../../src/config/env';
import { observeCacheCounters, observeStatement } from '../../src/observability';
import { runInScope, traceMixin } from '../../src/observability/request-scope';
import { configureSlowSql } from '../../src/observability/statements';
import { as, startTestApp, type TestApp } from '../support/test-app';

/** The value of one sample line of the Prometheus text, e.g. name{a="b"} 3 (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf('}'));
    const parts = inside.split(',');
    if (wanted.every((w) => parts.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('metrics', () => {
  let t: TestApp;
  let metricsUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_PORT: '0' });
    metricsUrl = t.app.observability.metricsUrl!;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('after a few requests the endpoint shows each operation by name, type and outcome', async () => {
    await t.data(FrameworkEditionDocument, { edition: '2025' });
    await t.data(FrameworkEditionDocument, { edition: '2023' });
    await t.request('{ frameworkEditions { slug } }');
    await t.request('query NotOneOfOurs { frameworkEditions { slug } }');
    await t.request('query FrameworkEditions { frameworkEditions { nope } }');
    const deep = `{ frameworkEditions { ${'domains { edition { '.repeat(7)}slug${' } }'.repeat(7)} } }`;
    expect((await t.request(deep)).status).toBe(400);
    // A mutation whose payload carries errors (an empty name) is a user error, not ok.
    const bad = await t.request(
      CreateOrganizationDocument,
      { input: { name: '', employeeCount: 10, linuxFoundationMember: false } } as never,
      await as('ADMIN'),
    );
    expect(bad.errors).toBeUndefined();

    // Refused before it is parsed (and no operationName in the body): anonymous, of unknown type.
    const flood = await t.request(`query Flood { ${'__typename '.repeat(3001)} }`);
    expect(flood.status).toBe(400);
    expect(flood.errors?.[0]?.extensions?.code).toBe('TOO_MANY_TOKENS');

    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const requests = 'finops_gateway_requests_total';
    expect(sample(text, requests, { operation: 'FrameworkEdition', type: 'query', outcome: 'ok' })).toBe(2);
    expect(sample(text, requests, { operation: 'anonymous', type: 'query', outcome: 'ok' })).toBe(1);
    expect(sample(text, requests, { operation: 'other', type: 'query', outcome: 'ok' })).toBe(1);
    expect(sample(text, requests, { operation: 'FrameworkEditions', type: 'query', outcome: 'user_error' })).toBe(1);
    expect(sample(text, requests, { operation: 'anonymous', type: 'query', outcome: 'refused' })).toBe(1);
    expect(sample(text, requests, { operation: 'CreateOrganization', type: 'mutation', outcome: 'user_error' })).toBe(1);
    expect(sample(text, requests, { operation: 'anonymous', type: 'unknown', outcome: 'refused' })).toBe(1);
    expect(sample(text, 'finops_gateway_request_duration_seconds_count', { operation: 'FrameworkEdition', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'finops_gateway_request_duration_seconds_bucket', { operation: 'FrameworkEdition', le: '+Inf' })).toBe(2);
    // The unknown name never becomes a label of its own.
    expect(text).not.toContain('NotOneOfOurs');

    expect(sample(text, 'finops_gateway_subgraph_fetches_total', { subgraph: 'framework', outcome: 'ok' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'finops_subgraph_request_duration_seconds_count', { subgraph: 'framework' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'finops_sql_statements_total', { subgraph: 'framework', outcome: 'ok' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'finops_sql_statement_duration_seconds_count', { subgraph: 'framework' })).toBeGreaterThanOrEqual(4);
    // The framework snapshot is read once, then served from the cache.
    expect(sample(text, 'finops_cache_lookups_total', { cache: 'framework_snapshot', result: 'hit' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'finops_db_pool_connections', { state: 'max' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE finops_db_pool_acquire_wait_seconds histogram');
    expect(sample(text, 'finops_db_pool_acquire_wait_seconds_count', {})).toBe(0);
    expect(text).toMatch(/^finops_db_pool_acquire_wait_seconds_count \d+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  });

  it('counts loader batches with their keys and rows', async () => {
    const before = await (await fetch(metricsUrl)).text();
    const labels = { subgraph: 'catalog', loader: 'catalog.organizationProducts' };
    const body = await t.request<{ organizations: { nodes: { productConnection: { totalCount: number } }[] } }, unknown>(
      `{ organizations(first: 3) { nodes { id productConnection(first: 100) { totalCount nodes { id } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const organizations = body.data!.organizations.nodes;
    expect(organizations).toHaveLength(3);
    // A page of 100 reads up to 101 rows (the extra one says whether there is more).
    const products = organizations.reduce((n, o) => n + Math.min(o.productConnection.totalCount, 101), 0);
    const after = await (await fetch(metricsUrl)).text();
    // Three organizations' products in one batch of three keys.
    expect(sample(after, 'finops_loader_batches_total', labels) - sample(before, 'finops_loader_batches_total', labels)).toBe(1);
    expect(sample(after, 'finops_loader_keys_total', labels) - sample(before, 'finops_loader_keys_total', labels)).toBe(3);
    expect(sample(after, 'finops_loader_rows_total', labels) - sample(before, 'finops_loader_rows_total', labels)).toBe(products);
  });

  it('a cache that keeps its own counts (the response cache) is read at each scrape', async () => {
    const counts = { hit: 7, miss: 3 };
    observeCacheCounters('own_counts', () => counts);
    let text = await (await fetch(metricsUrl)).text();
    expect(sample(text, 'finops_cache_lookups_total', { cache: 'own_counts', result: 'hit' })).toBe(7);
    expect(sample(text, 'finops_cache_lookups_total', { cache: 'own_counts', result: 'miss' })).toBe(3);
    counts.hit = 9;
    text = await (await fetch(metricsUrl)).text();
    expect(sample(text, 'finops_cache_lookups_total', { cache: 'own_counts', result: 'hit' })).toBe(9);
  });

  it('metrics are never on the public port', async () => {
    const res = await fetch(t.url.replace('/graphql', '/metrics'));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('finops_');
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(/METRICS_PORT: metrics are never served on the public port/);
  });

  it('the metrics port answers GET /metrics only', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
  });
});

describe('production without METRICS_PORT', () => {
  it('exposes no metrics anywhere', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-production-secret-of-some-length' });
    try {
      expect(t.app.observability.metricsUrl).toBeNull();
      expect((await fetch(t.url.replace('/graphql', '/metrics'))).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});

describe('slow SQL statements', () => {
  it('are logged with their duration, the operation that caused them and the trace id', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = pino({ mixin: traceMixin }, sink);
    configureSlowSql(logger, 50);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    runInScope({ traceId, subgraph: 'catalog', operationName: 'ProductCoverage__catalog__0' }, () => {
      observeStatement('select * from mapping where product_id = $1', 120, false);
      observeStatement('select 1', 3, false);
    });
    configureSlowSql(logger, 0);
    observeStatement('select pg_sleep($1)', 5_000, false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'slow SQL statement',
      traceId,
      ms: 120,
      subgraph: 'catalog',
      operation: 'ProductCoverage__catalog__0',
      statement: 'select * from mapping where product_id = $1',
    });
  });
});
