import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mintToken } from '../src/auth/tokens';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { initOrm, type MikroORM } from '../src/db/orm';
import { sqlRows } from '../src/db/sql';
import { DEFAULT_SIZES, EDITIONS, generateDataset, scaled, sheetCsv, type Dataset } from './dataset';
import { type Figure, invalidFigure, measure } from './figure';
import { type Recorded, replayItem, withInstrumentedApp } from './instrumented';
import { benchIds, importSheets, loadOrganizationsAndProducts, plainInsertBaseline, reviewInBulk } from './load';
import { type Item } from './load-generator';
import { BODY_POOL, describeAnswer, operation, READ_OPERATIONS, type ReadOperation, readBodies } from './operations';
import { OURS_NESTED, oursRows, PEER_NESTED, peerRows, startPeer } from './peer';
import { writeReport } from './report';
import { BENCH_BADGES, JWT_SECRET, type ServerProcess, startServer } from './server';
import { type MemoryBreakdown, probeEnv, serverMemory, soakVerdict } from './server-memory';
import { soakItems } from './soak';

// npm run bench: one command, end to end. The orchestrator (this process) creates the database,
// starts the server under test as its own process tree the way production starts it, loads the
// catalog through the product's own import path, and drives every measurement from a load
// generator in a child process. Environment knobs (all optional):
//   BENCH_SCALE=1            sizes as a fraction of the defaults (2,000 orgs, 5,000 products, 100k features, 300k mappings, 20k people)
//   BENCH_TARGETS=postgres   add "embedded" for the embedded database (PGlite, hosted by this process) at BENCH_EMBEDDED_SCALE=0.1
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres   (a server where a scratch database may be created)
//   BENCH_DURATION_MS=5000   measured window per figure (after BENCH_WARMUP_MS=1000 of unmeasured warm-up)
//   BENCH_CONNECTIONS=16     concurrent clients;  BENCH_TIMEOUT_MS=10000 per request (a timeout is an error)
//   BENCH_VARIANTS=default,cache-off,cache-on,one-core,observability   server restarts with extra settings
//   BENCH_SOAK_REQUESTS=10000 (0 skips the soak) in BENCH_SOAK_ROUNDS=3;  BENCH_SOAK_IDLE_MS=15000;
//   BENCH_SOAK_TOLERANCE_MB=32 (bounded: see soakVerdict in bench/server-memory.ts);  BENCH_BATCHES=on|off

const env = (name: string, fallback: string) => process.env[name] || fallback;
const SCALE = Number(env('BENCH_SCALE', '1'));
const EMBEDDED_SCALE = Number(env('BENCH_EMBEDDED_SCALE', '0.1'));
const TARGETS = env('BENCH_TARGETS', 'postgres')
  .split(',')
  .map((t) => t.trim());
const SERVER_URL = env('BENCH_DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/postgres');
const DURATION = Number(env('BENCH_DURATION_MS', '5000'));
const WARMUP = Number(env('BENCH_WARMUP_MS', '1000'));
const CONNECTIONS = Number(env('BENCH_CONNECTIONS', '16'));
const TIMEOUT = Number(env('BENCH_TIMEOUT_MS', '10000'));
const SOAK_REQUESTS = Number(env('BENCH_SOAK_REQUESTS', '10000'));
const SOAK_IDLE = Number(env('BENCH_SOAK_IDLE_MS', '15000'));
const SOAK_ROUNDS = Number(env('BENCH_SOAK_ROUNDS', '3'));
const SOAK_TOLERANCE = Number(env('BENCH_SOAK_TOLERANCE_MB', '32'));
const BATCHES = env('BENCH_BATCHES', 'on') !== 'off';
// Subgraph process i serves metrics on METRICS_PORT+1+i, so the receiver sits clear of them.
const OTLP_PORT = 4639;
const METRICS_PORT = 4630;

