import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeViewer, VIEWER_HEADER } from '../../src/auth/forwarded-identity';
import { mintToken } from '../../src/auth/tokens';
import { CreateOrganizationDocument, OrganizationDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

const code = (r: { json: any }) => r.json?.errors?.[0]?.extensions?.code;

describe('hostile requests get 4xx answers, and the process stays up', () => {
  it.each([
    ['deep', `{ frameworkEditions { ${'capabilities { domains { '.repeat(8)}slug${' } }'.repeat(8)} } }`, 'QUERY_TOO_DEEP'],
    ['aliased', `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`, 'TOO_MANY_ALIASES'],
    ['token flood', `{ frameworkEditions { ${'slug '.repeat(4000)} } }`, 'TOO_MANY_TOKENS'],
    ['malformed', `{ frameworkEditions { slug `, 'GRAPHQL_PARSE_FAILED'],
    ['unknown field', `{ frameworkEditions { nope } }`, 'GRAPHQL_VALIDATION_FAILED'],
  ])('%s query → 400', async (_name, query, expected) => {
    const r = await post({ query });
    expect(r.status).toBe(400);
    expect(code(r)).toBe(expected);
  });

  it('refuses a body over the limit with 413 and a clear message', async () => {
    const r = await post({ query: '{ __typename }', variables: { pad: 'x'.repeat(17 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    expect(code(r)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses batched requests', async () => {
    const r = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(r.status).toBe(400);
  });

  it('refuses a non-JSON body and a bad token', async () => {
    expect((await post('{not json')).status).toBe(400);
    const bad = await post({ query: '{ __typename }' }, { authorization: 'Bearer not.a.token' });
    expect(bad.status).toBe(401);
    expect(code(bad)).toBe('UNAUTHENTICATED');
    const wrongSecret = await mintToken({ sub: 'mallory', role: 'ADMIN' }, { secret: 'some-other-secret-0123456789' });
    expect((await post({ query: '{ __typename }' }, { authorization: `Bearer ${wrongSecret}` })).status).toBe(401);
  });

  it('keeps CSRF protection on: a simple GET without a preflight header is refused', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
  });

  it('ignores an identity a client forges in the forwarded header', async () => {
    const forged = { [VIEWER_HEADER]: encodeViewer({ id: 'mallory', role: 'ADMIN', organizationId: null }) };
    const r = await t.request(
      CreateOrganizationDocument,
      { input: { name: unique('Forged'), employeeCount: 1, linuxFoundationMember: false } },
      forged,
    );
    expect(r.data?.createOrganization ?? null).toBeNull();
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses every caller that is not the gateway at a subgraph', async () => {
    for (const subgraph of t.app.subgraphs) {
      const res = await fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [VIEWER_HEADER]: encodeViewer({ id: 'x', role: 'ADMIN', organizationId: null }) },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      expect(res.status, subgraph.name).toBe(401);
      expect(await res.text()).not.toContain('ftv1');
    }
  });

  it('membership writes need an ADMIN: anonymous is UNAUTHENTICATED, others FORBIDDEN', async () => {
    const input = { name: unique('Roles'), employeeCount: 3, linuxFoundationMember: false };
    const anonymous = await t.request(CreateOrganizationDocument, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (const role of ['REVIEWER', 'TAC'] as const) {
      const r = await t.request(CreateOrganizationDocument, { input }, await as(role));
      expect(r.errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
    }
    const ok = await t.data(CreateOrganizationDocument, { input }, await as('ADMIN'));
    expect(ok.createOrganization.organization?.name).toBe(input.name);
    const vendor = await t.request(CreateOrganizationDocument, { input }, await as('VENDOR', ok.createOrganization.organization!.id));
    expect(vendor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // People are visible to the organization itself and to staff, absent for anyone else.
    const id = ok.createOrganization.organization!.id;
    const anon = await t.data(OrganizationDocument, { id });
    expect(anon.organization?.people).toEqual([]);
  });

  it('still answers after all of the above', async () => {
    const r = await post({ query: '{ frameworkEditions { slug } }' });
    expect(r.status).toBe(200);
    expect(r.json.data.frameworkEditions).toHaveLength(4);
  });
});
