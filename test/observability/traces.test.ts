import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Child, freePort, spawnMain } from '../support/processes';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** A small OTLP/HTTP receiver (JSON encoding, as the product's exporter sends it) in the test process. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST') {
        const parsed = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: {
              spans: {
                traceId: string;
                spanId: string;
                parentSpanId?: string;
                name: string;
                kind: number;
                attributes?: { key: string; value: Record<string, unknown> }[];
              }[];
            }[];
          }[];
        };
        for (const rs of parsed.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) {
            for (const s of ss.spans) {
              const attributes = Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]));
              spans.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? '',
                name: s.name,
                kind: s.kind,
                attributes,
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const children: Child[] = [];
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>> | undefined;
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
  await receiver?.close();
});

describe('traces across the split deployment', () => {
  it('the gateway, the subgraph and its SQL statements are one trace, each span the child of the hop before', async () => {
    receiver = await startOtlpReceiver();
    const { url: databaseUrl } = inject('database');
    const subgraphPort = await freePort();
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: '1',
      SUBGRAPH_SECRET: 'trace-test-secret-0123456789abcdef',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      FRAMEWORK_URL: `http://127.0.0.1:${subgraphPort}/graphql`,
    };
    // Only the framework subgraph runs: the query below needs no other.
    const subgraph = spawnMain(['subgraph', 'framework'], { ...env, FRAMEWORK_PORT: String(subgraphPort), LOG_LEVEL: 'debug' });
    children.push(subgraph);
    await subgraph.waitFor(/subgraph framework ready/);
    const gatewayPort = await freePort();
    const gateway = spawnMain(['gateway'], { ...env, PORT: String(gatewayPort), LOG_LEVEL: 'info', OTEL_SERVICE_NAME: 'catalog-gateway-under-test' });
    children.push(gateway);
    await gateway.waitFor(/gateway ready/);

    const res = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query FrameworkEditions { frameworkEditions { slug } }', operationName: 'FrameworkEditions' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { frameworkEditions: unknown[] } }).data.frameworkEditions).toHaveLength(4);

    const spans = receiver.spans;
    const root = await until('the gateway span', () => spans.find((s) => s.name === 'POST /graphql'));
    const trace = root.traceId;
    const inTrace = () => spans.filter((s) => s.traceId === trace);
    const subgraphSpan = await until('the subgraph span', () => inTrace().find((s) => s.name === 'subgraph framework'));
    const sql = await until('a SQL span', () => {
      const found = inTrace().filter((s) => s.attributes['db.system.name'] === 'postgresql' && s.service === 'finops-framework-subgraph');
      return found.length ? found : undefined;
    });
    // The gateway (it has DATABASE_URL) reads the revisions its response cache depends on, in the same trace.
    const gatewaySql = await until("the gateway's revision read", () =>
      inTrace().find((s) => s.attributes['db.system.name'] === 'postgresql' && s.service === 'catalog-gateway-under-test'),
    );
    expect(String(gatewaySql.attributes['db.query.text'])).toContain('from framework_revision');

    expect(root.parentSpanId).toBe('');
    expect(root.service).toBe('catalog-gateway-under-test');
    expect(root.kind).toBe(2); // SERVER
    expect(root.attributes['graphql.operation.name']).toBe('FrameworkEditions');
    expect(root.attributes['finops.outcome']).toBe('ok');
    expect(subgraphSpan.service).toBe('finops-framework-subgraph');
    expect(subgraphSpan.kind).toBe(2);
    // The subgraph's span hangs under the gateway's fetch to it, which hangs (through Apollo Gateway's
    // own request/execute spans) under the gateway's request span.
    const byId = new Map(inTrace().map((s) => [s.spanId, s]));
    const fetchSpan = byId.get(subgraphSpan.parentSpanId);
    expect(fetchSpan?.name).toBe('gateway.fetch');
    expect(fetchSpan?.service).toBe('catalog-gateway-under-test');
    const ancestors: string[] = [];
    for (let s = fetchSpan; s; s = byId.get(s.parentSpanId)) ancestors.push(s.name);
    expect(ancestors.at(-1)).toBe('POST /graphql');
    // Every statement the subgraph sent is a child of the subgraph's span, its text without values.
    for (const statement of sql) {
      expect(statement.parentSpanId).toBe(subgraphSpan.spanId);
      expect(statement.service).toBe('finops-framework-subgraph');
      expect(statement.kind).toBe(3); // CLIENT
    }
    expect(sql.map((s) => s.attributes['db.query.text'])).toContain('select revision::text as revision from framework_revision where id = 1');

    // The gateway logs one line for the request, and the subgraph's lines carry the same trace id.
    const gatewayLine = await until('the gateway log line', () =>
      gateway
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"graphql request"')),
    );
    expect(JSON.parse(gatewayLine)).toMatchObject({
      traceId: trace,
      operation: 'FrameworkEditions',
      type: 'query',
      outcome: 'ok',
      status: 200,
      role: 'anonymous',
    });
    expect(gatewayLine).not.toMatch(/authorization|bearer/i);
    const subgraphLine = await until('the subgraph log line', () =>
      subgraph
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"subgraph request"')),
    );
    expect(JSON.parse(subgraphLine)).toMatchObject({ traceId: trace, subgraph: 'framework', operation: 'FrameworkEditions__framework__0' });

    for (const child of [gateway, subgraph]) expect(await child.stop()).toBe(0);
    // Two processes start under tsx: slow on a busy machine.
  }, 180_000);
});
