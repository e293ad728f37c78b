import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { subgraphDefinitions } from '../../src/subgraphs';
import { type Child, freePort, postGraphQL, spawnMain } from '../support/processes';
import { as } from '../support/test-app';

const children: Child[] = [];

/** Ids of the subgraph processes a multi-process `npm start` forked. */
function subgraphProcesses(parent: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return out
    .split('\n')
    .filter((line) => line.includes('subgraph-process'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pids: number[], withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!pids.some(alive)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pids.some(alive);
}
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
});

describe('run modes', () => {
  it('split mode: each subgraph and the gateway in its own process, queried through the gateway', async () => {
    const { url: databaseUrl } = inject('database');
    const env: Record<string, string> = { DATABASE_URL: databaseUrl, DB_POOL_MAX: '1', SUBGRAPH_SECRET: 'split-mode-test-secret-0123456789' };
    const subgraphs = await Promise.all(
      subgraphDefinitions().map(async ([name]) => {
        const port = await freePort();
        env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
        const child = spawnMain(['subgraph', name], { ...env, [`${name.toUpperCase()}_PORT`]: String(port) });
        children.push(child);
        return child;
      }),
    );
    await Promise.all(subgraphs.map((c) => c.waitFor(/subgraph \w+ ready: (\S+)/)));
    const gatewayPort = await freePort();
    const gateway = spawnMain(['gateway'], { ...env, PORT: String(gatewayPort) });
    children.push(gateway);
    const [, url] = await gateway.waitFor(/gateway ready: (\S+)/);

    const body = await postGraphQL(
      url.replace('localhost', '127.0.0.1'),
      // Every subgraph answers from the database: editions from framework, a search no organization matches
      // from membership (the test database is shared with other files, so only an empty search has a known count).
      `{ frameworkEditions { slug isCurrent } organizations(first: 1, search: "no such organization ${process.pid}") { totalCount edges { node { id } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.frameworkEditions.map((e: { slug: string }) => e.slug)).toEqual(['2023', '2024', '2025', '2026']);
    expect(body.data.organizations).toEqual({ totalCount: 0, edges: [] });
    const ready = await fetch(`http://127.0.0.1:${gatewayPort}/readyz`);
    expect(ready.status).toBe(200);
    // A subgraph on its own port refuses anyone but the gateway.
    const direct = await fetch(env.FRAMEWORK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ frameworkEditions { slug } }"}',
    });
    expect(direct.status).toBe(401);
    for (const child of [gateway, ...subgraphs]) expect(await child.stop()).toBe(0);
    // Five processes starting at once: as long as its siblings may take on a shared machine.
  }, 180_000);

  it('a lone subgraph refuses to start without DATABASE_URL, with a clear message', async () => {
    const child = spawnMain(['subgraph', 'framework'], { DATABASE_URL: '' });
    children.push(child);
    expect(await child.stop('SIGCONT')).toBe(2);
    expect(child.output()).toContain('DATABASE_URL');
  });

  it('a bad configuration value stops the process and names the variable', async () => {
    const child = spawnMain([], { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    children.push(child);
    expect(await child.stop('SIGCONT')).toBe(2);
    expect(child.output()).toMatch(/PORT/);
    expect(child.output()).toMatch(/DATABASE_URL/);
  });

  it('embedded default: migrates and seeds on first start, keeps data across a clean restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-data-'));
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), DATABASE_URL: '', SEED_DEMO: 'false' };
    const first = spawnMain([], env);
    children.push(first);
    const [, url] = await first.waitFor(/FinOps catalog ready: (\S+)/);
    const gql = url.replace('localhost', '127.0.0.1');
    const created = await postGraphQL(
      gql,
      `mutation { createOrganization(input: { name: "Survives Restart", employeeCount: 42, linuxFoundationMember: true }) { organization { id } errors { code } } }`,
      {},
      await as('ADMIN'),
    );
    const id = created.data.createOrganization.organization.id;
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = spawnMain([], env);
    children.push(second);
    await second.waitFor(/FinOps catalog ready/);
    const read = await postGraphQL(gql, `query ($id: ID!) { organization(id: $id) { name employeeCount } }`, { id });
    expect(read.data.organization).toEqual({ name: 'Survives Restart', employeeCount: 42 });
    expect(await second.stop('SIGINT')).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it('all-in-one on several processes: the embedded database and the gateway here, subgraphs in children; clean stop, no orphans', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-processes-'));
    const catalogPort = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DATABASE_URL: '',
      SEED_DEMO: 'false',
      PROCESSES: '3',
      CATALOG_PORT: String(catalogPort),
    };
    const first = spawnMain([], env);
    children.push(first);
    const [, url] = await first.waitFor(/FinOps catalog ready: (\S+)/);
    const gql = url.replace('localhost', '127.0.0.1');
    const pids = subgraphProcesses(first.process.pid!);
    expect(pids).toHaveLength(2);
    // The first subgraph process serves the catalog on the configured CATALOG_PORT (answering only the gateway).
    const direct = await fetch(`http://127.0.0.1:${catalogPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(direct.status).toBe(401);
    expect((await direct.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    // Writes and reads go through the children to the database this process holds.
    const created = await postGraphQL(
      gql,
      `mutation { createOrganization(input: { name: "Across processes", employeeCount: 7, linuxFoundationMember: false }) { organization { id } errors { code } } }`,
      {},
      await as('ADMIN'),
    );
    const id = created.data.createOrganization.organization.id;
    for (let i = 0; i < 4; i++) {
      const read = await postGraphQL(gql, `query ($id: ID!) { organization(id: $id) { name } frameworkEditions { slug } }`, { id });
      expect(read.errors).toBeUndefined();
      expect(read.data.organization).toEqual({ name: 'Across processes' });
      expect(read.data.frameworkEditions).toHaveLength(4);
    }
    const ready = await fetch(gql.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await gone(pids, 5_000)).toBe(true);

    // A parent killed outright leaves no subgraph process behind either: they see their channel close.
    const second = spawnMain([], env);
    children.push(second);
    await second.waitFor(/FinOps catalog ready/);
    const again = subgraphProcesses(second.process.pid!);
    expect(again).toHaveLength(2);
    const read = await postGraphQL(gql, `query ($id: ID!) { organization(id: $id) { name } }`, { id });
    expect(read.data.organization).toEqual({ name: 'Across processes' });
    await second.stop('SIGKILL');
    expect(await gone(again, 10_000)).toBe(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 240_000);

  it('several processes on a PostgreSQL server: each child has its own metrics port, signs badges with the key the gateway publishes and names the gateway', async () => {
    const { url: databaseUrl } = inject('database');
    const port = await freePort();
    const metricsPort = await freePort();
    const app = spawnMain([], {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PROCESSES: '3',
      METRICS_PORT: String(metricsPort),
      SEED_DEMO: 'false',
    });
    children.push(app);
    const [, url] = await app.waitFor(/FinOps catalog ready: (\S+)/);
    await app.waitFor(/Metrics \(subgraph process 2\): (\S+)/);
    const gql = url.replace('localhost', '127.0.0.1');
    // This process and its two children, one port each: METRICS_PORT, +1, +2.
    expect(app.output()).toContain(`Metrics (this process): http://127.0.0.1:${metricsPort}/metrics`);
    expect(app.output()).toContain(`Metrics (subgraph process 1): http://127.0.0.1:${metricsPort + 1}/metrics`);
    expect(app.output()).toContain(`Metrics (subgraph process 2): http://127.0.0.1:${metricsPort + 2}/metrics`);

    // An award written straight into the database, read as a badge through the gateway: twice, so both children sign one.
    const created = await postGraphQL(
      gql,
      `mutation { createOrganization(input: { name: "Badges across processes ${randomUUID()}", employeeCount: 20, linuxFoundationMember: false }) { organization { id } errors { code } } }`,
      {},
      await as('ADMIN'),
    );
    const organizationId = created.data.createOrganization.organization.id;
    const awardId = randomUUID();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const applicationId = randomUUID();
      const { rows } = await client.query(`select id from certification_program where slug = '2023'`);
      await client.query(
        `insert into certification_application (id, organization_id, program_id, kind, edition, status, created_by, decided_at, decided_by)
         values ($1, $2, $3, 'SERVICE_PROVIDER', '2023', 'APPROVED', 'run-modes-test', now(), 'run-modes-test')`,
        [applicationId, organizationId, rows[0].id],
      );
      await client.query(
        `insert into certification_award (id, organization_id, kind, program_id, edition, issued_on, expires_on, application_id)
         values ($1, $2, 'SERVICE_PROVIDER', $3, '2023', current_date - 10, current_date + 300, $4)`,
        [awardId, organizationId, rows[0].id, applicationId],
      );
    } finally {
      await client.end();
    }
    const jwks = (await (await fetch(gql.replace('/graphql', '/.well-known/jwks.json'))).json()) as { keys: { kid: string }[] };
    expect(jwks.keys).toHaveLength(1);
    const badges = [];
    for (let i = 0; i < 2; i++) {
      const body = await postGraphQL(gql, `query ($id: ID!) { award(id: $id) { badge { jwt url } } }`, { id: awardId });
      expect(body.errors).toBeUndefined();
      badges.push(body.data.award.badge as { jwt: string; url: string });
    }
    for (const badge of badges) {
      expect(badge.url).toBe(`http://localhost:${port}/badges/${awardId}.jwt`);
      const header = JSON.parse(Buffer.from(badge.jwt.split('.')[0], 'base64url').toString('utf8'));
      expect(header.kid).toBe(jwks.keys[0].kid);
      const verified = await postGraphQL(gql, `query ($jwt: String!) { verifyBadge(jwt: $jwt) { valid reason } }`, { jwt: badge.jwt });
      expect(verified.data.verifyBadge).toEqual({ valid: true, reason: null });
    }
    // The gateway's own badge route signs with the same key: the very same JWT (Ed25519 is deterministic).
    const routed = await fetch(gql.replace('/graphql', `/badges/${awardId}.jwt`));
    expect(routed.status).toBe(200);
    expect((await routed.text()).trim()).toBe(badges[0].jwt);

    // Each child's metrics are its own: subgraph fetches there, the response cache's counters here.
    const childMetrics = await (await fetch(`http://127.0.0.1:${metricsPort + 1}/metrics`)).text();
    expect(childMetrics).toMatch(/finops_subgraph_request_duration_seconds_count\{subgraph="certification"\} [1-9]/);
    expect(childMetrics).not.toContain('cache="response"');
    const parentMetrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(parentMetrics).toContain('finops_cache_lookups_total{cache="response",result="miss"}');
    expect(await app.stop('SIGTERM')).toBe(0);
  }, 180_000);

  it('split mode with two catalog processes: the gateway balances over both and skips one that is down', async () => {
    const { url: databaseUrl } = inject('database');
    const env: Record<string, string> = { DATABASE_URL: databaseUrl, DB_POOL_MAX: '1', SUBGRAPH_SECRET: 'replica-mode-test-secret-0123456789' };
    const catalogUrls: string[] = [];
    const starts: [string, Record<string, string>][] = [];
    for (const [name] of subgraphDefinitions()) {
      const replicas = name === 'catalog' ? 2 : 1;
      const urls: string[] = [];
      for (let i = 0; i < replicas; i++) {
        const port = await freePort();
        urls.push(`http://127.0.0.1:${port}/graphql`);
        starts.push([name, { [`${name.toUpperCase()}_PORT`]: String(port) }]);
      }
      env[`${name.toUpperCase()}_URL`] = urls.join(',');
      if (name === 'catalog') catalogUrls.push(...urls);
    }
    const subgraphs = starts.map(([name, ports]) => {
      const child = spawnMain(['subgraph', name], { ...env, ...ports });
      children.push(child);
      return child;
    });
    await Promise.all(subgraphs.map((c) => c.waitFor(/subgraph \w+ ready: (\S+)/)));
    const gatewayPort = await freePort();
    const gateway = spawnMain(['gateway'], { ...env, PORT: String(gatewayPort), LOG_LEVEL: 'error' });
    children.push(gateway);
    const [, url] = await gateway.waitFor(/gateway ready: (\S+)/);
    const gql = url.replace('localhost', '127.0.0.1');
    const read = `{ products(first: 1) { totalCount } }`;

    const before = await postGraphQL(gql, read);
    expect(before.errors).toBeUndefined();
    const total = before.data.products.totalCount;

    // Stop the first catalog replica: every request still succeeds, through the second.
    const firstCatalog = subgraphs[starts.findIndex(([name]) => name === 'catalog')];
    expect(await firstCatalog.stop('SIGTERM')).toBe(0);
    for (let i = 0; i < 6; i++) {
      const body = await postGraphQL(gql, read);
      expect(body.errors).toBeUndefined();
      expect(body.data.products.totalCount).toBe(total);
    }
    const ready = await fetch(`http://127.0.0.1:${gatewayPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { subgraphs: Record<string, string> }).subgraphs.catalog).toBe('ready (1 of 2)');

    // Both down: a clear SERVICE_UNAVAILABLE naming the subgraph, not an address.
    const secondCatalog = subgraphs[starts.findIndex(([name]) => name === 'catalog') + 1];
    expect(await secondCatalog.stop('SIGTERM')).toBe(0);
    const down = await postGraphQL(gql, read);
    expect(down.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(down)).not.toContain(catalogUrls[0]);
    for (const child of [gateway, ...subgraphs]) await child.stop();
  }, 180_000);
});
