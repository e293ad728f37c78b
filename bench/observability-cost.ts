import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import {
  enableMetrics,
  recordCacheLookup,
  recordGatewayRequest,
  recordLoaderBatch,
  recordSqlStatement,
  recordSubgraphFetch,
  recordSubgraphRequest,
} from '../src/observability/metrics';
import { newTraceId, runInScope } from '../src/observability/request-scope';
import { savedOperations } from '../src/playground/saved-operations';
import { runLoad } from './load-generator';

// What metrics and tracing cost: the all-in-one product in a process of its own on the PostgreSQL
// server, ProductCoverage of the demo product through the gateway, with metrics off/on and tracing
// off/on (spans sent to an OTLP receiver in this process). Variants alternate, round after round, so
// a noisy neighbour hurts them alike. Prints req/s, p50/p99 and server CPU per request.
//
//   npx tsx bench/observability-cost.ts          knobs: COST_DATABASE_URL, COST_DURATION_MS, COST_CONNECTIONS, COST_ROUNDS

const ROOT = path.resolve(__dirname, '..');
const serverUrl = process.env.COST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const durationMs = Number(process.env.COST_DURATION_MS ?? 10_000);
const connections = Number(process.env.COST_CONNECTIONS ?? 8);
const rounds = Number(process.env.COST_ROUNDS ?? 2);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function freshDatabase(): Promise<string> {
  const name = 'observability_cost';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startProduct(databaseUrl: string, env: Record<string, string>, cwd = ROOT): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, DB_POOL_MAX: '4', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${out}`)), 120_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('FinOps catalog ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/graphql` };
}

/**
 * The recording calls one ProductCoverage request makes with metrics on (one gateway request, one
 * fetch, one subgraph request, 6 statements, 2 loader batches, one cache lookup), timed in a loop:
 * CPU per request that no load-test noise hides.
 */
function recordingCostMicroseconds(): number {
  enableMetrics();
  const once = () =>
    runInScope({ traceId: newTraceId(), subgraph: 'catalog' }, () => {
      recordGatewayRequest('ProductCoverage', 'query', 'ok', 0.02);
      recordSubgraphFetch('catalog', 'ok', 0.015);
      recordSubgraphRequest('catalog', 0.012);
      for (let i = 0; i < 6; i++) recordSqlStatement(1, false);
      recordLoaderBatch('catalog.product', 1, 1);
      recordLoaderBatch('catalog.coveredCapabilities', 1, 14);
      recordCacheLookup('framework_snapshot', true);
    });
  for (let i = 0; i < 20_000; i++) once();
  const n = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) once();
  return ((performance.now() - t0) * 1000) / n;
}

async function main(): Promise<void> {
  process.stdout.write(`metrics recording per ProductCoverage request: ${recordingCostMicroseconds().toFixed(2)} µs of CPU\n`);
  let spans = 0;
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      spans += (body.match(/"spanId"/g) ?? []).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const otlp = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}`;
  const databaseUrl = await freshDatabase();
  const query = savedOperations(['ProductCoverage'])[0].query;

  // COST_BEFORE_DIR: a checkout of the product before this work (with node_modules), as one more variant.
  const before = process.env.COST_BEFORE_DIR;
  const variants: Record<string, () => Promise<Record<string, string>>> = {
    ...(before ? { 'before (COST_BEFORE_DIR)': async () => ({}) } : {}),
    'metrics off, tracing off': async () => ({}),
    'metrics on': async () => ({ METRICS_PORT: String(await freePort()) }),
    'tracing on (every request sampled)': async () => ({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: otlp }),
    'metrics on, tracing on': async () => ({
      METRICS_PORT: String(await freePort()),
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    }),
  };
  const results: Record<string, { rps: number[]; p50: number[]; p99: number[]; cpu: number[]; errors: number }> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, env] of Object.entries(variants)) {
      const { child, url } = await startProduct(databaseUrl, await env(), name.startsWith('before') ? before : ROOT);
      try {
        const find = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ products(search: "Northwind", first: 1) { nodes { id } } }' }),
        });
        const id = ((await find.json()) as { data: { products: { nodes: { id: string }[] } } }).data.products.nodes[0].id;
        const body = () => JSON.stringify({ query, operationName: 'ProductCoverage', variables: { id, edition: '2023' } });
        await runLoad({ url, body, connections, durationMs: 2_000 }); // warm-up
        const cpu0 = cpuMs(child.pid!);
        const r = await runLoad({ url, body, connections, durationMs });
        const cpu = (cpuMs(child.pid!) - cpu0) / Math.max(1, r.requests);
        const entry = (results[name] ??= { rps: [], p50: [], p99: [], cpu: [], errors: 0 });
        entry.rps.push(r.throughput);
        entry.p50.push(r.p50);
        entry.p99.push(r.p99);
        entry.cpu.push(cpu);
        entry.errors += r.errors;
        process.stderr.write(
          `round ${round + 1} ${name}: ${r.throughput} req/s p50 ${r.p50} ms p99 ${r.p99} ms cpu ${cpu.toFixed(2)} ms/req errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}\n`,
        );
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(results['metrics off, tracing off'].rps);
  const baseCpu = mean(results['metrics off, tracing off'].cpu);
  process.stdout.write(
    `\nProductCoverage through the gateway, ${connections} clients, ${durationMs / 1000} s × ${rounds} rounds (all-in-one, PostgreSQL)\n\n`,
  );
  process.stdout.write(
    '| variant | req/s (mean) | vs off | p50 ms | p99 ms | server CPU ms/req | vs off | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n',
  );
  for (const [name, r] of Object.entries(results)) {
    const rps = mean(r.rps);
    const cpu = mean(r.cpu);
    process.stdout.write(
      `| ${name} | ${rps.toFixed(1)} | ${(((rps - base) / base) * 100).toFixed(1)}% | ${mean(r.p50).toFixed(1)} | ${mean(r.p99).toFixed(1)} | ${cpu.toFixed(2)} | ${(((cpu - baseCpu) / baseCpu) * 100).toFixed(1)}% | ${r.errors} |\n`,
    );
  }
  process.stdout.write(`\nspans received: ${spans}\n`);
  receiver.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
