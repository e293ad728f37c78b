import type { Logger } from 'pino';
import { recordLoaderBatch, recordSqlStatement } from './metrics';
import { currentScope } from './request-scope';
import { recordSqlSpan } from './tracing';

let slowSql: { logger: Logger; thresholdMs: number } | null = null;

/** Statements at or over thresholdMs are logged (0 = never). */
export function configureSlowSql(logger: Logger, thresholdMs: number): void {
  slowSql = thresholdMs > 0 ? { logger: logger.child({ component: 'sql' }), thresholdMs } : null;
}

/**
 * Called once per SQL statement when it has finished (MikroORM's query logger): its metrics, its span,
 * and a log line when it was slow, naming the subgraph and operation that sent it. The text has
 * placeholders ($1, ?), never values.
 */
export function observeStatement(statement: string, ms: number, failed: boolean): void {
  recordSqlStatement(ms, failed);
  recordSqlSpan(statement, ms, failed);
  if (slowSql && ms >= slowSql.thresholdMs) {
    const scope = currentScope();
    slowSql.logger.warn(
      { ms, subgraph: scope ? (scope.subgraph ?? 'gateway') : null, operation: scope?.operationName ?? null, statement: statement.slice(0, 2000) },
      'slow SQL statement',
    );
  }
}

interface BatchingLoader {
  _batchLoadFn?: (keys: readonly unknown[]) => PromiseLike<ArrayLike<unknown>>;
}

function rowsIn(values: ArrayLike<unknown>): number {
  let rows = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Array.isArray(v)) rows += v.length;
    else if (v !== null && typeof v === 'object' && Array.isArray((v as { rows?: unknown }).rows)) rows += (v as { rows: unknown[] }).rows.length;
    else if (v !== null && v !== undefined && !(v instanceof Error)) rows += 1;
  }
  return rows;
}

/**
 * Counts the batches, keys and rows of every DataLoader in a loader bag (named by its property), by
 * wrapping each loader's batch function (DataLoader 2 keeps it as `_batchLoadFn`). Loaders stay as
 * they are written; a new one is counted without a line of its own.
 */
export function countLoaderBatches<T>(bag: T, prefix: string): T {
  if (bag === null || typeof bag !== 'object') return bag;
  for (const [name, loader] of Object.entries(bag as Record<string, unknown>)) {
    const batching = loader as BatchingLoader | null;
    const batch = batching?._batchLoadFn;
    if (typeof batch !== 'function') continue;
    const label = `${prefix}.${name}`;
    batching!._batchLoadFn = async (keys) => {
      const values = await batch(keys);
      recordLoaderBatch(label, keys.length, rowsIn(values));
      return values;
    };
  }
  return bag;
}
