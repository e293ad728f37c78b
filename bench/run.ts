import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningApp, startApp } from '../src/app';
import { encodeViewer, GATEWAY_KEY_HEADER, VIEWER_HEADER } from '../src/auth/forwarded-identity';
import { mintToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config/env';
import { createLogger } from '../src/config/logger';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { initOrm } from '../src/db/orm';
import { sqlStatements } from '../src/db/query-counter';
import { sqlRows } from '../src/db/sql';
import { savedOperations } from '../src/playground/saved-operations';
import { DEFAULT_SIZES, EDITIONS, generateDataset, scaled, sheetCsv, type Dataset } from './dataset';
import { runLoad, type LoadResult } from './load-generator';
import { benchIds, importSheets, loadOrganizationsAndProducts, plainInsertBaseline, reviewInBulk } from './load';
import { startPostGraphile } from './peer';
import { writeReport } from './report';

// npm run bench: one command, end to end. Environment knobs (all optional):
//   BENCH_SCALE=1            sizes as a fraction of the defaults (2,000 orgs, 5,000 products, 100k features, 300k mappings, 20k people)
//   BENCH_EMBEDDED_SCALE=0.1 the embedded database's sizes (a single-backend PGlite loads 300k rows slowly)
//   BENCH_TARGETS=postgres,embedded
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres   (a server where a scratch database may be created)
//   BENCH_DURATION_MS=6000   per measured operation;  BENCH_CONNECTIONS=16

const env = (name: string, fallback: string) => process.env[name] || fallback;
const SCALE = Number(env('BENCH_SCALE', '1'));
const EMBEDDED_SCALE = Number(env('BENCH_EMBEDDED_SCALE', '0.1'));
const TARGETS = env('BENCH_TARGETS', 'postgres,embedded').split(',').map((t) => t.trim());
const SERVER_URL = env('BENCH_DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/postgres');
const DURATION = Number(env('BENCH_DURATION_MS', '6000'));
const CONNECTIONS = Number(env('BENCH_CONNECTIONS', '16'));
const SECRET = 'bench-subgraph-secret-0123456789abcdef';

const log = (...args: unknown[]) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(' ')}\n`);

function operation(name: string): string {
  const [op] = savedOperations([name]);
  if (!op) throw new Error(`operation ${name} is missing from schema/operations`);
  return op.query;
}

interface Target {
  name: 'postgres' | 'embedded';
  url: string;
  close(): Promise<void>;
}

async function openTarget(name: string): Promise<Target> {
  if (name === 'embedded') {
    const pg = await startEmbeddedPostgres({ dataDir: null, maxConnections: 8 });
    return { name: 'embedded', url: pg.url, close: () => pg.stop() };
  }
  const dbName = `finops_bench_${Date.now()}`;
  const admin = await initOrm({ clientUrl: SERVER_URL, poolMax: 1 });
  await sqlRows(admin.em.fork(), `create database "${dbName}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${dbName}`;
  return {
    name: 'postgres',
    url: url.toString(),
    async close() {
      await sqlRows(admin.em.fork(), `drop database if exists "${dbName}" with (force)`);
      await admin.close(true);
    },
  };
}

const random = (n: number) => Math.floor(Math.random() * n);

