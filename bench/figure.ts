import { type Counts, type Item, type LoadResult, type LoadSpec, loadInChild } from './load-generator';

// A measured figure: the load generator's counts, the server's CPU over exactly the measured window,
// and a verdict. Any error (HTTP, socket, timeout, GraphQL, payload) makes the figure invalid, and an
// invalid figure carries its counts but no rate and no percentiles: it cannot be quoted as a result.

export interface Figure extends Counts {
  valid: boolean;
  invalidReason?: string;
  throughput: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
  /** CPU (user + system) of the measured processes' trees during the window, per successful request. */
  cpuMsPerRequest: number | null;
  cpuMs: number;
}

export function invalidFigure(reason: string): Figure {
  return {
    valid: false,
    invalidReason: reason,
    requests: 0,
    errors: 0,
    httpErrors: 0,
    socketErrors: 0,
    timeouts: 0,
    graphqlErrors: 0,
    payloadErrors: 0,
    durationMs: 0,
    throughput: null,
    p50: null,
    p95: null,
    p99: null,
    mean: null,
    max: null,
    cpuMsPerRequest: null,
    cpuMs: 0,
  };
}

export function toFigure(load: LoadResult, cpuMs: number): Figure {
  const ok = load.requests - load.errors;
  const valid = load.errors === 0 && load.requests > 0;
  const base = {
    requests: load.requests,
    errors: load.errors,
    httpErrors: load.httpErrors,
    socketErrors: load.socketErrors,
    timeouts: load.timeouts,
    graphqlErrors: load.graphqlErrors,
    payloadErrors: load.payloadErrors,
    ...(load.firstError ? { firstError: load.firstError } : {}),
    durationMs: load.durationMs,
    cpuMs: Math.round(cpuMs),
  };
  if (!valid) {
    const reason = load.requests === 0 ? 'no request completed' : `${load.errors} of ${load.requests} requests failed`;
    return { valid, invalidReason: reason, ...base, throughput: null, p50: null, p95: null, p99: null, mean: null, max: null, cpuMsPerRequest: null };
  }
  return {
    valid,
    ...base,
    throughput: load.throughput,
    p50: load.p50,
    p95: load.p95,
    p99: load.p99,
    mean: load.mean,
    max: load.max,
    cpuMsPerRequest: Math.round((cpuMs / ok) * 100) / 100,
  };
}

/** Runs a load from a child process and samples the CPU of `processes` around the measured window. */
export async function measure(items: Item[], processes: { cpuMs(): number }[], options: Omit<LoadSpec, 'items'>): Promise<Figure> {
  const total = () => processes.reduce((sum, p) => sum + p.cpuMs(), 0);
  let used = 0;
  const load = await loadInChild({ items, ...options }, { before: total, after: (before) => (used = total() - before) });
  return toFigure(load, used);
}
