import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintToken } from '../src/auth/tokens';
import { compareSnapshots } from './heap-diff';
import { withScratchDatabase } from './scratch-database';
import { type MemoryBreakdown, soakVerdict } from './server-memory';

// Memory under writes: runs `npm start` (demo data) in a child process, sends SOAK_ROUNDS rounds
// (default 3) of SOAK_REQUESTS requests each (default 3,000; SOAK_WRITE_SHARE of them writes, default
// 0.25) from SOAK_CONNECTIONS clients, and reports after a full GC, before and after every round and
// after SOAK_IDLE_MS of quiet, the server's RSS split into the V8 heap, Node's external memory
// (ArrayBuffers among it) and WebAssembly linear memory (the embedded database, PGlite), with a
// verdict (soakVerdict in server-memory.ts; SOAK_TOLERANCE_MB, default 32). Any failed request makes
// the run invalid (exit code 1).
// SOAK_TARGET=embedded (default: PGlite in the server's process) or postgres (a scratch database on
// BENCH_DATABASE_URL's server, default postgresql://postgres@127.0.0.1:5432/postgres, dropped after).
// SOAK_SNAPSHOTS=1 also writes a heap snapshot of the server before the first and after the last
// round (node --heapsnapshot-signal) and prints the constructors whose retained size grew most.
//
//   npx tsx bench/memory-soak.ts
//   SOAK_TARGET=postgres SOAK_REQUESTS=3000 npx tsx bench/memory-soak.ts

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 3_000);
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 3);
const WRITE_SHARE = Number(process.env.SOAK_WRITE_SHARE ?? 0.25);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const IDLE_MS = Number(process.env.SOAK_IDLE_MS ?? 5_000);
const TOLERANCE_MB = Number(process.env.SOAK_TOLERANCE_MB ?? 32);
const TARGET = process.env.SOAK_TARGET ?? 'embedded';
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS === '1';
const ROOT = path.resolve(__dirname, '..');

type Memory = MemoryBreakdown;

async function main(): Promise<void> {
  if (TARGET === 'postgres') {
    await withScratchDatabase('finops_soak', (url) => soak(url));
  } else if (TARGET === 'embedded') {
    await soak('');
  } else {
    throw new Error(`SOAK_TARGET must be embedded or postgres, not ${TARGET}`);
  }
}

