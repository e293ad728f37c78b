// The embedded database's two doors: its folder (one process at a time) and its socket (only this
// process's own password). Both tested from outside: processes, pg and psql.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { type Child, freePort, PROJECT_ROOT, spawnMain } from '../support/processes';

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `npm run db:<command>` as a child process; resolves with its exit code and output. */
async function dbScript(command: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(TSX, ['src/scripts/db.ts', command], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function exitCode(child: Child): Promise<number | null> {
  if (child.process.exitCode !== null) return Promise.resolve(child.process.exitCode);
  return new Promise((resolve) => child.process.once('exit', (code) => resolve(code)));
}

describe('DATA_DIR is held by one process at a time', () => {
  it('a second server or db script on the same folder refuses at once naming the holder; a SIGKILLed holder does not block a restart', async () => {
    const dataDir = tempDir('finops-lock-');
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', SEED_DEMO: 'false' };
    const first: Child = spawnMain([], { ...env, PORT: String(await freePort()) });
    cleanups.push(() => first.stop('SIGKILL'));
    // A first start (initdb, migrations, seeds) is slow on a busy machine.
    await first.waitFor(/FinOps catalog ready/, 240_000);
    const pid = first.process.pid!;

    const second = spawnMain([], { ...env, PORT: String(await freePort()) });
    cleanups.push(() => second.stop('SIGKILL'));
    const started = Date.now();
    expect(await exitCode(second)).toBe(2);
    // "At once": before any database work; the bound is loose because starting tsx alone takes seconds on a busy machine.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(second.output()).toMatch(new RegExp(`DATA_DIR .* is in use by process ${pid} \\(.*src/main\\.ts.*\\) since \\d{4}-\\d\\d-\\d\\dT`));
    expect(second.output()).not.toMatch(/\n\s+at /);

    const seed = await dbScript('seed', env);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain(`in use by process ${pid}`);

    // SIGKILL leaves the lock file behind; the kernel released the lock itself, so a restart proceeds.
    expect(await first.stop('SIGKILL')).toBe(null);
    expect(fs.existsSync(path.join(dataDir, 'finops.lock'))).toBe(true);
    const third = spawnMain([], { ...env, PORT: String(await freePort()) });
    cleanups.push(() => third.stop('SIGKILL'));
    await third.waitFor(/FinOps catalog ready/, 240_000);
    expect(await third.stop('SIGTERM')).toBe(0);
    // A clean stop removes the description of the holder.
    expect(fs.existsSync(path.join(dataDir, 'finops.lock'))).toBe(false);
  }, 600_000);

  it('one process cannot open the same folder twice either', async () => {
    const dataDir = tempDir('finops-lock-self-');
    const db = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => db.stop());
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(`DATA_DIR ${fs.realpathSync(dataDir)} is in use by process ${process.pid}`);
    await db.stop();
    const again = await startEmbeddedPostgres({ dataDir });
    await again.stop();
  }, 180_000);
});

describe("the embedded database's socket", () => {
  it('admits only the user postgres with this process’s own password, over pg and psql', async () => {
    // A DATA_DIR that does not exist yet: created owner-only.
    const dataDir = path.join(tempDir('finops-socket-'), 'data');
    const db = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => db.stop());
    const url = new URL(db.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.password.length).toBeGreaterThanOrEqual(32);

    const ok = new pg.Client(db.url);
    await ok.connect();
    expect((await ok.query('select current_user as who')).rows).toEqual([{ who: 'postgres' }]);
    await ok.end();

    const attempt = async (change: (u: URL) => void) => {
      const u = new URL(db.url);
      change(u);
      const client = new pg.Client(u.toString());
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.end();
        return 'connected';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    expect(await attempt((u) => (u.password = 'postgres'))).toBe('28P01');
    expect(await attempt((u) => (u.password = 'x'.repeat(32)))).toBe('28P01');
    expect(await attempt((u) => (u.username = 'mallory'))).toBe('28000');
    expect(await attempt((u) => (u.username = 'root'))).toBe('28000');

    const psql = async (target: string) => {
      try {
        return (await run('psql', [target, '-Atc', 'select 40 + 2'], { env: { ...process.env, PGCONNECT_TIMEOUT: '5' } })).stdout.trim();
      } catch (err) {
        return (err as { stderr: string }).stderr;
      }
    };
    expect(await psql(db.url)).toBe('42');
    const wrong = new URL(db.url);
    wrong.password = 'guess';
    expect(await psql(wrong.toString())).toMatch(/password authentication failed for user "postgres"/);
    const foreign = new URL(db.url);
    foreign.username = 'mallory';
    expect(await psql(foreign.toString())).toMatch(/role "mallory" is not permitted/);

    // The database itself listens only on a Unix socket in an owner-only folder inside DATA_DIR.
    const socketDir = path.join(dataDir, 'socket');
    expect(fs.statSync(socketDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(socketDir, '.s.PGSQL.5432')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dataDir).mode & 0o077).toBe(0);
  }, 180_000);
});