const log = (...args: unknown[]) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(' ')}\n`);

/** The hot reads every variant measures; the default and cache-off variants measure every read. */
const HOT: ReadOperation[] = ['ProductCoverage', 'CoverageMatrix100', 'FrameworkEdition'];

interface Variant {
  description: string;
  env: Record<string, string>;
  cpus?: string;
  operations: readonly ReadOperation[];
  /** Replay the gateway's subgraph fetches straight at the subgraphs. */
  direct?: boolean;
  /** The PostGraphile comparison (on misses: cache off). */
  peer?: boolean;
  /** Send the reads without a token (the response cache keeps only anonymous answers). */
  anonymous?: boolean;
}

const VARIANTS: Record<string, Variant> = {
  default: { description: 'the product as configured by default (npm start, NODE_ENV=production)', env: {}, operations: READ_OPERATIONS },
  'cache-off': {
    description: 'RESPONSE_CACHE=off: every request a miss',
    env: { RESPONSE_CACHE: 'off' },
    operations: READ_OPERATIONS,
    direct: true,
    peer: true,
  },
  // The cache keeps anonymous answers only, and each operation has BODY_POOL distinct bodies: after the
  // warm-up, cacheable reads are hits. `anonymous` is the same callers with the cache off (the misses).
  'cache-on': {
    description: 'RESPONSE_CACHE=on, anonymous reads (the cache keeps only anonymous answers)',
    env: { RESPONSE_CACHE: 'on' },
    operations: HOT,
    anonymous: true,
  },
  anonymous: { description: 'RESPONSE_CACHE=off, anonymous reads', env: { RESPONSE_CACHE: 'off' }, operations: HOT, anonymous: true },
  'one-core': {
    description: 'RESPONSE_CACHE=off, the server tree pinned to one core (taskset -c 0)',
    env: { RESPONSE_CACHE: 'off' },
    cpus: '0',
    operations: HOT,
  },
  observability: {
    description: `RESPONSE_CACHE=off, metrics (METRICS_PORT=${METRICS_PORT}) and traces (OTLP to a receiver that discards them) on`,
    env: {
      RESPONSE_CACHE: 'off',
      METRICS_PORT: String(METRICS_PORT),
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_PORT}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    },
    operations: HOT,
  },
};
const VARIANT_NAMES = env('BENCH_VARIANTS', 'default,cache-off,cache-on,anonymous,one-core,observability')
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);

interface Target {
  name: 'postgres' | 'embedded';
  url: string;
  poolMax: string;
  close(): Promise<void>;
}

async function openTarget(name: string): Promise<Target> {
  if (name === 'embedded') {
    const pg = await startEmbeddedPostgres({ dataDir: null, maxConnections: 8 });
    return { name: 'embedded', url: pg.url, poolMax: '1', close: () => pg.stop() };
  }
  const dbName = `finops_bench_${Date.now()}`;
  const admin = await initOrm({ clientUrl: SERVER_URL, poolMax: 1 });
  await sqlRows(admin.em.fork(), `create database "${dbName}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${dbName}`;
  return {
    name: 'postgres',
    url: url.toString(),
    poolMax: '10',
    async close() {
      await sqlRows(admin.em.fork(), `drop database if exists "${dbName}" with (force)`);
      await admin.close(true);
    },
  };
}

/** The 2025 capability with the most approved mappings (the reviewer's heaviest CapabilityFeatures). */
async function busiestCapability(em: EntityManager): Promise<{ edition: string; capability: string }> {
  const [row] = await sqlRows<{ edition: string; capability: string }>(
    em,
    `select e.slug as edition, c.slug as capability from mapping m join capability c on c.id = m.capability_id
       join framework_edition e on e.id = c.edition_id where m.status = 'APPROVED' and e.slug = '2025'
      group by e.slug, c.slug order by count(*) desc, c.slug limit 1`,
  );
  return row ?? { edition: '2025', capability: 'allocation' };
}

interface Instrumented {
  statements: Record<string, number>;
  /** Per operation, per distinct request body: the subgraph fetches the gateway sent. */
  fetches: Record<string, Map<string, Recorded[]>>;
}