async function soak(databaseUrl: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-soak-'));
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--heapsnapshot-signal=SIGUSR2',
      `--diagnostic-dir=${dir}`,
      '--require',
      path.join(__dirname, 'memory-probe.cjs'),
      '--import',
      'tsx',
      path.join(ROOT, 'src/main.ts'),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: path.join(dir, 'data'), PORT: '0', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  // Whatever happens here, the server does not outlive the soak.
  process.on('exit', () => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /FinOps catalog ready: (\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    }, 100);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });

  const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const admin = await mintToken({ sub: 'soak-admin', role: 'ADMIN' });
  const org = await post(
    'mutation { createOrganization(input: { name: "Soak vendor", employeeCount: 10, linuxFoundationMember: false }) { organization { id } } }',
    {},
    admin,
  );
  const orgId: string = org.createOrganization.organization.id;
  const vendor = await mintToken({ sub: 'soak-vendor', role: 'VENDOR', org: orgId });
  const product = await post(
    'mutation { createProduct(input: { organizationId: "' + orgId + '", name: "Soak product" }) { product { id } } }',
    {},
    vendor,
  );
  const productId: string = product.createProduct.product.id;
  const demo = await post('{ coverageMatrix(edition: "2023", first: 1, search: "Northwind") { edges { node { product { id } } } } }', {});
  const demoProduct: string | undefined = demo.coverageMatrix?.edges?.[0]?.node?.product?.id;

  let n = 0;
  const one = async () => {
    const i = n++;
    if (Math.floor(i * WRITE_SHARE) !== Math.floor((i + 1) * WRITE_SHARE)) {
      if (i % 3 === 0) {
        await post(
          'mutation ($name: String!) { createOrganization(input: { name: $name, employeeCount: 3, linuxFoundationMember: false }) { organization { id } } }',
          { name: `Soak org ${i}` },
          admin,
        );
      } else if (i % 3 === 1) {
        await post(
          'mutation ($o: ID!, $name: String!) { createProduct(input: { organizationId: $o, name: $name }) { product { id } } }',
          { o: orgId, name: `Soak product ${i}` },
          vendor,
        );
      } else {
        await post(
          'mutation ($p: ID!, $name: String!) { addFeature(input: { productId: $p, name: $name }) { feature { id } } }',
          { p: productId, name: `Soak feature ${i}` },
          vendor,
        );
      }
    } else if (i % 3 === 0 && demoProduct) {
      await post('query ($id: ID!) { product(id: $id) { name coverage(edition: "2023") { capabilities { covered total } meetsMost } } }', {
        id: demoProduct,
      });
    } else if (i % 3 === 1) {
      await post('{ organizations(first: 20) { totalCount nodes { name } } }', {});
    } else {
      await post('{ frameworkEditions { slug domains { slug } } }', {});
    }
  };
  let failures = 0;
  let firstFailure = '';
  const burst = async (count: number) => {
    const end = n + count;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (n < end) {
          try {
            await one();
          } catch (err) {
            failures++;
            firstFailure ||= String(err).slice(0, 300);
          }
        }
      }),
    );
  };
  // A moment of quiet first: pages the collector and malloc free right after a burst are not held.
  const memory = async () => {
    await new Promise((r) => setTimeout(r, 2000));
    return new Promise<Memory>((resolve) => {
      child.once('message', (m) => resolve(m as Memory));
      child.send('memory');
    });
  };
  const snapshot = async (label: string): Promise<string | null> => {
    if (!SNAPSHOTS) return null;
    const before = new Set(fs.readdirSync(dir));
    child.kill('SIGUSR2');
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const file = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
      if (file && fs.statSync(path.join(dir, file)).size > 0) {
        await new Promise((r) => setTimeout(r, 3000));
        const target = path.join(dir, `${label}.heapsnapshot`);
        fs.renameSync(path.join(dir, file), target);
        return target;
      }
    }
  };

  process.stderr.write(`server ready at ${url}; warming up\n`);
  await burst(500);
  const points: { label: string; memory: Memory; seconds?: number }[] = [{ label: 'after 500 warm-up requests', memory: await memory() }];
  process.stderr.write(`warm: ${JSON.stringify(points[0].memory)}\n`);
  const first = await snapshot('before');
  for (let round = 1; round <= ROUNDS; round++) {
    const t0 = Date.now();
    await burst(REQUESTS);
    const seconds = (Date.now() - t0) / 1000;
    points.push({ label: `after round ${round} (${REQUESTS} requests)`, memory: await memory(), seconds });
    process.stderr.write(`round ${round}: ${seconds.toFixed(1)} s, ${JSON.stringify(points[points.length - 1].memory)}\n`);
  }
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idle = await memory();
  const second = await snapshot('after');
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));

  const total = ROUNDS * REQUESTS;
  console.log(
    `${TARGET} database: ${ROUNDS} rounds of ${REQUESTS} requests (${Math.round(WRITE_SHARE * 100)}% writes, ${CONNECTIONS} clients), ${failures} failed of ${total}`,
  );
  console.log(
    '| point | s | RSS MB | V8 heap used / total (young generation) MB | external MB | of which ArrayBuffers MB | WebAssembly memory MB |\n|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const { label, memory: m, seconds } of [...points, { label: `after ${IDLE_MS / 1000} s idle`, memory: idle, seconds: undefined }]) {
    console.log(
      `| ${label} | ${seconds?.toFixed(0) ?? ''} | ${m.rssMb} | ${m.heapUsedMb} / ${m.heapTotalMb} (${m.newSpaceMb}) | ${m.externalMb} | ${m.arrayBuffersMb} | ${m.wasmMb} |`,
    );
  }
  if (first && second) console.log(compareSnapshots(first, second));
  if (!SNAPSHOTS) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`snapshots in ${dir}`);
  if (failures > 0) {
    console.log(`verdict: INVALID, ${failures} requests failed (first: ${firstFailure})`);
    process.exitCode = 1;
    return;
  }
  const verdict = soakVerdict(
    points.slice(1).map((p) => p.memory),
    idle,
    TOLERANCE_MB,
  );
  const a = points[1].memory;
  const b = points[points.length - 1].memory;
  console.log(
    `verdict: ${verdict.bounded ? 'bounded' : 'NOT bounded'} (tolerance ${TOLERANCE_MB} MB): from round 1 to round ${ROUNDS}, V8 heap used + external ${verdict.liveGrowthMb} MB ` +
      `(V8 heap ${b.heapUsedMb - a.heapUsedMb}, external ${b.externalMb - a.externalMb}, of which WebAssembly ${b.wasmMb - a.wasmMb}); RSS after the idle ${verdict.idleGrowthMb} MB against round 1`,
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
