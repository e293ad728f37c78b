// Bad input through the gateway over HTTP, as a careless or hostile client sends it: every answer is a
// clear 4xx with a code, nothing is written, and no request runs unbounded work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/auth/tokens';
import {
  CreateOrganizationDocument,
  CreateProductDocument,
  MapFeatureDocument,
  OrganizationsDocument,
  ReviewMappingDocument,
} from '../../src/client/generated/graphql';
import { addFeature, createOrganization, createProduct, vendorOfProduct } from '../subgraphs/catalog-helpers';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

async function get(query: string, variables?: unknown) {
  const params = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) });
  const res = await fetch(`${t.url}?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: res.status, json: (await res.json()) as any };
}

const code = (r: { json: any }) => r.json?.errors?.[0]?.extensions?.code;
const NUL = '\u0000';
const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('strings: no NUL anywhere, and a maximum length', () => {
  it('refuses a NUL in a literal argument, a variable, an input field and a sheet cell with BAD_USER_INPUT, writing nothing', async () => {
    const literal = await post({ query: `{ products(search: "a\\u0000b") { totalCount } }` });
    expect([literal.status, code(literal), literal.json.data]).toEqual([400, 'BAD_USER_INPUT', undefined]);

    const variable = await post({ query: 'query ($s: String) { organizations(search: $s) { totalCount } }', variables: { s: `x${NUL}` } });
    expect([variable.status, code(variable)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(variable.json.errors[0].extensions.field).toBe('search');

    const name = unique('Nul org');
    const admin = await as('ADMIN');
    const input = await t.request(
      CreateOrganizationDocument,
      { input: { name: `${name}${NUL}`, employeeCount: 3, linuxFoundationMember: false } },
      admin,
    );
    expect(input.status).toBe(400);
    expect(input.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const written = await t.data(OrganizationsDocument, { search: name }, admin);
    expect(written.organizations!.totalCount).toBe(0);

    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    const sheet = await post(
      {
        query: 'mutation ($input: ImportMappingsInput!) { importMappings(input: $input) { created errors { code } } }',
        variables: { input: { productId: product, edition: '2026', format: 'CSV', content: `feature,capability\nBad${NUL}cell,budgeting\n` } },
      },
      await vendorOfProduct(product),
    );
    expect([sheet.status, code(sheet)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(sheet.json.errors[0].extensions.field).toBe('input.content');
  });

  it('bounds search arguments at 200 characters and longer texts at their documented maxima', async () => {
    expect((await post({ query: `{ products(search: "${'a'.repeat(200)}") { totalCount } }` })).json.data.products.totalCount).toBe(0);
    const long = await post({ query: `{ products(search: "${'a'.repeat(201)}") { totalCount } }` });
    expect([long.status, code(long)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(long.json.errors[0].message).toBe('search is longer than 200 characters');

    const started = Date.now();
    const huge = await post({
      query: 'query ($s: String) { organizations(search: $s) { totalCount } }',
      variables: { s: 'x'.repeat(8 * 1024 * 1024) },
    });
    expect([huge.status, code(huge)]).toEqual([400, 'BAD_USER_INPUT']);
    expect(Date.now() - started).toBeLessThan(3000);

    const org = await createOrganization(t);
    const description = await t.request(
      CreateProductDocument,
      { input: { organizationId: org, name: unique('Long'), description: 'd'.repeat(10_001) } },
      await as('VENDOR', org),
    );
    expect(description.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.description' });
  });
});

describe('limits apply to every field and every transport', () => {
  const typenames = (n: number) => `{ ${'__typename '.repeat(n)}}`;

  it('counts every field selection, duplicates and fragment spreads included (TOO_MANY_FIELDS)', async () => {
    const flood = await post({ query: typenames(500) });
    expect([flood.status, code(flood)]).toEqual([400, 'TOO_MANY_FIELDS']);
    expect(flood.json.data).toBeUndefined();
    const bomb = `query { ...F3 } fragment F0 on Query { __typename __typename __typename __typename }
      fragment F1 on Query { ...F0 ...F0 ...F0 ...F0 } fragment F2 on Query { ...F1 ...F1 ...F1 ...F1 } fragment F3 on Query { ...F2 ...F2 ...F2 ...F2 ...F2 }`;
    const spread = await post({ query: bomb });
    expect([spread.status, code(spread)]).toEqual([400, 'TOO_MANY_FIELDS']);
    expect((await post({ query: typenames(300) })).status).toBe(200);
  });

  it('applies the token, field and input limits to GET requests too', async () => {
    // Short tokens: a URL stays under Node's 16 KiB header limit (beyond it the answer is a 431).
    const tokens = await get(`{ frameworkEditions { ${'a '.repeat(3100)} } }`);
    expect([tokens.status, code(tokens)]).toEqual([400, 'TOO_MANY_TOKENS']);
    const fields = await get(typenames(500));
    expect([fields.status, code(fields)]).toEqual([400, 'TOO_MANY_FIELDS']);
    const nul = await get('query ($s: String) { products(search: $s) { totalCount } }', { s: NUL });
    expect([nul.status, code(nul)]).toEqual([400, 'BAD_USER_INPUT']);
    const ok = await get('{ frameworkEditions { slug } }');
    expect(ok.json.data.frameworkEditions).toHaveLength(4);
  });
});

describe('cursors are decoded and checked in one place', () => {
  it.each([
    ['products', '{ products(after: $after) { totalCount } }'],
    ['organizations', '{ organizations(after: $after) { totalCount } }'],
    ['coverageMatrix', '{ coverageMatrix(after: $after) { totalCount } }'],
    ['awards', '{ awards(after: $after) { totalCount } }'],
    ['auditTrail', '{ auditTrail(objectId: "00000000-0000-4000-8000-000000000000", after: $after) { totalCount } }'],
  ])('%s: a well-formed cursor of the wrong types is BAD_USER_INPUT on after', async (field, selection) => {
    const query = `query ($after: String) ${selection}`;
    for (const after of [cursor(['a', 'b']), cursor([1, 2]), cursor(['2026-01-01', 'not-a-uuid']), 'not base64 at all!']) {
      const r = await post({ query, variables: { after } }, await as('ADMIN'));
      expect(r.json.errors?.[0]?.extensions, `${field} ${after}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });

  it('the HTML coverage report refuses a wrongly typed cursor with 400', async () => {
    const res = await fetch(t.url.replace('/graphql', `/reports/coverage?after=WyJhIiwiYiJd`), { headers: await as('ADMIN') });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('after is not a cursor this report issued');
  });
});

