import { ConfigError } from '../config/env';
import { debugStackTraces, rawDatabaseUrl } from '../config/process-env';
import { DataDirLockedError } from '../db/data-dir-lock';

// Every command (npm start, db:*, token, export) ends the same way: usage on --help (exit 0); one
// clear line and exit code 2 on bad use (arguments, configuration, a DATA_DIR another process
// holds); on a failure one line saying what went wrong and what to do next (exit 1). Stack traces
// only with DEBUG=1.

/** Bad use of a command: its message (usually ending with the usage line) is all that is printed. */
export class UsageError extends Error {}

/** --help: prints the usage and exits 0. */
export class HelpRequested extends Error {}

interface DriverError {
  code?: string;
  message?: string;
  address?: string;
  port?: number;
}

/** Where DATABASE_URL points, without its password. */
function databaseTarget(): string {
  const raw = rawDatabaseUrl();
  if (!raw) return 'the embedded database';
  try {
    const url = new URL(raw);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432} (database ${url.pathname.slice(1) || 'postgres'})`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** One line saying what went wrong and what to do next, for the failures people actually meet. */
export function explainFailure(err: unknown): string {
  const e = (err ?? {}) as DriverError;
  const code = e.code ?? '';
  const message = e.message ?? String(err);
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(code) ||
    /ECONNREFUSED|Timeout acquiring a connection/.test(message)
  ) {
    return `cannot reach ${databaseTarget()} (${code || 'no connection'}): is PostgreSQL running there? Check DATABASE_URL, or unset it to use the embedded database`;
  }
  if (code === '28P01' || code === '28000') return `${databaseTarget()} refused the login (${message}): check the user and password in DATABASE_URL`;
  if (code === '3D000') return `${message} at ${databaseTarget()}: create it (createdb) or fix the database name in DATABASE_URL`;
  if (code === '42P01' || code === '42703')
    return `the database schema is missing or out of date (${message.split(' - ').pop()}): run npm run db:migrate first`;
  if (code === 'EADDRINUSE')
    return `${e.address ?? ''}:${e.port ?? ''} is already in use: stop what listens there, or set PORT (and *_PORT) to free ports`;
  if (code === 'EACCES' && e.port !== undefined) return `not allowed to listen on port ${e.port}: choose a port above 1023 (PORT)`;
  if (code === '57014') return 'a statement took longer than DB_STATEMENT_TIMEOUT_MS and was cancelled: raise it for this command';
  return message.split('\n')[0];
}

/**
 * Runs a command's main and turns every ending into an exit code and at most a few lines on stderr.
 * `what` names the command in failure lines ("export failed: …").
 */
export function runCommand(what: string, usage: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message} (--help shows the usage)\n`);
      process.exit(2);
    }
    if (err instanceof ConfigError || err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${what} failed: ${explainFailure(err)}\n`);
    if (debugStackTraces()) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
