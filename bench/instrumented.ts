import { type RunningApp, startApp } from '../src/app';
import { loadConfig } from '../src/config/env';
import { createLogger } from '../src/config/logger';
import { sqlStatements } from '../src/db/query-counter';
import { SubgraphDataSource } from '../src/gateway/subgraph-data-source';
import type { Item } from './load-generator';
import { BENCH_BADGES, BENCH_PORTS, JWT_SECRET, SUBGRAPH_SECRET } from './server';

// One step runs the product inside the bench's own process, never while anything is measured: it
// counts the SQL statements each operation sends (the count lives in the process that sends them)
// and records the exact fetches the gateway sends to subgraphs for each request body, so the
// direct-subgraph comparison can replay them against the server under test.

export interface Recorded {
  subgraph: string;
  path: string;
  body: string;
  headers: Record<string, string>;
}

type SendRequest = (
  request: { http?: { url: string; headers: Iterable<[string, string]> }; [key: string]: unknown },
  context: unknown,
) => Promise<unknown>;

const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

/**
 * Starts the product in this process against `databaseUrl`, recording each request the gateway sends
 * to a subgraph: the URL, headers and body its data source hands to the HTTP client.
 */
export async function withInstrumentedApp<T>(databaseUrl: string, poolMax: string, fn: (probe: Probe) => Promise<T>): Promise<T> {
  const recorded: { url: string; body: string; headers: Record<string, string> }[] = [];
  // RemoteGraphQLDataSource.sendRequest (private in its types) serializes and sends each request.
  const proto = SubgraphDataSource.prototype as unknown as { sendRequest: SendRequest };
  const realSend = proto.sendRequest;
  proto.sendRequest = function (this: unknown, request, context) {
    const { http, ...withoutHttp } = request;
    if (http) {
      const headers: Record<string, string> = {};
      for (const [key, value] of http.headers) if (!SKIPPED_HEADERS.has(key.toLowerCase())) headers[key.toLowerCase()] = value;
      // The body exactly as RemoteGraphQLDataSource.sendRequest serializes it.
      recorded.push({ url: http.url, body: JSON.stringify(withoutHttp), headers });
    }
    return realSend.call(this, request, context);
  };
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DB_POOL_MAX: poolMax,
    // Every request must reach the subgraphs and the database to be counted and recorded.
    RESPONSE_CACHE: 'off',
    PORT: '0',
    AUTH_JWT_SECRET: JWT_SECRET,
    SUBGRAPH_SECRET,
    ...BENCH_BADGES,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MIGRATE_ON_BOOT: 'false',
  });
  let app: RunningApp | null = null;
  try {
    app = await startApp(config, createLogger(config));
    return await fn(new Probe(app, recorded));
  } finally {
    await app?.stop();
    proto.sendRequest = realSend;
  }
}

export class Probe {
  constructor(
    private readonly app: RunningApp,
    private readonly recorded: { url: string; body: string; headers: Record<string, string> }[],
  ) {}

  private get gateway(): string {
    return this.app.gateway.url.replace('localhost', '127.0.0.1');
  }

  /** Sends one request through the in-process gateway; returns the statements it caused and the subgraph fetches it made. */
  async run(body: string, headers: Record<string, string>): Promise<{ statements: number; fetches: Recorded[]; text: string }> {
    this.recorded.length = 0;
    const { result: text, statements } = await sqlStatements.during(async () => {
      const res = await fetch(this.gateway, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return res.text();
    });
    const fetches = this.recorded.flatMap((r) => {
      const subgraph = this.app.subgraphs.find((s) => r.url.startsWith(s.url.replace(/\/graphql$/, '')));
      return subgraph ? [{ subgraph: subgraph.name, path: new URL(r.url).pathname, body: r.body, headers: r.headers }] : [];
    });
    return { statements, fetches, text };
  }
}

/** The recorded fetches of one gateway request, aimed at the server under test's subgraph ports. */
export function replayItem(fetches: Recorded[]): Item {
  return fetches.map((f) => ({
    url: `http://127.0.0.1:${BENCH_PORTS[f.subgraph as keyof typeof BENCH_PORTS]}${f.path}`,
    body: f.body,
    headers: f.headers,
  }));
}