describe('errors belong at the field', () => {
  it('a bad Date literal or variable refuses the whole request, with no partial data', async () => {
    const literal = await post({ query: '{ frameworkEditions { slug } awards(validOn: "2026-02-30") { totalCount } }' });
    expect([literal.status, code(literal), literal.json.data]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', undefined]);
    expect(literal.json.errors[0].message).toContain('2026-02-30');
    const variable = await post({
      query: 'query ($d: Date) { frameworkEditions { slug } awards(validOn: $d) { totalCount } }',
      variables: { d: 'yesterday' },
    });
    expect([variable.status, code(variable), variable.json.data]).toEqual([400, 'BAD_USER_INPUT', undefined]);
  });

  it('an unknown edition in coverage(edition:) nulls only the coverage, with a path', async () => {
    const org = await createOrganization(t);
    const name = unique('Edition');
    const { createProduct: created } = await t.data(CreateProductDocument, { input: { organizationId: org, name } }, await as('VENDOR', org));
    const r = await post({ query: `{ product(id: "${created.product!.id}") { name coverage(edition: "1999") { meetsMost } } }` });
    expect(r.json.data).toEqual({ product: { name, coverage: null } });
    expect(r.json.errors.map((e: any) => [e.extensions.code, e.path])).toEqual([['NOT_FOUND', ['product', 'coverage']]]);
  });
});

describe('four eyes compares normalized subjects', () => {
  it('a reviewer whose subject differs only by case or width may not approve their own mapping', async () => {
    const product = await createProduct(t, await createOrganization(t));
    const feature = await addFeature(t, product);
    const mapped = await t.data(
      MapFeatureDocument,
      { input: { featureId: feature, edition: '2026', capability: 'budgeting' } },
      await vendorOfProduct(product, 'Dana.Dual'),
    );
    const mappingId = mapped.mapFeature.mapping!.id;
    for (const sub of ['dana.dual', 'DANA.DUAL', 'Ｄａｎａ.Ｄｕａｌ']) {
      const own = await t.request(ReviewMappingDocument, { input: { mappingId, decision: 'APPROVE' } }, await as('REVIEWER', null, sub));
      expect(own.errors?.[0].extensions?.code, sub).toBe('FORBIDDEN');
    }
  });

  it('refuses a token whose subject has white space around it (UNAUTHENTICATED)', async () => {
    for (const sub of ['dana ', ' dana', '\tdana']) {
      const token = await mintToken({ sub, role: 'REVIEWER' });
      const r = await post({ query: '{ __typename }' }, { authorization: `Bearer ${token}` });
      expect([r.status, code(r)], JSON.stringify(sub)).toEqual([401, 'UNAUTHENTICATED']);
    }
  });
});
