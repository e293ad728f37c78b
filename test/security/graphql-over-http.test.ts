import { createHash } from 'node:crypto';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('GraphQL over HTTP', () => {
  it('passes every MUST audit of graphql-http against the gateway', async () => {
    const audits = serverAudits({ url: t.url, fetchFn: fetch });
    const failures: string[] = [];
    const shouldsNotFollowed: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST') && result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
      if (audit.name.startsWith('SHOULD') && result.status !== 'ok') shouldsNotFollowed.push(audit.name);
    }
    expect(audits.filter((a) => a.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
    // The README (Security) explains each: bad requests are 400s so that caches, proxies and
    // monitoring see them as client errors.
    expect(shouldsNotFollowed.sort()).toEqual([
      'SHOULD use 200 status code on document parsing failure when accepting application/json',
      'SHOULD use 200 status code on document validation failure when accepting application/json',
      'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    ]);
  });

  it('supports automatic persisted queries for frontends', async () => {
    const query = '{ frameworkEditions { slug } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (body: unknown) =>
      fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<any>,
      );
    const unknown = await post({ extensions });
    expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post({ query, extensions });
    expect(registered.data.frameworkEditions).toHaveLength(4);
    const byHash = await post({ extensions });
    expect(byHash.data).toEqual(registered.data);
  });
});