async function statementsOf(app: RunningApp, body: string, headers: Record<string, string> = {}): Promise<number> {
  const { statements } = await sqlStatements.during(async () => {
    const res = await fetch(app.gateway.url.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const json = (await res.json()) as { errors?: unknown[] };
    if (json.errors) throw new Error(`operation failed while counting statements: ${JSON.stringify(json.errors).slice(0, 400)}`);
  });
  return statements;
}

export async function benchTarget(targetName: string) {
  const factor = targetName === 'embedded' ? EMBEDDED_SCALE : SCALE;
  const sizes = scaled(DEFAULT_SIZES, factor);
  log(`${targetName}: sizes`, JSON.stringify(sizes));
  const target = await openTarget(targetName);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: target.url,
    DB_POOL_MAX: targetName === 'embedded' ? '1' : '10',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    PORT: '0',
    SUBGRAPH_SECRET: SECRET,
    NODE_ENV: 'test',
  });
  const logger = createLogger(config);
  const app = await startApp(config, logger);
  const gateway = app.gateway.url.replace('localhost', '127.0.0.1');
  const em = app.db.orm.em.fork();
  try {
    const caps = await sqlRows<{ edition: string; slug: string }>(
      em,
      'select e.slug as edition, c.slug from capability c join framework_edition e on e.id = c.edition_id order by e.position, c.position',
    );
    const capabilitiesByEdition = Object.fromEntries(EDITIONS.map((e) => [e, caps.filter((c) => c.edition === e).map((c) => c.slug)]));
    const data: Dataset = generateDataset(sizes, capabilitiesByEdition);
    const tenth = Math.max(1, Math.floor(sizes.products / 10));
    const reviewer = { authorization: `Bearer ${await mintToken({ sub: 'bench-reviewer', role: 'REVIEWER' })}` };

    // Load in two steps, to count statements at 10% and at 100% of the data.
    log(`${targetName}: loading organizations, people and the first 10% of products`);
    await loadOrganizationsAndProducts(em, data, [0, tenth]);
    const first = await importSheets(gateway, data, [0, tenth], targetName === 'embedded' ? 2 : 4);
    await reviewInBulk(em);
    const counts10 = await countStatements(app, data, reviewer, tenth);
    log(`${targetName}: loading the remaining 90%`);
    await loadOrganizationsAndProducts(em, data, [tenth, sizes.products]);
    const rest = await importSheets(gateway, data, [tenth, sizes.products], targetName === 'embedded' ? 2 : 4);
    await reviewInBulk(em);
    await sqlRows(em, 'analyze');
    const counts100 = await countStatements(app, data, reviewer, sizes.products);
    const imported = { rows: first.rows + rest.rows, seconds: first.seconds + rest.seconds, sheets: first.sheets + rest.sheets };
    const baseline = await plainInsertBaseline(em, data, [0, sizes.products]);
    const bigSheet = await importBigSheet(gateway, em);
    log(`${targetName}: imported ${imported.rows} rows in ${imported.seconds.toFixed(1)} s; plain INSERT ${baseline.rowsPerSecond}/s; 10k sheet ${bigSheet.seconds.toFixed(2)} s`);

    const measurements = await measureOperations(app, gateway, data, reviewer, sizes.products);
    let peer: Awaited<ReturnType<typeof measurePeer>> | null = null;
    if (targetName === 'postgres') peer = await measurePeer(target.url, gateway, sizes.products);
    const batches = await runBatches(gateway, data, reviewer, target.url);
    return {
      target: targetName,
      sizes,
      mappingsGenerated: data.mappingCount,
      load: {
        import: { ...imported, rowsPerSecond: Math.round(imported.rows / imported.seconds) },
        plainInsert: baseline,
        ratio: Math.round((imported.rows / imported.seconds / baseline.rowsPerSecond) * 100) / 100,
        tenThousandRowSheet: bigSheet,
      },
      statements: { at10Percent: counts10, at100Percent: counts100 },
      operations: measurements,
      peer,
      batches,
    };
  } finally {
    await app.stop();
    await app.db.close();
    await target.close();
  }
}

/** The six read operations, as the frontends send them. */
function readOperations(data: Dataset, productCount: number, busy: { edition: string; capability: string }) {
  const productId = () => benchIds.product(random(productCount));
  const organization = () => {
    const p = data.products[random(productCount)];
    return { organization: benchIds.organization(p.organization), productId: benchIds.product(p.index) };
  };
  return {
    ProductCoverage: () => ({ query: operation('ProductCoverage'), variables: { id: productId(), edition: '2025' } }),
    CoverageMatrix100: () => ({ query: operation('CoverageMatrix'), variables: { edition: '2025', first: 100 } }),
    CapabilityFeatures: () => ({ query: operation('CapabilityFeatures'), variables: { edition: busy.edition, capability: busy.capability } }),
    FrameworkEdition: () => ({ query: operation('FrameworkEdition'), variables: { edition: '2026' } }),
    EvaluateCertification: () => ({ query: operation('EvaluateCertification'), variables: { ...organization(), kind: 'PLATFORM', program: '2023' } }),
    SimulateCertification: () => ({ query: operation('SimulateCertification'), variables: SIMULATION }),
  };
}

