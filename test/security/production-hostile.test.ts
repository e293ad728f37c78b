// Every hostile request we know of, thrown at the app in production mode (NODE_ENV=production): no
// answer is a 5xx, none carries a stack trace, SQL or a file path, each comes back within a bound,
// and the app still answers afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/auth/tokens';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'production-mode-test-secret-0123456789';
let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET });
  admin = { authorization: `Bearer ${await mintToken({ sub: 'prod-admin', role: 'ADMIN' }, { secret: SECRET })}` };
});
afterAll(async () => {
  await t?.stop();
});

const JSON_TYPE = { 'content-type': 'application/json' };
const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const body = (query: unknown, variables?: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ query, variables, ...extra });

interface Hostile {
  name: string;
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

function post(name: string, text: string, headers: Record<string, string> = {}): Hostile {
  return { name, body: text, headers: { ...JSON_TYPE, ...headers } };
}

function getQuery(name: string, params: Record<string, string>): Hostile {
  return { name, method: 'GET', path: `/graphql?${new URLSearchParams(params)}`, headers: { 'apollo-require-preflight': 'true' } };
}

const HOSTILE: Hostile[] = [
  post('deep', body(`{ frameworkEditions { ${'capabilities { domains { '.repeat(8)}slug${' } }'.repeat(8)} } }`)),
  post('aliases', body(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`)),
  post('token flood', body(`{ frameworkEditions { ${'slug '.repeat(4000)} } }`)),
  post('500 duplicated fields', body(`{ ${'__typename '.repeat(500)}}`)),
  post(
    'fragment bomb',
    body(`{ ...A } fragment A on Query { ...B ...B ...B ...B ...B ...B ...B ...B } fragment B on Query { ...C ...C ...C ...C ...C ...C ...C ...C }
     fragment C on Query { ...D ...D ...D ...D ...D ...D ...D ...D } fragment D on Query { __typename __typename __typename __typename }`),
  ),
  post('fragment cycle', body('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')),
  post('malformed', body('{ frameworkEditions { slug ')),
  post('unknown field', body('{ frameworkEditions { slugg } }')),
  post('introspection', body('{ __schema { types { name fields { name } } } }')),
  post('NUL in a search', body('{ products(search: "\\u0000") { totalCount } }')),
  post('NUL in a variable', body('query ($s: String) { organizations(search: $s) { totalCount } }', { s: 'a\u0000' })),
  post('8 MiB search', body('query ($s: String) { organizations(search: $s) { totalCount } }', { s: 'x'.repeat(8 * 1024 * 1024) })),
  post(
    'NUL in an input field',
    body('mutation { createOrganization(input: { name: "a\\u0000", employeeCount: 1, linuxFoundationMember: false }) { errors { code } } }'),
  ),
  ...['products', 'organizations', 'coverageMatrix', 'awards'].flatMap((field) =>
    [cursor(['a', 'b']), cursor([1, 2]), cursor([null, {}]), '%%%'].map((after) =>
      post(`${field} cursor ${after}`, body(`{ ${field}(after: "${after}") { totalCount } }`)),
    ),
  ),
  post('auditTrail cursor', body(`{ auditTrail(objectId: "00000000-0000-4000-8000-000000000000", after: "${cursor([1, 2])}") { totalCount } }`), {}),
  post('bad Date literal', body('{ awards(validOn: "2026-13-45") { totalCount } }')),
  post('bad Date variable', body('query ($d: Date) { awards(validOn: $d) { totalCount } }', { d: 12 })),
  post('unknown edition', body('{ coverageMatrix(edition: "1999") { totalCount } }')),
  post('unknown id', body('{ product(id: "not-a-uuid") { name } }')),
  post('variables not an object', body('{ __typename }', 'nope')),
  post('query not a string', body(123)),
  post('no query', JSON.stringify({})),
  post('unknown operation name', JSON.stringify({ query: 'query A { __typename }', operationName: 'B' })),
  post('two operations, no name', body('query A { __typename } query B { __typename }')),
  post('batch', JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])),
  post('not JSON', '{"query": '),
  post('JSON null', 'null'),
  post('persisted query with a bad hash', JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'x'.repeat(64) } } })),
  post(
    'persisted query of another version',
    JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 9, sha256Hash: 'x' } } }),
  ),
  post('garbage token', body('{ __typename }'), { authorization: 'Bearer a.b.c' }),
  post('scheme without token', body('{ __typename }'), { authorization: 'Basic Zm9vOmJhcg==' }),
  { name: 'text/plain body', body: '{ __typename }', headers: { 'content-type': 'text/plain' } },
  { name: 'body over the limit', body: body('{ __typename }', { pad: 'x'.repeat(17 * 1024 * 1024) }), headers: JSON_TYPE },
  getQuery('GET token flood', { query: `{ frameworkEditions { ${'a '.repeat(3100)} } }` }),
  getQuery('GET 500 fields', { query: `{ ${'__typename '.repeat(500)}}` }),
  getQuery('GET variables not JSON', { query: 'query ($s: String) { products(search: $s) { totalCount } }', variables: '{' }),
  getQuery('GET mutation', {
    query: 'mutation { createOrganization(input: { name: "x", employeeCount: 1, linuxFoundationMember: false }) { errors { code } } }',
  }),
  getQuery('GET without a query', {}),
  { name: 'report with a wrongly typed cursor', method: 'GET', path: '/reports/coverage?after=WyJhIiwiYiJd' },
  { name: 'report with a bad limit', method: 'GET', path: '/reports/coverage?limit=1e9' },
  { name: 'export of an unknown report', method: 'GET', path: '/exports/nothing.csv' },
  { name: 'export of an unknown edition', method: 'GET', path: '/exports/coverage-matrix.csv?edition=%00' },
  { name: 'unknown path', method: 'GET', path: '/../../etc/passwd' },
];

describe('production mode under hostile requests', () => {
  it('answers every one with a 4xx (or a 200 with errors), without internals, within a bound', async () => {
    const bad: string[] = [];
    for (const h of HOSTILE) {
      const started = Date.now();
      const res = await fetch(t.url.replace('/graphql', h.path ?? '/graphql'), {
        method: h.method ?? 'POST',
        headers: { ...(h.name.startsWith('auditTrail') ? admin : {}), ...h.headers },
        body: h.method === 'GET' ? undefined : h.body,
      });
      const text = await res.text();
      const ms = Date.now() - started;
      if (res.status >= 500) bad.push(`${h.name}: HTTP ${res.status} ${text.slice(0, 200)}`);
      if (/stacktrace|\bat \S+ \(|node_modules|\.ts:\d+|select .* from|INTERNAL_SERVER_ERROR|did you mean/i.test(text))
        bad.push(`${h.name}: leaks ${text.slice(0, 300)}`);
      if (ms > 3000) bad.push(`${h.name}: took ${ms} ms`);
    }
    expect(bad).toEqual([]);
  });

  it('still answers afterwards', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: JSON_TYPE, body: body('{ frameworkEditions { slug } }') });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.frameworkEditions).toHaveLength(4);
  });
});
