// A database that keeps the connection open but sends nothing would hold a request (and, with a
// small pool, every request behind it) forever: TCP sees nothing wrong. Each statement on a pooled
// connection therefore runs under a watchdog a little longer than the server's own statement_timeout
// (which cancels slow statements and keeps the connection). When the watchdog fires, the server is
// not answering at all: the statement fails with ETIMEDOUT (reported as DATABASE_UNAVAILABLE) and the
// connection is destroyed, never reused (a late answer would otherwise be read as the next
// statement's), so the pool opens a fresh one once the database answers again.

/** Time the server gets beyond its statement_timeout to report the cancellation itself. */
export const WATCHDOG_GRACE_MS = 1000;

type Callback = (err: Error | null, result?: unknown) => void;

interface PgConnection {
  query: (...args: unknown[]) => unknown;
  connection?: { stream?: { destroy(): void } };
  /** knex drops a connection that carries this mark instead of handing it out again. */
  __knex__disposed?: unknown;
}

export class DatabaseTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`The database did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** Wraps a pg client's callback-style query (the form knex uses); streams pass through unguarded. */
export function watchConnection(conn: PgConnection, timeoutMs: number): void {
  const query = conn.query.bind(conn);
  conn.query = (...args: unknown[]) => {
    const at = args.findIndex((a) => typeof a === 'function');
    if (at < 0) return query(...args);
    const callback = args[at] as Callback;
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      const err = new DatabaseTimeoutError(timeoutMs);
      // Its own value: knex prefixes the SQL to the error it reports, and logs this one.
      conn.__knex__disposed = `no answer within ${timeoutMs} ms`;
      conn.connection?.stream?.destroy();
      callback(err);
    }, timeoutMs);
    args[at] = (err: Error | null, result?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callback(err, result);
    };
    return query(...args);
  };
}