const SIMULATION = {
  input: {
    program: '2023',
    kind: 'PLATFORM',
    asOf: '2026-11-26',
    organization: {
      employeeCount: 1200,
      finopsMembership: 'GENERAL',
      linuxFoundationMember: true,
      people: Array.from({ length: 31 }, (_, i) => ({
        employedFrom: '2024-01-01',
        credentials: [{ kind: i === 0 ? 'PROFESSIONAL' : 'PRACTITIONER', awardedOn: '2025-01-01' }],
      })),
      evidence: [{ code: 'SLACK_SUPPORT_CHANNEL', date: '2026-01-01' }, { code: 'RECORDED_DEMO', date: '2026-01-01' }],
      activities: [],
      coveredCapabilities: ['cost-allocation', 'analysis-showback', 'forecasting', 'budget-management', 'chargeback', 'manage-anomalies', 'data-normalization', 'measure-unit-costs', 'utilization-efficiency', 'policy-governance'],
    },
  },
};

/** The 2025 capability with the most approved mappings (the reviewer's heaviest CapabilityFeatures). */
async function busiestCapability(app: RunningApp): Promise<{ edition: string; capability: string; id: string; mappings: number }> {
  const [row] = await sqlRows<{ edition: string; capability: string; id: string; mappings: number }>(
    app.db.orm.em.fork(),
    `select e.slug as edition, c.slug as capability, c.id, count(*)::int as mappings from mapping m join capability c on c.id = m.capability_id
       join framework_edition e on e.id = c.edition_id where m.status = 'APPROVED' and e.slug = '2025'
      group by e.slug, c.slug, c.id order by count(*) desc limit 1`,
  );
  return row;
}

async function countStatements(app: RunningApp, data: Dataset, headers: Record<string, string>, productCount: number) {
  const ops = readOperations(data, productCount, await busiestCapability(app));
  const counts: Record<string, number> = {};
  for (const [name, make] of Object.entries(ops)) counts[name] = await statementsOf(app, JSON.stringify(make()), headers);
  return counts;
}

async function importBigSheet(gateway: string, em: ReturnType<RunningApp['db']['orm']['em']['fork']>) {
  const orgId = benchIds.organization(0);
  const productId = benchIds.product(1_000_000);
  await sqlRows(em, 'insert into product (id, organization_id, name) values (?, ?, ?) on conflict do nothing', [productId, orgId, 'Bench Big Sheet']);
  const caps = (await sqlRows<{ slug: string }>(em, `select c.slug from capability c join framework_edition e on e.id = c.edition_id where e.slug = '2025' order by c.position`)).map((c) => c.slug);
  const rows: [string, string, string, number][] = Array.from({ length: 10_000 }, (_, i) => [`Big feature ${Math.floor(i / caps.length)}`, caps[i % caps.length], 'SUBSET', 1 + (i % 10)]);
  const token = await mintToken({ sub: 'bench-big', role: 'VENDOR', org: orgId });
  const started = performance.now();
  const res = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation ($input: ImportMappingsInput!) { importMappings(input: $input) { created errors { code message } rowErrors { line code } } }',
      variables: { input: { productId, edition: '2025', format: 'CSV', content: sheetCsv(rows) } },
    }),
  });
  const body = (await res.json()) as { data?: { importMappings: { created: number } } };
  const seconds = (performance.now() - started) / 1000;
  return { rows: body.data?.importMappings.created ?? 0, seconds: Math.round(seconds * 100) / 100 };
}

