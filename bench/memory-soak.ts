import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintToken } from '../src/auth/tokens';
import { compareSnapshots } from './heap-diff';

// Memory under writes: runs `npm start` (embedded database, demo data) in a child process, sends
// SOAK_REQUESTS requests (default 10,000; SOAK_WRITE_SHARE of them writes, default 0.25) from
// SOAK_CONNECTIONS clients, and reports the server's RSS and V8 heap before and after, then again
// after SOAK_IDLE_MS of quiet. SOAK_SNAPSHOTS=1 also writes a heap snapshot of the server at both
// points (node --heapsnapshot-signal) and prints the constructors whose retained size grew most.
//
//   npx tsx bench/memory-soak.ts
//   SOAK_REQUESTS=2000 SOAK_SNAPSHOTS=1 npx tsx bench/memory-soak.ts

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 10_000);
const WRITE_SHARE = Number(process.env.SOAK_WRITE_SHARE ?? 0.25);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const IDLE_MS = Number(process.env.SOAK_IDLE_MS ?? 5_000);
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS === '1';
const ROOT = path.resolve(__dirname, '..');

interface Memory {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-soak-'));
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`, '--require', path.join(__dirname, 'memory-probe.cjs'), '--import', 'tsx', path.join(ROOT, 'src/main.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: path.join(dir, 'data'), PORT: '0', DATABASE_URL: '', LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
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
  const org = await post('mutation { createOrganization(input: { name: "Soak vendor", employeeCount: 10, linuxFoundationMember: false }) { organization { id } } }', {}, admin);
  const orgId: string = org.createOrganization.organization.id;
  const vendor = await mintToken({ sub: 'soak-vendor', role: 'VENDOR', org: orgId });
  const product = await post('mutation { createProduct(input: { organizationId: "' + orgId + '", name: "Soak product" }) { product { id } } }', {}, vendor);
  const productId: string = product.createProduct.product.id;
  const demo = await post('{ coverageMatrix(edition: "2023", first: 1, search: "Northwind") { edges { node { product { id } } } } }', {});
  const demoProduct: string | undefined = demo.coverageMatrix?.edges?.[0]?.node?.product?.id;

  let n = 0;
  const one = async () => {
    const i = n++;
    if (Math.floor(i * WRITE_SHARE) !== Math.floor((i + 1) * WRITE_SHARE)) {
      if (i % 3 === 0) {
        await post('mutation ($name: String!) { createOrganization(input: { name: $name, employeeCount: 3, linuxFoundationMember: false }) { organization { id } } }', { name: `Soak org ${i}` }, admin);
      } else if (i % 3 === 1) {
        await post('mutation ($o: ID!, $name: String!) { createProduct(input: { organizationId: $o, name: $name }) { product { id } } }', { o: orgId, name: `Soak product ${i}` }, vendor);
      } else {
        await post('mutation ($p: ID!, $name: String!) { addFeature(input: { productId: $p, name: $name }) { feature { id } } }', { p: productId, name: `Soak feature ${i}` }, vendor);
      }
    } else if (i % 3 === 0 && demoProduct) {
      await post('query ($id: ID!) { product(id: $id) { name coverage(edition: "2023") { capabilities { covered total } meetsMost } } }', { id: demoProduct });
    } else if (i % 3 === 1) {
      await post('{ organizations(first: 20) { totalCount nodes { name } } }', {});
    } else {
      await post('{ frameworkEditions { slug domains { slug } } }', {});
    }
  };
  const burst = async (count: number) => {
    const end = n + count;
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (n < end) await one();
    }));
  };
  const memory = () =>
    new Promise<Memory>((resolve) => {
      child.once('message', (m) => resolve(m as Memory));
      child.send('memory');
    });
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
  const start = await memory();
  process.stderr.write(`warm: ${JSON.stringify(start)}; ${REQUESTS} requests\n`);
  const first = await snapshot('before');
  const t0 = Date.now();
  await burst(REQUESTS);
  const seconds = (Date.now() - t0) / 1000;
  const after = await memory();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idle = await memory();
  const second = await snapshot('after');
  console.log(`${REQUESTS} requests (${Math.round(WRITE_SHARE * 100)}% writes, ${CONNECTIONS} clients) in ${seconds.toFixed(1)} s`);
  console.log('| point | RSS MB | V8 heap used MB | external MB | of which ArrayBuffers (PGlite) MB |\n|---|---:|---:|---:|---:|');
  for (const [label, m] of [['after 500 warm-up requests', start], [`after ${REQUESTS} more`, after], [`after ${IDLE_MS / 1000} s idle`, idle]] as const) {
    console.log(`| ${label} | ${m.rssMb} | ${m.heapUsedMb} | ${m.externalMb} | ${m.arrayBuffersMb} |`);
  }
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (first && second) {
    console.log(compareSnapshots(first, second));
  }
  if (!SNAPSHOTS) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`snapshots in ${dir}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
