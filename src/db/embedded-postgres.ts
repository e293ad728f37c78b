import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DataDirLock, lockDataDir } from './data-dir-lock';
import { startScramFront } from './scram-front';

export interface EmbeddedPostgres {
  /** Carries this process's own random password: pass it only to trusted children (tests). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The only role the embedded database admits; the password is made up per process. */
export const EMBEDDED_USER = 'postgres';

/**
 * PGlite is PostgreSQL compiled to WebAssembly, running inside this Node process: its buffers and
 * memory contexts live in one WebAssembly linear memory, which can grow but never shrink, and whose
 * pages count in the process's RSS once touched. PGlite's defaults are a server's (shared_buffers
 * 128 MB, wal_buffers 4 MB): under writes the buffer pool fills page by page and the process keeps
 * that memory for good. These caps bound it; the operating system's file cache (DATA_DIR is a real
 * folder) is the second level, as for any PostgreSQL. Measured in the README (Memory under writes).
 */
export const EMBEDDED_MEMORY_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '32MB',
  wal_buffers: '1MB',
  temp_buffers: '4MB',
  work_mem: '4MB',
  maintenance_work_mem: '16MB',
};

/** PGlite's own start parameters plus the memory caps, as `-c name=value` pairs. */
export function embeddedStartParams(): string[] {
  return [...PGlite.defaultStartParams, ...Object.entries(EMBEDDED_MEMORY_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
}

/** Unix socket paths are limited to ~107 bytes; a deep DATA_DIR falls back to a private temporary folder. */
const MAX_SOCKET_PATH = 100;

/**
 * PGlite behind PGLiteSocketServer speaks the Postgres wire protocol, so the product uses the very
 * same @mikro-orm/postgresql driver for the embedded database as for a real server.
 *
 * dataDir null keeps everything in memory (tests); a folder (DATA_DIR) keeps data across restarts and
 * is locked for the life of the process (the files live in DATA_DIR/pgdata). PGLiteSocketServer
 * itself listens only on a Unix socket in an owner-only folder; the loopback port in the URL is a
 * front that demands the user `postgres` and a random per-process password (SCRAM-SHA-256).
 */
export async function startEmbeddedPostgres(options: { dataDir: string | null; port?: number; maxConnections?: number }): Promise<EmbeddedPostgres> {
  const lock: DataDirLock | null = options.dataDir ? await lockDataDir(options.dataDir) : null;
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c();
    await lock?.release();
  };
  try {
    let socketDir = options.dataDir ? path.join(fs.realpathSync(options.dataDir), 'socket') : null;
    if (socketDir && socketDir.length + '/.s.PGSQL.5432'.length <= MAX_SOCKET_PATH) {
      fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
      fs.chmodSync(socketDir, 0o700);
    } else {
      socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-pg-'));
      const tmp = socketDir;
      cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
    }
    const socketPath = path.join(socketDir, '.s.PGSQL.5432');
    // We hold DATA_DIR's lock (or the folder is new): a socket file left here is a dead process's.
    fs.rmSync(socketPath, { force: true });

    const startParams = embeddedStartParams();
    const db = options.dataDir
      ? await PGlite.create({ dataDir: path.join(options.dataDir, 'pgdata'), startParams })
      : await PGlite.create({ startParams });
    // Closing PGlite flushes its files: a clean stop loses nothing that was committed.
    cleanups.push(() => db.close());
    const maxConnections = options.maxConnections ?? 8;
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
    await server.start();
    cleanups.push(() => server.stop());
    fs.chmodSync(socketPath, 0o600);

    const password = randomBytes(24).toString('base64url');
    const front = await startScramFront({
      user: EMBEDDED_USER,
      password,
      upstreamPath: socketPath,
      host: '127.0.0.1',
      port: options.port ?? 0,
      maxConnections,
    });
    cleanups.push(() => front.stop());
    let stopped = false;
    return {
      url: `postgresql://${EMBEDDED_USER}:${password}@127.0.0.1:${front.port}/postgres`,
      port: front.port,
      async stop() {
        if (stopped) return;
        stopped = true;
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
