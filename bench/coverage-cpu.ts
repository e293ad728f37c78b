import 'reflect-metadata';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startApp } from '../src/app';
import { mintToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config/env';
import { createLogger } from '../src/config/logger';
import { initOrm, prepareDatabase } from '../src/db/orm';
import { withScratchDatabase } from './scratch-database';
import { sqlRows } from '../src/db/sql';
import { BENCH_BADGES } from './server';

// CPU per ProductCoverage request, the whole product in this one process (gateway + subgraphs + the
// client's fetch), on a fresh, seeded database of the PostgreSQL server named by BENCH_DATABASE_URL
// (default: the local server). Sequential requests, so CPU is not queueing: process.cpuUsage() over
// the measured requests divided by their number, after a warm-up.
//   npx tsx bench/coverage-cpu.ts [requests=2000] [warmup=300]
// With CPU_PROFILE=<file.cpuprofile>, also writes a CPU profile of the measured requests alone
// (start-up and warm-up left out), to open in Chrome DevTools or speedscope.

const QUERY = `query ProductCoverage($id: ID!, $edition: String) {
  product(id: $id) {
    id
    name
    organization { id name }
    features { id name mappings { id status capability { slug } } }
    coverage(edition: $edition) {
      edition { slug }
      domains { covered total }
      capabilities { covered total }
      meetsMost
      uncoveredCapabilities { slug }
      byDomain { domain { slug } covered total }
    }
  }
}`;

const SECRET = 'coverage-cpu-measurement-secret-0123456789abcdef';

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 2000);
  const warmup = Number(process.argv[3] ?? 300);
  await withScratchDatabase('rows_cpu', async (databaseUrl) => {
    const orm = await initOrm({ clientUrl: databaseUrl, poolMax: 1 });
    await prepareDatabase(orm, { demo: true });
    // The demo product with the most mappings.
    const [row] = await sqlRows<{ id: string; mappings: number }>(
      orm.em.fork(),
      `select f.product_id as id, count(*)::int as mappings from mapping m join feature f on f.id = m.feature_id
        group by f.product_id order by 2 desc, 1 limit 1`,
    );
    await orm.close(true);
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: '4',
      MIGRATE_ON_BOOT: 'false',
      AUTH_JWT_SECRET: SECRET,
      ...BENCH_BADGES,
    });
    const app = await startApp(config, createLogger(config));
    const endpoint = app.gateway.url.replace('localhost', '127.0.0.1');
    const token = await mintToken({ sub: 'cpu-bench', role: 'REVIEWER', org: null }, { secret: SECRET });
    const body = JSON.stringify({ query: QUERY, variables: { id: row.id } });
    const send = async () => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const json = (await res.json()) as { errors?: unknown[] };
      if (res.status !== 200 || json.errors) throw new Error(`request failed: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json;
    };
    const sample = JSON.stringify(await send());
    for (let i = 0; i < warmup; i++) await send();
    const profile = process.env.CPU_PROFILE ? new Session() : null;
    if (profile) {
      profile.connect();
      await profile.post('Profiler.enable');
      await profile.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) await send();
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (profile) {
      const { profile: taken } = await profile.post('Profiler.stop');
      fs.writeFileSync(process.env.CPU_PROFILE as string, JSON.stringify(taken));
      profile.disconnect();
    }
    console.log(
      JSON.stringify({
        product: row.id,
        mappings: row.mappings,
        responseBytes: sample.length,
        requests,
        cpuMsPerRequest: +(cpuMs / requests).toFixed(3),
        wallMsPerRequest: +(wall / requests).toFixed(3),
      }),
    );
    await app.stop();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