async function measureOperations(app: RunningApp, gateway: string, data: Dataset, headers: Record<string, string>, productCount: number) {
  const busy = await busiestCapability(app);
  const ops = readOperations(data, productCount, busy);
  const subgraphUrl = (name: string) => app.subgraphs.find((s) => s.name === name)!.url;
  const direct = directOperations(data, productCount, busy);
  const results: Record<string, { gateway: LoadResult; direct?: LoadResult; overheadP50?: number }> = {};
  for (const [name, make] of Object.entries(ops)) {
    log(`measuring ${name} through the gateway`);
    const viaGateway = await runLoad({ url: gateway, body: () => JSON.stringify(make()), headers, connections: CONNECTIONS, durationMs: DURATION });
    const d = direct[name as keyof typeof direct];
    let viaSubgraph: LoadResult | undefined;
    if (d) {
      log(`measuring ${name} straight at the ${d.subgraph} subgraph`);
      viaSubgraph = await runLoad({
        url: subgraphUrl(d.subgraph),
        body: () => JSON.stringify(d.make()),
        headers: { [GATEWAY_KEY_HEADER]: SECRET, [VIEWER_HEADER]: encodeViewer({ id: 'bench-reviewer', role: 'REVIEWER', organizationId: null }) },
        connections: CONNECTIONS,
        durationMs: DURATION,
      });
    }
    results[name] = {
      gateway: viaGateway,
      ...(viaSubgraph ? { direct: viaSubgraph, overheadP50: Math.round((viaGateway.p50 / viaSubgraph.p50) * 100) / 100 } : {}),
    };
  }
  return results;
}

/**
 * The same reads straight at the owning subgraph: only the fields that subgraph resolves itself
 * (entities owned elsewhere come back as their keys), which is the work the gateway adds to.
 */
function directOperations(data: Dataset, productCount: number, busy: { id: string }) {
  const productId = () => benchIds.product(random(productCount));
  return {
    ProductCoverage: {
      subgraph: 'catalog',
      make: () => ({
        query: `query ($id: ID!, $edition: String) { product(id: $id) { id name organization { id }
          features { id name mappings { id status capability { id } } }
          coverage(edition: $edition) { edition { id } domains { covered total } capabilities { covered total } meetsMost
            uncoveredCapabilities { id } byDomain { domain { id } covered total } } } }`,
        variables: { id: productId(), edition: '2025' },
      }),
    },
    CoverageMatrix100: {
      subgraph: 'catalog',
      make: () => ({
        query: `query ($edition: String, $first: Int) { coverageMatrix(edition: $edition, first: $first) { edition { id } capabilities { id } totalCount
          edges { cursor node { product { id name } coveredCapabilities { id } meetsMost } } pageInfo { hasNextPage endCursor } } }`,
        variables: { edition: '2025', first: 100 },
      }),
    },
    FrameworkEdition: { subgraph: 'framework', make: () => ({ query: operation('FrameworkEdition'), variables: { edition: '2026' } }) },
    SimulateCertification: {
      subgraph: 'certification',
      make: () => ({
        query: `query ($input: SimulateCertificationInput!) { simulateCertification(input: $input) { kind asOf outcome
          requirements { code status explanation shortfall } headcount { companySize columns { credential required counted shortfall } }
          coverage { domains { covered total } capabilities { covered total } meetsMost } } }`,
        variables: SIMULATION,
      }),
    },
    EvaluateCertification: {
      subgraph: 'certification',
      make: () => {
        const p = data.products[random(productCount)];
        return {
          query: `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { evaluateCertification(kind: PLATFORM, program: "2023", productId: "${benchIds.product(p.index)}") {
            kind outcome requirements { code status explanation shortfall } headcount { companySize columns { credential required counted shortfall } }
            coverage { domains { covered total } capabilities { covered total } meetsMost } } } } }`,
          variables: { reps: [{ __typename: 'Organization', id: benchIds.organization(p.organization) }] },
        };
      },
    },
    CapabilityFeatures: {
      subgraph: 'catalog',
      make: () => ({
        query: `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Capability { mappings(status: APPROVED) { id feature { id name product { id name } } } } } }`,
        variables: { reps: [{ __typename: 'Capability', id: busy.id }] },
      }),
    },
  };
}

