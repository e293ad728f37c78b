import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';

/**
 * What every log line, metric and span of one request needs to know about it, carried through its
 * async calls: set at the door of the gateway or a subgraph, filled in as the request is understood.
 */
export interface RequestScope {
  traceId: string;
  /** The subgraph answering (unset at the gateway). */
  subgraph?: string;
  /** The operation name as the client (or the gateway, for a subgraph fetch) sent it. */
  operationName?: string;
  /** query, mutation or subscription, once the gateway has parsed the document. */
  operationType?: string;
  /** The caller's role, or anonymous; never the token. */
  role?: string;
  /** Error codes of the answer (top-level errors), and whether a mutation payload carried errors. */
  errorCodes?: string[];
  payloadErrors?: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The trace id of a W3C traceparent header, when it carries a valid one. */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const value = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const m = value ? TRACEPARENT.exec(value.trim()) : null;
  return m && !/^0+$/.test(m[1]) ? m[1] : undefined;
}

// Random bytes drawn 4 KiB at a time and handed out in order (each byte once), instead of asking
// the generator for 16 or 8 bytes on every request and subgraph fetch.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}

export function newTraceId(): string {
  return randomHex(16);
}

/** A traceparent that carries only the trace id (not sampled): log lines still correlate when tracing is off. */
export function unsampledTraceparent(traceId: string): string {
  return `00-${traceId}-${randomHex(8)}-00`;
}

/** pino mixin: every log line written inside a request names its trace. */
export function traceMixin(): Record<string, unknown> {
  const scope = storage.getStore();
  return scope ? { traceId: scope.traceId } : {};
}
