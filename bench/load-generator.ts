import http from 'node:http';

// An in-process HTTP load generator: `connections` clients on keep-alive sockets, each sending its
// next request as soon as the previous answer is read, for `durationMs`. Latencies are kept whole,
// so p50/p95/p99 are exact (autocannon reports no p95).

export interface LoadResult {
  requests: number;
  errors: number;
  durationMs: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  firstError?: string;
}

export interface LoadOptions {
  url: string;
  /** A new body per request (e.g. a random product id). */
  body: () => string;
  headers?: Record<string, string>;
  connections: number;
  durationMs: number;
  /** A response counts as an error when this returns false (default: 200 and no "errors"). */
  check?: (status: number, body: string) => boolean;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const check = options.check ?? ((status, body) => status === 200 && !body.includes('"errors"'));
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const send = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...options.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const client = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const { status, text } = await send(options.body());
        latencies.push(performance.now() - t0);
        if (!check(status, text)) {
          errors++;
          firstError ??= `${status} ${text.slice(0, 300)}`;
        }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  const durationMs = performance.now() - started;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    durationMs: Math.round(durationMs),
    throughput: round((latencies.length / durationMs) * 1000),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    ...(firstError ? { firstError } : {}),
  };
}
