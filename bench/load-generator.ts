import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

// The load generator runs in a process of its own (never inside the server under test, never inside
// the orchestrator that samples the server's CPU): `connections` clients on keep-alive sockets, each
// sending its next request as soon as the previous answer is read. A warm-up runs first and is not
// counted; the parent is told when the measured window starts and ends, so it can sample the
// server's CPU exactly around it. Latencies are kept whole, so p50/p95/p99 are exact.

/** One HTTP POST. */
export interface Step {
  url: string;
  body: string;
  headers?: Record<string, string>;
}

/**
 * One measured request: usually one step; a replay of a gateway's query plan may need several
 * fetches one after another, and then the whole sequence is one request.
 */
export type Item = Step[];

export interface LoadSpec {
  items: Item[];
  connections: number;
  /** Measured window (ignored when maxRequests is set). */
  durationMs: number;
  /** Send exactly this many requests (the soak step) instead of running for durationMs. */
  maxRequests?: number;
  warmupMs: number;
  timeoutMs: number;
  /** Also count a mutation payload's non-empty `errors` list as an error. */
  payloadErrors?: boolean;
}

/** What was sent and what failed, by kind. */
export interface Counts {
  requests: number;
  /** Every kind of failure together; any of them makes the figure invalid. */
  errors: number;
  httpErrors: number;
  socketErrors: number;
  timeouts: number;
  graphqlErrors: number;
  payloadErrors: number;
  firstError?: string;
  durationMs: number;
}

export interface LoadResult extends Counts {
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number) => Math.round(n * 100) / 100;

type Failure = 'http' | 'socket' | 'timeout' | 'graphql' | 'payload';

class Failed extends Error {
  constructor(
    readonly kind: Failure,
    message: string,
  ) {
    super(message);
  }
}

/** GraphQL errors in a response body: top-level `errors`, and (if asked) a payload's own `errors`. */
function classify(text: string, payloadErrors: boolean): Failure | null {
  let body: { data?: Record<string, unknown> | null; errors?: unknown[] };
  try {
    body = JSON.parse(text);
  } catch {
    return 'graphql';
  }
  if (body.errors?.length || !body.data) return 'graphql';
  if (payloadErrors) {
    for (const value of Object.values(body.data)) {
      const errs = (value as { errors?: unknown[] } | null)?.errors;
      if (Array.isArray(errs) && errs.length) return 'payload';
    }
  }
  return null;
}

async function runLoad(spec: LoadSpec, onMeasuring: () => Promise<void>): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const post = (step: Step) =>
    new Promise<string>((resolve, reject) => {
      const target = new URL(step.url);
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(step.body), ...step.headers },
          timeout: spec.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) return reject(new Failed('http', `${status} ${text.slice(0, 300)}`));
            const failure = classify(text, spec.payloadErrors ?? false);
            if (failure) return reject(new Failed(failure, text.slice(0, 300)));
            resolve(text);
          });
          res.on('error', (err) => reject(new Failed('socket', String(err))));
        },
      );
      req.on('timeout', () => req.destroy(new Failed('timeout', `no answer within ${spec.timeoutMs} ms`)));
      req.on('error', (err) => reject(err instanceof Failed ? err : new Failed('socket', String(err))));
      req.end(step.body);
    });

  let next = 0;
  const counts: Record<Failure, number> = { http: 0, socket: 0, timeout: 0, graphql: 0, payload: 0 };
  let firstError: string | undefined;
  let latencies: number[] = [];
  const send = async () => {
    const item = spec.items[next++ % spec.items.length];
    const t0 = performance.now();
    try {
      for (const step of item) await post(step);
    } catch (err) {
      const failure = err instanceof Failed ? err : new Failed('socket', String(err));
      counts[failure.kind]++;
      firstError ??= `${failure.kind}: ${failure.message}`;
    }
    latencies.push(performance.now() - t0);
  };
  const clients = (keepGoing: () => boolean) =>
    Promise.all(
      Array.from({ length: spec.connections }, async () => {
        while (keepGoing()) await send();
      }),
    );

  // Warm-up (not counted): the server's JIT and pools settle; in-flight requests finish before the window opens.
  const warmupEnd = performance.now() + spec.warmupMs;
  await clients(() => performance.now() < warmupEnd);
  for (const k of Object.keys(counts) as Failure[]) counts[k] = 0;
  firstError = undefined;
  latencies = [];

  await onMeasuring();
  const started = performance.now();
  const deadline = started + spec.durationMs;
  let sent = 0;
  const keepGoing = spec.maxRequests !== undefined ? () => sent++ < spec.maxRequests! : () => performance.now() < deadline;
  await clients(keepGoing);
  const durationMs = performance.now() - started;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  const errors = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    requests: latencies.length,
    errors,
    httpErrors: counts.http,
    socketErrors: counts.socket,
    timeouts: counts.timeout,
    graphqlErrors: counts.graphql,
    payloadErrors: counts.payload,
    ...(firstError ? { firstError } : {}),
    durationMs: Math.round(durationMs),
    throughput: round((latencies.length / durationMs) * 1000),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

type ToChild = { spec: LoadSpec } | { go: true };
type ToParent = { measuring: true } | { result: LoadResult } | { failed: string };

/**
 * Runs a load in a child process. `around.before` runs when the measured window is about to open
 * (the child waits for it), `around.after` as soon as the window closed (before the result is parsed).
 */
export function loadInChild<T>(spec: LoadSpec, around: { before: () => T; after: (before: T) => void }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-generator.ts'), ['--child'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let before: T;
    let settled = false;
    child.on('message', (message: ToParent) => {
      if ('measuring' in message) {
        before = around.before();
        child.send({ go: true } satisfies ToChild);
      } else if ('result' in message) {
        around.after(before);
        settled = true;
        resolve(message.result);
        child.disconnect();
      } else {
        settled = true;
        reject(new Error(`load generator failed: ${message.failed}`));
      }
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with code ${code} before reporting`));
    });
    child.send({ spec } satisfies ToChild);
  });
}

if (process.argv.includes('--child') && process.send) {
  let go: () => void = () => {};
  process.on('message', (message: ToChild) => {
    if ('go' in message) return go();
    runLoad(
      message.spec,
      () =>
        new Promise<void>((resolve) => {
          go = resolve;
          process.send!({ measuring: true } satisfies ToParent);
        }),
    )
      .then((result) => process.send!({ result } satisfies ToParent))
      .catch((err) => process.send!({ failed: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies ToParent));
  });
}
