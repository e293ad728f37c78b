import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { startSubgraphServer } from '../../src/http/subgraph-server';
import { SUBGRAPHS } from '../../src/subgraphs';
import { type Child, freePort, postGraphQL, spawnMain } from '../support/processes';
import { as, startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'faults-test-subgraph-secret-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/**
 * A TCP relay to the database that can cut every connection and refuse new ones, then heal; or fall
 * silent (connections stay open, new ones are accepted, no byte flows either way), then speak again.
 */
async function databaseRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  let up = true;
  let silent = false;
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    // Bytes that arrive while silent are swallowed, as a hung server or a black-holed route would.
    client.on('data', (d) => silent || upstream.write(d));
    upstream.on('data', (d) => silent || client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    heal() {
      up = true;
    },
    silence() {
      silent = true;
    },
    speak() {
      silent = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// organization(id) is nullable, so its failure leaves the rest of the answer standing.
const editionsAndOrgs = '{ frameworkEditions { slug } organization(id: "00000000-0000-4000-8000-000000000000") { name } }';

describe('faults', () => {
  it('a subgraph down: the gateway answers what it can, names what is missing, and recovers', async () => {
    const t: TestApp = await startTestApp({ SUBGRAPH_SECRET: SECRET });
    cleanups.push(() => t.stop());
    const membership = t.app.subgraphs.find((s) => s.name === 'membership')!;
    await membership.stop();
    const partial = await t.request<{ frameworkEditions: unknown[] }, Record<string, never>>(editionsAndOrgs);
    expect(partial.data?.frameworkEditions).toHaveLength(4);
    expect(partial.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(partial.errors?.[0].message).toContain('membership');
    expect(JSON.stringify(partial.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    expect((await fetch(t.url.replace('/graphql', '/readyz'))).status).toBe(503);

    const port = Number(new URL(membership.url).port);
    const restarted = await startSubgraphServer({
      definition: SUBGRAPHS.membership!,
      orm: t.app.db.orm,
      logger: createLogger({ logLevel: 'silent' }),
      host: '127.0.0.1',
      port,
      maxBodyBytes: 1 << 20,
      gatewayKey: SECRET,
    });
    cleanups.push(() => restarted.stop());
    const healed = await t.request<{ frameworkEditions: unknown[] }, Record<string, never>>(editionsAndOrgs);
    expect(healed.data?.frameworkEditions).toHaveLength(4);
    expect(healed.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('the certification subgraph down costs only its own fields, each error with its path', async () => {
    const t: TestApp = await startTestApp({ SUBGRAPH_SECRET: SECRET });
    cleanups.push(() => t.stop());
    await t.app.subgraphs.find((s) => s.name === 'certification')!.stop();
    const r = await t.request<any, Record<string, never>>(
      '{ currentFrameworkEdition { slug } awards(first: 1) { totalCount } organizations(first: 2, search: "Demo: Northwind") { nodes { name awards { id } } } }',
    );
    expect(r.data.currentFrameworkEdition).toEqual({ slug: '2026' });
    expect(r.data.awards).toBeNull();
    expect(r.data.organizations.nodes).toEqual([{ name: 'Demo: Northwind FinOps (demo data)', awards: null }]);
    expect(r.errors!.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['SERVICE_UNAVAILABLE', ['awards']],
      ['SERVICE_UNAVAILABLE', ['organizations', 'nodes', 0, 'awards']],
    ]);
    expect(r.errors![0].message).toContain('certification');
  });

  it('the database unreachable: /readyz fails, requests get a clear error, service resumes without a restart', async () => {
    const relay = await databaseRelay(new URL(inject('database').url));
    cleanups.push(() => relay.close());
    const t = await startTestApp({ DATABASE_URL: relay.url });
    cleanups.push(() => t.stop());
    const readyz = t.url.replace('/graphql', '/readyz');
    expect((await fetch(readyz)).status).toBe(200);

    relay.cut();
    const failed = await t.request('{ organizations(first: 1) { totalCount } }');
    expect(failed.errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(failed.errors)).not.toMatch(/select|ECONN|stack/i);
    expect((await fetch(readyz)).status).toBe(503);

    relay.heal();
    let healed = await t.request('{ organizations(first: 1) { totalCount } }');
    for (let i = 0; i < 5 && healed.errors; i++) healed = await t.request('{ organizations(first: 1) { totalCount } }');
    expect(healed.errors).toBeUndefined();
    expect((await fetch(readyz)).status).toBe(200);
  });

  it('a silent database (connection open, no bytes): requests fail fast with DATABASE_UNAVAILABLE, service resumes by itself', async () => {
    const relay = await databaseRelay(new URL(inject('database').url));
    cleanups.push(() => relay.close());
    const t = await startTestApp({
      DATABASE_URL: relay.url,
      DB_POOL_MAX: '1',
      DB_STATEMENT_TIMEOUT_MS: '1000',
      DB_ACQUIRE_TIMEOUT_MS: '4000',
      REQUEST_TIMEOUT_MS: '10000',
    });
    cleanups.push(() => t.stop());
    const query = '{ organizations(first: 1) { totalCount } }';
    expect((await t.request(query)).errors).toBeUndefined();

    relay.silence();
    // The statement goes out on the open connection and no answer comes: the watchdog (1 s statement
    // timeout + 1 s grace) gives up on it, before the 4 s a request may wait for a connection.
    let started = Date.now();
    const hung = await t.request(query);
    const elapsed = Date.now() - started;
    expect(hung.errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(hung.errors)).not.toMatch(/select|ETIMEDOUT|stack/i);
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(3_900);

    // Still silent, more requests at once: new connections never complete their start-up; each
    // request gives up within the connection wait (4 s), far from the 10 s deadline.
    started = Date.now();
    const answers = await Promise.all([1, 2, 3].map(() => t.request(query)));
    for (const a of answers) expect(a.errors?.[0].extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(8_000);

    relay.speak();
    let healed = await t.request(query);
    for (let i = 0; i < 5 && healed.errors; i++) healed = await t.request(query);
    expect(healed.errors).toBeUndefined();
    expect(healed.data).toMatchObject({ organizations: { totalCount: expect.any(Number) } });
  });

  it('the request deadline: a subgraph that does not answer costs the caller REQUEST_TIMEOUT_MS, not forever', async () => {
    const t = await startTestApp({ REQUEST_TIMEOUT_MS: '1500', SUBGRAPH_SECRET: SECRET });
    cleanups.push(() => t.stop());
    const membership = t.app.subgraphs.find((s) => s.name === 'membership')!;
    await membership.stop();
    // On the membership subgraph's port now: a server that accepts connections and never answers.
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => void held.add(socket));
    await new Promise<void>((resolve) => silent.listen(Number(new URL(membership.url).port), '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of held) socket.destroy();
      return new Promise((resolve) => silent.close(resolve));
    });
    const started = Date.now();
    const partial = await t.request<{ frameworkEditions: unknown[] }, Record<string, never>>(editionsAndOrgs);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(partial.data?.frameworkEditions).toHaveLength(4);
    expect(partial.errors?.[0].extensions?.code).toBe('REQUEST_TIMEOUT');
    expect(partial.errors?.[0].message).toContain('membership');
  });

  it('the embedded database killed mid-write (SIGKILL): committed data survives and the restart is clean', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-kill-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    // One process: this is about the embedded database's files (run-modes kills a parent with children).
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), DATABASE_URL: '', SEED_DEMO: 'false', PROCESSES: '1' };
    const first: Child = spawnMain([], env);
    cleanups.push(() => first.stop('SIGKILL'));
    const [, url] = await first.waitFor(/FinOps catalog ready: (\S+)/);
    const gql = url.replace('localhost', '127.0.0.1');
    const admin = await as('ADMIN');
    const committed: string[] = [];
    const writer = (async () => {
      for (let i = 0; ; i++) {
        const r = await postGraphQL(
          gql,
          'mutation ($name: String!) { createOrganization(input: { name: $name, employeeCount: 1, linuxFoundationMember: false }) { organization { id } } }',
          { name: `Kill test ${i}` },
          admin,
        ).catch(() => null);
        if (!r) return;
        const id = r.data?.createOrganization?.organization?.id;
        if (id) committed.push(id);
      }
    })();
    // Kill it while writes are under way: once the first has committed (a loaded machine may take a
    // while for it, more so with a child process per core to warm up), and a moment later.
    for (const until = Date.now() + 30_000; committed.length === 0 && Date.now() < until;) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await first.stop('SIGKILL');
    await writer;
    expect(committed.length).toBeGreaterThan(0);

    const second = spawnMain([], env);
    cleanups.push(() => second.stop('SIGKILL'));
    await second.waitFor(/FinOps catalog ready/);
    const found = new Set<string>();
    let after: string | null = null;
    do {
      const page: { data?: { organizations: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } =
        await postGraphQL(
          gql,
          'query ($after: String) { organizations(first: 100, after: $after, search: "Kill test") { nodes { id } pageInfo { hasNextPage endCursor } } }',
          { after },
          admin,
        );
      const organizations = page.data!.organizations;
      for (const n of organizations.nodes) found.add(n.id);
      after = organizations.pageInfo.hasNextPage ? organizations.pageInfo.endCursor : null;
    } while (after);
    for (const id of committed) expect(found.has(id), `committed organization ${id}`).toBe(true);
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
