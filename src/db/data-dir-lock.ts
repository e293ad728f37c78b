import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// One process per DATA_DIR. Two PGlite instances on one folder each see only their own writes and
// damage the files, so every opener (server, export CLI, db:* scripts) takes this lock first.
//
// The lock itself is held by the kernel: on Linux, a listening socket in the abstract namespace whose
// name derives from the folder's real path (bind is atomic; the kernel releases it when the process
// dies, even by SIGKILL, so a stale lock can never block a restart). Elsewhere, an O_EXCL lock file
// whose holder is checked for liveness. In both cases DATA_DIR/LOCK_FILE describes the holder (pid,
// command, since when) for the refusal message.

export const LOCK_FILE = 'finops.lock';

export interface LockHolder {
  pid: number;
  command: string;
  since: string;
}

/** Another process holds the folder; the message names it. Commands exit with code 2. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by ${
        holder ? `process ${holder.pid} (${holder.command}) since ${holder.since}` : 'another process'
      }; stop it first, or give this one its own DATA_DIR`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/** Folders this process holds: the same process may not open one twice either. */
const heldHere = new Set<string>();

function describeSelf(): LockHolder {
  const args = process.argv.slice(1).map((a) => (a.startsWith(process.cwd()) ? path.relative(process.cwd(), a) : a));
  return { pid: process.pid, command: args.join(' ').slice(0, 200) || 'node', since: new Date().toISOString() };
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, command: String(parsed.command ?? '?'), since: String(parsed.since ?? '?') } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: a kernel-held name. Resolves null when another process (or this one) holds it. */
function listenAbstract(name: string): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    server.listen({ path: name, exclusive: true }, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

/** Elsewhere: O_EXCL lock file; a file left by a dead process is replaced. */
function createLockFile(file: string, self: LockHolder): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(self), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && isAlive(holder.pid)) return false;
      fs.rmSync(file, { force: true });
    }
  }
  return false;
}

/**
 * Takes DATA_DIR for the life of this process (creating the folder, owner-only, if needed); throws
 * DataDirLockedError naming the holder when another process has it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const real = fs.realpathSync(dataDir);
  const file = path.join(real, LOCK_FILE);
  const self = describeSelf();
  if (heldHere.has(real)) throw new DataDirLockedError(real, self);

  let server: net.Server | null = null;
  if (process.platform === 'linux') {
    const name = `\0finops-catalog-data-dir-${createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
    server = await listenAbstract(name);
    if (!server) throw new DataDirLockedError(real, readHolder(file));
    fs.writeFileSync(file, JSON.stringify(self), { mode: 0o600 });
  } else if (!createLockFile(file, self)) {
    throw new DataDirLockedError(real, readHolder(file));
  }
  heldHere.add(real);

  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      heldHere.delete(real);
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
