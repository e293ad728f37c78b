import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { subgraphDefinitions } from '../../src/subgraphs';
import { type Child, freePort, postGraphQL, spawnMain } from '../support/processes';
import { as } from '../support/test-app';

const children: Child[] = [];
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
    const direct = await fetch(env.FRAMEWORK_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ frameworkEditions { slug } }"}' });
    expect(direct.status).toBe(401);
    for (const child of [gateway, ...subgraphs]) expect(await child.stop()).toBe(0);
  });

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
});