/** Statement counts (the most any distinct body needed, after one warm-up request) and the gateway's subgraph fetches. */
async function instrument(target: Target, bodies: Record<ReadOperation, string[]>, headers: Record<string, string>): Promise<Instrumented> {
  return withInstrumentedApp(target.url, target.poolMax, async (probe) => {
    const statements: Record<string, number> = {};
    const fetches: Instrumented['fetches'] = {};
    for (const name of READ_OPERATIONS) {
      const distinct = [...new Set(bodies[name])];
      const first = await probe.run(distinct[0], headers);
      const check = describeAnswer(first.text);
      if (!check.ok) throw new Error(`${name} failed in the instrumented run: ${check.error}`);
      fetches[name] = new Map();
      statements[name] = 0;
      for (const body of distinct) {
        const r = await probe.run(body, headers);
        statements[name] = Math.max(statements[name], r.statements);
        fetches[name].set(body, r.fetches);
      }
    }
    if (Object.values(statements).every((c) => c === 0)) {
      // The count lives in the process that talks to the database: if startApp ever runs subgraphs in
      // child processes, this process sees none, and the counts must not be read as "no SQL".
      log('WARNING: no SQL statement was counted in the instrumented run (do the subgraphs run in other processes?)');
    }
    return { statements, fetches };
  });
}

