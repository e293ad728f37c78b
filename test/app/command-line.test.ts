// Careless use at the command line: every command run as a child process, the way `npm run` does.
import { MIGRATIONS } from '../../src/db/migrations';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, PROJECT_ROOT } from '../support/processes';

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function command(script: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(TSX, [script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', DEBUG: '', ...env },
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const token = (...args: string[]) => command('src/scripts/token.ts', args);
const STACK = /\n\s+at |node:internal|Error:/;

/** Bad use: exit 2, exactly one line on stderr, nothing on stdout. */
function expectBadUse(r: Result, message: string): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`${message} (--help shows the usage)\n`);
}

describe('npm run token', () => {
  it('prints its usage on --help and exits 0', async () => {
    const r = await token('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run token -- --role <vendor\|reviewer\|tac\|admin>/);
  });

  it('refuses bad use with one line and exit code 2', async () => {
    const [missing, vendor, unknown, option, tooLong] = await Promise.all([
      token(),
      token('--role', 'vendor'),
      token('--role', 'boss'),
      token('--role', 'admin', '--bogus'),
      token('--role', 'admin', '--expires', '2d'),
    ]);
    expectBadUse(missing, '--role is required');
    expectBadUse(vendor, '--org <organization id> is required for a vendor token');
    expectBadUse(unknown, '--role must be one of vendor, reviewer, tac, admin; got "boss"');
    expectBadUse(option, "Unknown option '--bogus'");
    expectBadUse(tooLong, '--expires 2d is longer than AUTH_MAX_TOKEN_LIFETIME (86400 s): the gateway would refuse it');
  });

  it('mints a token that expires (12 h by default)', async () => {
    const r = await token('--role', 'admin');
    expect(r.code).toBe(0);
    const claims = JSON.parse(Buffer.from(r.stdout.trim().split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ role: 'ADMIN', sub: 'dev-admin' });
    expect(claims.exp - claims.iat).toBe(12 * 3600);
  });
});

describe('npm run export', () => {
  it('an --out in a folder that does not exist: one line, exit 2, no file', async () => {
    const r = await command('src/scripts/export.ts', ['coverage-matrix', '--out', '/nonexistent/dir/x.csv'], {
      DATABASE_URL: inject('database').url,
    });
    expectBadUse(r, '--out /nonexistent/dir/x.csv: the folder /nonexistent/dir does not exist; create it first or choose another path');
  });

  it('prints its usage on --help', async () => {
    const r = await command('src/scripts/export.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run export -- <coverage-matrix\|gap-report\|certification-status\|awards>/);
  });
});

describe('npm run db:*', () => {
  it('db:seed before db:migrate says what to do next, without SQL or a stack trace', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-seed-first-'));
    dirs.push(dataDir);
    const r = await command('src/scripts/db.ts', ['seed'], { DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`db seed failed: ${MIGRATIONS.length} migration(s) not applied yet: run npm run db:migrate first\n`);
  }, 120_000);

  it('prints the usage on --help; an unknown command is bad use', async () => {
    const help = await command('src/scripts/db.ts', ['migrate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run db:migrate/);
    expectBadUse(await command('src/scripts/db.ts', ['migrat']), 'unknown command "migrat"');
  });
});

describe('npm start', () => {
  it('a PostgreSQL server that is not there: one line with a hint, exit 1', async () => {
    const port = await freePort();
    const r = await command('src/main.ts', [], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/catalog`, PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `start failed: cannot reach PostgreSQL at 127.0.0.1:${port} (database catalog) (ECONNREFUSED): is PostgreSQL running there? Check DATABASE_URL, or unset it to use the embedded database\n`,
    );
    expect(r.stderr).not.toMatch(STACK);
  });

  it('prints its usage on --help', async () => {
    const r = await command('src/main.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm start/);
  });
});
