// The gateway remembers what it worked out about a query text, a parsed document or a token (so a
// repeated request costs less CPU); these check, over HTTP, that every limit still applies to each
// request: the same document again with other variables, the same flood again, the same token after
// it expired.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, DEVELOPMENT_SECRET } from '../../src/auth/tokens';
import { startTestApp, type TestApp } from '../support/test-app';

const SUBGRAPH_SECRET = 'repeated-requests-subgraph-secret';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SUBGRAPH_SECRET });
});
afterAll(async () => {
  await t?.stop();
});

const codes = (r: { errors?: { extensions?: { code?: string } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('the same document again, with other variables', () => {
  it('counts the cost of each request with its own page size', async () => {
    // products 1 + n × (nodes 1 + features (1 + 80 × (mappings 1 + 22 × 2)))) = 1 + 3602 n
    const query = 'query ($n: Int) { products(first: $n) { nodes { features { mappings { id status } } } } }';
    const five = await t.request<any, { n?: number }>(query, { n: 5 });
    expect([five.status, codes(five)]).toEqual([200, []]);
    const six = await t.request<any, { n?: number }>(query, { n: 6 });
    expect([six.status, codes(six)]).toEqual([400, ['QUERY_TOO_COSTLY']]);
    expect(six.errors?.[0].message).toMatch(/^The query costs 21613, more than the cost limit of 20000/);
    const again = await t.request<any, { n?: number }>(query, { n: 5 });
    expect([again.status, codes(again)]).toEqual([200, []]);
    // No n: the default page of 20.
    const unset = await t.request<any, { n?: number }>(query, {});
    expect([unset.status, codes(unset)]).toEqual([400, ['QUERY_TOO_COSTLY']]);
    expect(unset.errors?.[0].message).toMatch(/^The query costs 72041, more than/);
  });

  it('checks the strings of each request', async () => {
    const query = 'query ($s: String) { products(search: $s, first: 1) { totalCount } }';
    const fine = await t.request<any, { s: string }>(query, { s: 'finops' });
    expect([fine.status, codes(fine)]).toEqual([200, []]);
    const long = await t.request<any, { s: string }>(query, { s: 'x'.repeat(201) });
    expect([long.status, codes(long), long.errors?.[0].message]).toEqual([400, ['BAD_USER_INPUT'], 'search is longer than 200 characters']);
    const nul = await t.request<any, { s: string }>(query, { s: 'a\u0000b' });
    expect([nul.status, codes(nul)]).toEqual([400, ['BAD_USER_INPUT']]);
    const fineAgain = await t.request<any, { s: string }>(query, { s: 'finops' });
    expect([fineAgain.status, codes(fineAgain)]).toEqual([200, []]);
  });

  it('refuses the same token flood every time it comes', async () => {
    const flood = `{ frameworkEditions { ${'a '.repeat(3100)} } }`;
    for (let i = 0; i < 3; i++) {
      const r = await t.request<any, never>(flood);
      expect([r.status, codes(r)]).toEqual([400, ['TOO_MANY_TOKENS']]);
    }
  });
});

describe('subgraph answers', () => {
  it('still say cache-control: no-store', async () => {
    const catalog = t.app.subgraphs.find((s) => s.name === 'catalog')!;
    const res = await fetch(catalog.url.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-finops-gateway-key': SUBGRAPH_SECRET },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('a remembered token', () => {
  const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
  async function adminToken(exp: number): Promise<string> {
    const { SignJWT } = await import('jose');
    return new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('remembered-admin')
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(DEVELOPMENT_SECRET));
  }
  const settings = {
    jwtSecret: DEVELOPMENT_SECRET,
    jwksUrl: undefined,
    issuer: undefined,
    audience: undefined,
    maxTokenLifetimeSeconds: 3600,
    clockSkewSeconds: 60,
  };

  it('stops working when it expires (with the clock skew), as an unremembered one would', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    try {
      const verify = await createTokenVerifier(settings);
      const token = await adminToken(T0 / 1000 + 600);
      const admin = { id: 'remembered-admin', role: 'ADMIN', organizationId: null };
      expect(await verify(token)).toEqual(admin);
      vi.setSystemTime(T0 + (600 + 59) * 1000);
      expect(await verify(token)).toEqual(admin);
      vi.setSystemTime(T0 + (600 + 60) * 1000);
      await expect(verify(token)).rejects.toThrow('The token has expired');
      await expect(verify(token)).rejects.toThrow('The token has expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('is the whole token string: the same claims with another signature are refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    try {
      const verify = await createTokenVerifier(settings);
      const token = await adminToken(T0 / 1000 + 600);
      expect((await verify(token)).role).toBe('ADMIN');
      const [header, payload, signature] = token.split('.');
      const forged = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      await expect(verify(forged)).rejects.toThrow('The token is not valid');
      expect((await verify(token)).role).toBe('ADMIN');
    } finally {
      vi.useRealTimers();
    }
  });
});