async function measurePeer(databaseUrl: string, gateway: string, productCount: number) {
  log('measuring the nested read through the gateway and through PostGraphile');
  const peer = await startPostGraphile(databaseUrl);
  try {
    const ours = `query ($id: ID!) { product(id: $id) { id name features { id name mappings { id status capability { id slug domains { id slug } } } } } }`;
    const headers = {};
    const viaGateway = await runLoad({
      url: gateway,
      body: () => JSON.stringify({ query: ours, variables: { id: benchIds.product(random(productCount)) } }),
      headers,
      connections: CONNECTIONS,
      durationMs: DURATION,
    });
    const viaPeer = await runLoad({
      url: peer.url,
      body: () => JSON.stringify({ query: peer.query, variables: { id: benchIds.product(random(productCount)) } }),
      connections: CONNECTIONS,
      durationMs: DURATION,
    });
    return { gateway: viaGateway, postgraphile: viaPeer, throughputRatio: Math.round((viaGateway.throughput / viaPeer.throughput) * 100) / 100 };
  } finally {
    await peer.stop();
  }
}

async function runBatches(gateway: string, data: Dataset, reviewer: Record<string, string>, databaseUrl: string) {
  // Carry every product with 2025 mappings forward to 2026, as its vendor, four at a time.
  const carry = data.products.filter((p) => p.sheets.some((s) => s.edition === '2025'));
  log(`carrying ${carry.length} products from 2025 to 2026`);
  const carryStarted = performance.now();
  await pool(carry, 4, async (p) => {
    const token = await mintToken({ sub: `bench-vendor-${p.organization}`, role: 'VENDOR', org: benchIds.organization(p.organization) });
    await post(gateway, { authorization: `Bearer ${token}` }, {
      query: 'mutation ($input: CarryMappingsForwardInput!) { carryMappingsForward(input: $input) { carried { status } dropped { capability { slug } } errors { code message } } }',
      variables: { input: { productId: benchIds.product(p.index), fromEdition: '2025', toEdition: '2026' } },
    });
  });
  const carrySeconds = (performance.now() - carryStarted) / 1000;

  const kinds = ['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE'];
  const firstProductOf = new Map<number, number>();
  for (const p of data.products) if (!firstProductOf.has(p.organization)) firstProductOf.set(p.organization, p.index);
  const evaluations = data.organizations.flatMap((o) => kinds.map((kind) => ({ o, kind })));
  log(`evaluating ${data.organizations.length} organizations for ${kinds.length} kinds`);
  const evalStarted = performance.now();
  await pool(evaluations, 4, async ({ o, kind }) => {
    const product = firstProductOf.get(o.index);
    const needsProduct = kind === 'PLATFORM' || kind === 'SPECIALTY_SOLUTION';
    if (needsProduct && product === undefined) return;
    await post(gateway, reviewer, {
      query: operation('EvaluateCertification'),
      variables: { organization: benchIds.organization(o.index), kind, program: '2023', ...(needsProduct ? { productId: benchIds.product(product!) } : {}) },
    });
  });
  const evalSeconds = (performance.now() - evalStarted) / 1000;

  const exports: Record<string, { seconds: number; peakRssMb: number; bytes: number }> = {};
  for (const format of ['csv', 'xlsx']) {
    log(`exporting the coverage matrix as ${format}`);
    exports[format] = await exportInChild(databaseUrl, format);
  }
  return {
    carryForward: { products: carry.length, seconds: Math.round(carrySeconds * 10) / 10 },
    evaluations: { count: evaluations.length, seconds: Math.round(evalSeconds * 10) / 10 },
    exports,
  };
}

async function post(url: string, headers: Record<string, string>, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 400));
  return json;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** The export CLI in its own process, so its peak memory is its own. */
function exportInChild(databaseUrl: string, format: string): Promise<{ seconds: number; peakRssMb: number; bytes: number }> {
  const out = path.join(os.tmpdir(), `bench-matrix-${process.pid}.${format}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'export-child.ts'), format, out], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
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
  const results = [];
  for (const target of TARGETS) {
    if (target === 'postgres' && !(await serverReachable())) {
      log(`no PostgreSQL server at ${SERVER_URL.replace(/\/\/[^@]*@/, '//')}: skipping that target (set BENCH_DATABASE_URL)`);
      continue;
    }
    results.push(await benchTarget(target));
  }
  const file = writeReport(results, { scale: SCALE, embeddedScale: EMBEDDED_SCALE, durationMs: DURATION, connections: CONNECTIONS });
  log(`results written to ${file}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