/** One request; a failure of any kind comes back as a GraphQL-style `errors` body, so checks report it instead of crashing. */
async function postOnce(url: string, body: string, headers: Record<string, string>): Promise<string> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(300_000),
    });
    const text = await res.text();
    return res.ok ? text : JSON.stringify({ errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 300)}` }] });
  } catch (err) {
    return JSON.stringify({
      errors: [{ message: `${url}: ${err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err)}` }],
    });
  }
}

interface OperationFigures {
  check: ReturnType<typeof describeAnswer>;
  gateway: Figure;
  direct?: Figure & { subgraphFetches: number; check: ReturnType<typeof describeAnswer> };
  /** Gateway p50 over direct p50, when both are valid. */
  overheadP50?: number | null;
}

async function measureVariant(
  name: string,
  variant: Variant,
  ctx: {
    target: Target;
    dataDir: string;
    bodies: Record<ReadOperation, string[]>;
    headers: Record<string, string>;
    instrumented: Instrumented;
    productCount: number;
  },
) {
  log(`variant ${name}: starting the server (${variant.description})`);
  const server = await startServer({
    databaseUrl: ctx.target.url,
    dataDir: ctx.dataDir,
    cpus: variant.cpus,
    env: { DB_POOL_MAX: ctx.target.poolMax, ...variant.env },
  });
  try {
    const operations: Record<string, OperationFigures> = {};
    const headers = variant.anonymous ? {} : ctx.headers;
    for (const op of variant.operations) {
      const bodies = ctx.bodies[op];
      const check = describeAnswer(await postOnce(server.url, bodies[0], headers));
      log(`${name}: ${op} through the gateway (answer: ${check.ok ? `${check.rows} rows, ${check.bytes} bytes` : `FAILED ${check.error}`})`);
      const items: Item[] = bodies.map((body) => [{ url: server.url, body, headers }]);
      const gateway = check.ok
        ? await measure(items, [server], options())
        : invalidFigure(`the answer checked before measuring failed: ${check.error}`);
      const figures: OperationFigures = { check, gateway };
      if (variant.direct) {
        const replays = bodies.map((b) => replayItem(ctx.instrumented.fetches[op].get(b) ?? []));
        const fetchCount = replays[0].length;
        const direct = await measureDirect(op, replays, server);
        figures.direct = { ...direct.figure, subgraphFetches: fetchCount, check: direct.check };
        figures.overheadP50 = gateway.valid && direct.figure.valid && direct.figure.p50 ? round2(gateway.p50! / direct.figure.p50) : null;
      }
      operations[op] = figures;
    }
    const peer = variant.peer ? await comparePeer(server, ctx, variant.cpus) : undefined;
    return {
      description: variant.description,
      env: variant.env,
      cpus: variant.cpus ?? 'all',
      command: server.command,
      operations,
      ...(peer ? { peer } : {}),
    };
  } finally {
    await server.stop();
  }
}

async function measureDirect(op: string, replays: Item[], server: ServerProcess) {
  if (!replays[0].length) {
    return {
      figure: invalidFigure('no subgraph fetch was recorded for this operation'),
      check: { ok: false, rows: 0, fields: [], bytes: 0, error: 'nothing recorded' },
    };
  }
  // Check the last fetch of the first replay once (the one whose answer the gateway returns the most of).
  let text = '';
  for (const step of replays[0]) text = await postOnce(step.url, step.body, step.headers ?? {});
  const check = describeAnswer(text);
  log(`  ${op} replayed at the subgraph (${replays[0].length} fetch(es); answer: ${check.ok ? `${check.rows} rows` : `FAILED ${check.error}`})`);
  const figure = check.ok ? await measure(replays, [server], options()) : invalidFigure(`the replayed fetch failed: ${check.error}`);
  return { figure, check };
}

const options = () => ({ connections: CONNECTIONS, durationMs: DURATION, warmupMs: WARMUP, timeoutMs: TIMEOUT });
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Same nested read, same rows: checked on 20 products before measuring; any difference invalidates the comparison. */
async function comparePeer(server: ServerProcess, ctx: { target: Target; headers: Record<string, string>; productCount: number }, cpus?: string) {
  log('peer: starting PostGraphile 5');
  const peer = await startPeer(ctx.target.url, ctx.target.poolMax, cpus);
  try {
    const ids = Array.from({ length: BODY_POOL }, (_, i) => benchIds.product(Math.floor((i * 7919) % ctx.productCount)));
    const mismatches: { id: string; ours: unknown; peer: unknown }[] = [];
    const sample: { id: string; features: number; mappings: number; domains: number }[] = [];
    for (const id of ids.slice(0, 20)) {
      const ours = JSON.parse(await postOnce(server.url, JSON.stringify({ query: OURS_NESTED, variables: { id } }), ctx.headers));
      const theirs = JSON.parse(await postOnce(peer.url, JSON.stringify({ query: PEER_NESTED, variables: { id } }), {}));
      if (ours.errors || theirs.errors || !ours.data || !theirs.data) {
        mismatches.push({ id, ours: ours.errors ?? 'no data', peer: theirs.errors ?? 'no data' });
        continue;
      }
      const a = oursRows(ours.data);
      const b = peerRows(theirs.data);
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push({ id, ours: a, peer: b });
      sample.push({ id, features: a.features, mappings: a.mappings, domains: a.domains });
    }
    const rowsMatch = mismatches.length === 0;
    log(`peer: row counts on 20 products ${rowsMatch ? 'match' : `DIFFER on ${mismatches.length}: ${JSON.stringify(mismatches[0]).slice(0, 300)}`}`);
    const oursItems: Item[] = ids.map((id) => [
      { url: server.url, body: JSON.stringify({ query: OURS_NESTED, variables: { id } }), headers: ctx.headers },
    ]);
    const peerItems: Item[] = ids.map((id) => [{ url: peer.url, body: JSON.stringify({ query: PEER_NESTED, variables: { id } }) }]);
    const skip = (who: string) => invalidFigure(`not measured: row counts differ between ours and the peer (${who})`);
    log('peer: measuring the nested read through our gateway');
    const ours = rowsMatch ? await measure(oursItems, [server], options()) : skip('ours');
    log('peer: measuring the nested read through PostGraphile');
    const theirs = rowsMatch ? await measure(peerItems, [{ cpuMs: () => peer.cpuMs() }], options()) : skip('peer');
    const both = ours.valid && theirs.valid;
    return {
      filter: 'both unfiltered: ours as REVIEWER (sees every mapping), PostGraphile over the tables as they are',
      ourQuery: OURS_NESTED,
      peerQuery: PEER_NESTED,
      rowCheck: { products: 20, match: rowsMatch, mismatches, sample },
      ours,
      postgraphile: theirs,
      valid: both && rowsMatch,
      throughputRatio: both ? round2(ours.throughput! / theirs.throughput!) : null,
      cpuRatio: both && theirs.cpuMsPerRequest ? round2(ours.cpuMsPerRequest! / theirs.cpuMsPerRequest) : null,
    };
  } finally {
    await peer.stop();
  }
}

/** A receiver for OTLP/HTTP exports that accepts everything and keeps nothing. */
function startOtlpSink(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
      res.end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  return new Promise((resolve) => server.listen(OTLP_PORT, '127.0.0.1', () => resolve(server)));
}

async function benchTarget(targetName: string) {
  const factor = targetName === 'embedded' ? EMBEDDED_SCALE : SCALE;
  const sizes = scaled(DEFAULT_SIZES, factor);
  log(`${targetName}: sizes`, JSON.stringify(sizes));
  const target = await openTarget(targetName);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-bench-'));
  let orm: MikroORM | null = null;
  let server: ServerProcess | null = null;
  try {
    // The first start migrates the empty database (as npm start does); it also serves the import.
    server = await startServer({ databaseUrl: target.url, dataDir, env: { DB_POOL_MAX: target.poolMax } });
    orm = await initOrm({ clientUrl: target.url, poolMax: 2 });
    const em = orm.em.fork() as EntityManager;
    const caps = await sqlRows<{ edition: string; slug: string }>(
      em,
      'select e.slug as edition, c.slug from capability c join framework_edition e on e.id = c.edition_id order by e.position, c.position',
    );
    const capabilitiesByEdition = Object.fromEntries(EDITIONS.map((e) => [e, caps.filter((c) => c.edition === e).map((c) => c.slug)]));
    const data: Dataset = generateDataset(sizes, capabilitiesByEdition);
    const tenth = Math.max(1, Math.floor(sizes.products / 10));
    const headers = { authorization: `Bearer ${await mintToken({ sub: 'bench-reviewer', role: 'REVIEWER' }, { secret: JWT_SECRET })}` };
    const concurrency = targetName === 'embedded' ? 2 : 4;

    // Load in two steps, to count statements at 10% and at 100% of the data.
    log(`${targetName}: loading organizations, people and the first 10% of products`);
    await loadOrganizationsAndProducts(em, data, [0, tenth]);
    const first = await importSheets(server.url, data, [0, tenth], concurrency, JWT_SECRET);
    await reviewInBulk(em);
    await sqlRows(em, 'analyze');
    log(`${targetName}: counting statements at 10%`);
    const at10 = await instrument(target, readBodies(data, tenth, await busiestCapability(em)), headers);
    log(`${targetName}: loading the remaining 90%`);
    await loadOrganizationsAndProducts(em, data, [tenth, sizes.products]);
    const rest = await importSheets(server.url, data, [tenth, sizes.products], concurrency, JWT_SECRET);
    await reviewInBulk(em);
    await sqlRows(em, 'analyze');
    const bodies = readBodies(data, sizes.products, await busiestCapability(em));
    log(`${targetName}: counting statements at 100% and recording the gateway's subgraph fetches`);
    const instrumented = await instrument(target, bodies, headers);
    const imported = {
      rows: first.rows + rest.rows,
      seconds: first.seconds + rest.seconds,
      sheets: first.sheets + rest.sheets,
      requests: first.requests + rest.requests,
    };
    const baseline = await plainInsertBaseline(em, data, [0, sizes.products]);
    const bigSheet = await importBigSheet(server.url, em);
    log(
      `${targetName}: imported ${imported.rows} rows in ${imported.seconds.toFixed(1)} s; plain INSERT ${baseline.rowsPerSecond}/s; 10k sheet ${bigSheet.seconds.toFixed(2)} s`,
    );
    await server.stop();
    server = null;

    const ctx = { target, dataDir, bodies, headers, instrumented, productCount: sizes.products };
    const variants: Record<string, Awaited<ReturnType<typeof measureVariant>>> = {};
    const sink = VARIANT_NAMES.includes('observability') ? await startOtlpSink() : null;
    try {
      for (const name of VARIANT_NAMES) {
        const variant = VARIANTS[name];
        if (!variant) throw new Error(`unknown variant ${name} in BENCH_VARIANTS (known: ${Object.keys(VARIANTS).join(', ')})`);
        variants[name] = await measureVariant(name, variant, ctx);
      }
    } finally {
      sink?.close();
    }

    // The soak and the batch jobs run on a fresh server with the default settings.
    log(`${targetName}: soak and batch jobs (fresh server, default settings)`);
    // Its node processes preload the memory probe, so the soak can split RSS into its parts.
    const probeDir = path.join(dataDir, 'memory-probe');
    fs.mkdirSync(probeDir, { recursive: true });
    server = await startServer({ databaseUrl: target.url, dataDir, env: { DB_POOL_MAX: target.poolMax, ...probeEnv(probeDir) } });
    const soak = SOAK_REQUESTS > 0 ? await runSoak(em, server, probeDir, bodies, headers, sizes.products) : null;
    const batches = BATCHES ? await runBatches(server.url, data, headers, target.url) : null;
    return {
      target: targetName,
      sizes,
      mappingsGenerated: data.mappingCount,
      server: {
        command: server.command,
        env: 'NODE_ENV=production, DATABASE_URL, PORT/…_PORT fixed, AUTH_JWT_SECRET (bench), SUBGRAPH_SECRET, SEED_DEMO=false, LOG_LEVEL=warn',
      },
      load: {
        import: { ...imported, rowsPerSecond: Math.round(imported.rows / imported.seconds) },
        plainInsert: baseline,
        ratio: round2(imported.rows / imported.seconds / baseline.rowsPerSecond),
        tenThousandRowSheet: bigSheet,
      },
      statements: { at10Percent: at10.statements, at100Percent: instrumented.statements },
      variants,
      soak,
      batches,
    };
  } finally {
    await server?.stop();
    await orm?.close(true);
    await target.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * SOAK_ROUNDS rounds of the soak's requests; the server's memory (RSS of the tree; V8 heap, external,
 * WebAssembly of its node processes, after a full GC) before, after each round and after the idle.
 * Verdict as in server-memory.ts (soakVerdict, BENCH_SOAK_TOLERANCE_MB); any failed request makes the
 * soak invalid.
 */
async function runSoak(
  em: EntityManager,
  server: ServerProcess,
  probeDir: string,
  bodies: Record<ReadOperation, string[]>,
  headers: Record<string, string>,
  productCount: number,
) {
  const reads = [...bodies.ProductCoverage, ...bodies.FrameworkEdition.slice(0, 8), ...bodies.EvaluateCertification.slice(0, 16)];
  const { items, writes } = await soakItems(em, server.url, {
    requests: SOAK_REQUESTS,
    reads,
    readHeaders: headers,
    productCount,
    secret: JWT_SECRET,
  });
  const before = await serverMemory(server.pid, probeDir);
  log(`soak: ${items.length} requests (${writes} writes) in ${SOAK_ROUNDS} rounds, memory before ${JSON.stringify(before)}`);
  const rounds: { figure: Figure; memory: MemoryBreakdown }[] = [];
  const size = Math.ceil(items.length / SOAK_ROUNDS);
  for (let i = 0; i < SOAK_ROUNDS; i++) {
    const slice = items.slice(i * size, (i + 1) * size);
    const figure = await measure(slice, [server], {
      connections: CONNECTIONS,
      durationMs: 0,
      maxRequests: slice.length,
      warmupMs: 0,
      timeoutMs: TIMEOUT,
      payloadErrors: true,
    });
    const memory = await serverMemory(server.pid, probeDir);
    log(`soak: round ${i + 1}: ${figure.errors} errors, memory ${JSON.stringify(memory)}`);
    rounds.push({ figure, memory });
  }
  await new Promise((r) => setTimeout(r, SOAK_IDLE));
  const afterIdle = await serverMemory(server.pid, probeDir, 0);
  const failed = rounds.filter((r) => !r.figure.valid);
  const verdict = soakVerdict(
    rounds.map((r) => r.memory),
    afterIdle,
    SOAK_TOLERANCE,
  );
  log(
    `soak: after ${SOAK_IDLE / 1000} s idle ${JSON.stringify(afterIdle)}; ${failed.length ? 'INVALID' : verdict.bounded ? 'bounded' : 'NOT bounded'}`,
  );
  return {
    requests: items.length,
    writes,
    mix: 'three reads (ProductCoverage, FrameworkEdition, EvaluateCertification) then one write (addFeature or mapFeature)',
    rounds,
    memory: { before, afterIdle },
    // Kept for readers of older reports: the tree's RSS before, after the last round, after the idle.
    rssMb: { before: before.rssMb, after: rounds[rounds.length - 1].memory.rssMb, afterIdle: afterIdle.rssMb },
    verdict: failed.length ? 'invalid' : verdict.bounded ? 'bounded' : 'not bounded',
    liveGrowthMb: verdict.liveGrowthMb,
    idleGrowthMb: verdict.idleGrowthMb,
    toleranceMb: SOAK_TOLERANCE,
    idleMs: SOAK_IDLE,
  };
}

async function importBigSheet(gateway: string, em: EntityManager) {
  const orgId = benchIds.organization(0);
  const productId = benchIds.product(1_000_000);
  await sqlRows(em, 'insert into product (id, organization_id, name) values (?, ?, ?) on conflict do nothing', [productId, orgId, 'Bench Big Sheet']);
  const caps = (
    await sqlRows<{ slug: string }>(
      em,
      `select c.slug from capability c join framework_edition e on e.id = c.edition_id where e.slug = '2025' order by c.position`,
    )
  ).map((c) => c.slug);
  const rows: [string, string, string, number][] = Array.from({ length: 10_000 }, (_, i) => [
    `Big feature ${Math.floor(i / caps.length)}`,
    caps[i % caps.length],
    'SUBSET',
    1 + (i % 10),
  ]);
  const token = await mintToken({ sub: 'bench-big', role: 'VENDOR', org: orgId }, { secret: JWT_SECRET });
  const started = performance.now();
  const text = await postOnce(
    gateway,
    JSON.stringify({
      query: 'mutation ($input: ImportMappingsInput!) { importMappings(input: $input) { created errors { code message } rowErrors { line code } } }',
      variables: { input: { productId, edition: '2025', format: 'CSV', content: sheetCsv(rows) } },
    }),
    { authorization: `Bearer ${token}` },
  );
  const seconds = (performance.now() - started) / 1000;
  const body = JSON.parse(text) as { data?: { importMappings: { created: number; errors: unknown[] } }; errors?: unknown[] };
  const error = body.errors
    ? JSON.stringify(body.errors).slice(0, 300)
    : body.data?.importMappings.errors.length
      ? JSON.stringify(body.data.importMappings.errors)
      : undefined;
  return { rows: body.data?.importMappings.created ?? 0, seconds: round2(seconds), ...(error ? { error } : {}) };
}

async function runBatches(gateway: string, data: Dataset, reviewer: Record<string, string>, databaseUrl: string) {
  let errors = 0;
  let firstError: string | undefined;
  const post = async (headers: Record<string, string>, body: unknown) => {
    const text = await postOnce(gateway, JSON.stringify(body), headers);
    const failure = describeAnswer(text);
    const payload = failure.ok
      ? Object.values(JSON.parse(text).data as Record<string, { errors?: unknown[] }>).find((v) => v?.errors?.length)
      : undefined;
    if (!failure.ok || payload) {
      errors++;
      firstError ??= failure.error ?? JSON.stringify(payload).slice(0, 300);
    }
  };
  // Carry every product with 2025 mappings forward to 2026, as its vendor, four at a time.
  const carry = data.products.filter((p) => p.sheets.some((s) => s.edition === '2025'));
  log(`carrying ${carry.length} products from 2025 to 2026`);
  const carryStarted = performance.now();
  await pool(carry, 4, async (p) => {
    const token = await mintToken(
      { sub: `bench-vendor-${p.organization}`, role: 'VENDOR', org: benchIds.organization(p.organization) },
      { secret: JWT_SECRET },
    );
    await post(
      { authorization: `Bearer ${token}` },
      {
        query:
          'mutation ($input: CarryMappingsForwardInput!) { carryMappingsForward(input: $input) { carried { status } dropped { capability { slug } } errors { code message } } }',
        variables: { input: { productId: benchIds.product(p.index), fromEdition: '2025', toEdition: '2026' } },
      },
    );
  });
  const carrySeconds = (performance.now() - carryStarted) / 1000;

  const kinds = ['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE'];
  const firstProductOf = new Map<number, number>();
  for (const p of data.products) if (!firstProductOf.has(p.organization)) firstProductOf.set(p.organization, p.index);
  const evaluations = data.organizations.flatMap((o) => kinds.map((kind) => ({ o, kind })));
  log(`evaluating ${data.organizations.length} organizations for ${kinds.length} kinds`);
  const evalStarted = performance.now();
  let evaluated = 0;
  await pool(evaluations, 4, async ({ o, kind }) => {
    const product = firstProductOf.get(o.index);
    const needsProduct = kind === 'PLATFORM' || kind === 'SPECIALTY_SOLUTION';
    if (needsProduct && product === undefined) return;
    evaluated++;
    await post(reviewer, {
      query: operation('EvaluateCertification'),
      variables: {
        organization: benchIds.organization(o.index),
        kind,
        program: '2023',
        ...(needsProduct ? { productId: benchIds.product(product!) } : {}),
      },
    });
  });
  const evalSeconds = (performance.now() - evalStarted) / 1000;

  const exports: Record<string, { seconds: number; peakRssMb: number; bytes: number }> = {};
  for (const format of ['csv', 'xlsx']) {
    log(`exporting the coverage matrix as ${format}`);
    exports[format] = await exportInChild(databaseUrl, format);
  }
  return {
    errors,
    ...(firstError ? { firstError } : {}),
    valid: errors === 0,
    carryForward: { products: carry.length, seconds: Math.round(carrySeconds * 10) / 10 },
    evaluations: { count: evaluated, seconds: Math.round(evalSeconds * 10) / 10 },
    exports,
  };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** The export CLI in its own process, so its peak memory is its own. */
function exportInChild(databaseUrl: string, format: string): Promise<{ seconds: number; peakRssMb: number; bytes: number }> {
  const out = path.join(os.tmpdir(), `bench-matrix-${process.pid}.${format}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'export-child.ts'), format, out], {
      env: { ...process.env, ...BENCH_BADGES, NODE_ENV: 'production', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`export ${format} failed (${code})`));
      const { peakRssKb } = JSON.parse(text) as { peakRssKb: number };
      const bytes = fs.statSync(out).size;
      fs.rmSync(out, { force: true });
      resolve({ seconds: Math.round(((performance.now() - started) / 1000) * 10) / 10, peakRssMb: Math.round(peakRssKb / 1024), bytes });
    });
  });
}

/** Whether a PostgreSQL server answers at BENCH_DATABASE_URL (a fresh laptop may have none). */
async function serverReachable(): Promise<boolean> {
  try {
    const orm = await initOrm({ clientUrl: SERVER_URL, poolMax: 1 });
    const ok = await orm.isConnected();
    await orm.close(true);
    return ok;
  } catch {
    return false;
  }
}

async function main() {
  const started = Date.now();
  const results = [];
  for (const target of TARGETS) {
    if (target === 'postgres' && !(await serverReachable())) {
      log(
        `no PostgreSQL server at ${SERVER_URL.replace(/\/\/[^@]*@/, '//')}: skipping that target (set BENCH_DATABASE_URL, or BENCH_TARGETS=embedded)`,
      );
      continue;
    }
    results.push(await benchTarget(target));
  }
  const settings = {
    scale: SCALE,
    embeddedScale: EMBEDDED_SCALE,
    targets: TARGETS,
    variants: VARIANT_NAMES,
    durationMs: DURATION,
    warmupMs: WARMUP,
    connections: CONNECTIONS,
    timeoutMs: TIMEOUT,
    soakRequests: SOAK_REQUESTS,
    soakRounds: SOAK_ROUNDS,
    soakToleranceMb: SOAK_TOLERANCE,
    bodyPool: BODY_POOL,
  };
  const { file, invalid } = writeReport(results, settings, Math.round((Date.now() - started) / 1000));
  log(`results written to ${file}`);
  if (!results.length) {
    log('nothing was measured');
    process.exit(1);
  }
  if (invalid.length) {
    log(`${invalid.length} figure(s) INVALID (errors, failed answer checks or mismatched rows): ${invalid.join('; ')}`);
    process.exit(1);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
