import { DefaultLogger, type LogContext, type LoggerNamespace, type LoggerOptions } from '@mikro-orm/core';
import { sqlLoggingEnabled } from '../config/process-env';

// Counts the SQL statements the process sends, so tests and the benchmark can show that an
// operation issues a fixed number of statements whatever the amount of data (no N+1).
let statements = 0;

export const sqlStatements = {
  count: (): number => statements,
  reset: (): void => {
    statements = 0;
  },
  /** Runs fn and returns how many statements it issued (meaningful when nothing else runs). */
  async during<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const before = statements;
    const result = await fn();
    return { result, statements: statements - before };
  },
};

/**
 * MikroORM logs every statement under the `query` namespace; this logger counts them and prints
 * only when query logging was asked for (LOG_SQL=1).
 */
export class CountingLogger extends DefaultLogger {
  constructor(options: LoggerOptions) {
    super(options);
  }

  /** Read each time, so LOG_SQL=1 can be switched on in a running process (tests, profiling). */
  private get printQueries(): boolean {
    return sqlLoggingEnabled();
  }

  override isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    return namespace === 'query' || super.isEnabled(namespace, context);
  }

  override logQuery(context: { query: string } & LogContext): void {
    statements += 1;
    if (this.printQueries) super.logQuery(context);
  }

  override log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    if (namespace === 'query' && !this.printQueries) return;
    super.log(namespace, message, context);
  }
}
