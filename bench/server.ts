import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cpuMs, rssMb } from './proc';

// The server under test, started the way production starts it: the package.json `start` script's
// command (whatever it is at the time: one process, several, compiled or not), NODE_ENV=production,
// the bench database, fixed ports, a bench signing secret. Its own process group, so it and every
// process it starts can be stopped together.

const ROOT = path.resolve(__dirname, '..');

export const BENCH_PORTS = { gateway: 4610, framework: 4611, membership: 4612, catalog: 4613, certification: 4614 } as const;
export const JWT_SECRET = 'bench-jwt-secret-0123456789abcdef-not-for-production';
export const SUBGRAPH_SECRET = 'bench-subgraph-secret-0123456789abcdef';
/** Production refuses to start without a badge signing key and a public URL: a key made for the bench. */
export const BENCH_BADGES = {
  BADGE_SIGNING_KEY: JSON.stringify({
    kty: 'OKP',
    crv: 'Ed25519',
    d: 'ZtMiuDCC1n6wgQToYk7e4y6WrfbWXXWhOcSwPgnytX8',
    x: 'OCMIH6PAvpoGxzwe5t63IRZOXgZVY_lxIcv0mq4xdjk',
  }),
  PUBLIC_URL: 'http://127.0.0.1:4610',
};

export interface ServerProcess {
  pid: number;
  url: string;
  /** The command line that was run (for the report). */
  command: string;
  cpuMs(): number;
  rssMb(): number;
  stop(): Promise<void>;
}

function startCommand(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return pkg.scripts.start;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts `npm start`'s command (run by sh with node_modules/.bin on the PATH, as npm would, without
 * an npm process in the measured tree). `cpus` pins the whole tree (e.g. "0" for one core).
 */
export async function startServer(options: {
  databaseUrl: string;
  env?: Record<string, string>;
  cpus?: string;
  dataDir: string;
}): Promise<ServerProcess> {
  const command = startCommand();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: options.dataDir,
    PORT: String(BENCH_PORTS.gateway),
    HOST: '127.0.0.1',
    FRAMEWORK_PORT: String(BENCH_PORTS.framework),
    MEMBERSHIP_PORT: String(BENCH_PORTS.membership),
    CATALOG_PORT: String(BENCH_PORTS.catalog),
    CERTIFICATION_PORT: String(BENCH_PORTS.certification),
    AUTH_JWT_SECRET: JWT_SECRET,
    SUBGRAPH_SECRET,
    ...BENCH_BADGES,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const argv = options.cpus ? ['taskset', '-c', options.cpus, 'sh', '-c', command] : ['sh', '-c', command];
  const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const pid = child.pid!;
  const url = `http://127.0.0.1:${BENCH_PORTS.gateway}/graphql`;
  try {
    await waitUntilReady(`http://127.0.0.1:${BENCH_PORTS.gateway}/readyz`, child, () => output, 180_000);
  } catch (err) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    throw err;
  }
  return {
    pid,
    url,
    command: `${options.cpus ? `taskset -c ${options.cpus} ` : ''}${command}`,
    cpuMs: () => cpuMs([pid]),
    rssMb: () => rssMb([pid]),
    stop: () => stopGroup(child, () => output),
  };
}

/** SIGTERM to the whole process group, SIGKILL if it has not exited within 15 s. */
export async function stopGroup(child: ChildProcess, output: () => string = () => ''): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    process.stderr.write(`[bench] the process group ${child.pid} did not stop on SIGTERM; killing it\n${output().slice(-2000)}\n`);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }, 15_000);
  await exited;
  clearTimeout(timer);
  // The shell may exit before the processes it started: give them a moment, then make sure.
  await new Promise((r) => setTimeout(r, 300));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // the group is empty: good
  }
}
