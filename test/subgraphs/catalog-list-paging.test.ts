import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureMappingPageDocument, OrganizationProductPageDocument, ProductFeaturePageDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { approve, createOrganization, createProduct, importCsv, reviewer, vendor } from './catalog-helpers';

// Product.features (bound 80), Feature.mappings (bound 22) and Organization.products (bound 50) are
// bounded lists; featureConnection, mappingConnection and productConnection page through any number.
// One organization has 51 products. Its first product has 160 features, each mapped to data-ingestion
// of edition 2024; 30 of those mappings are approved (public). One more feature ("Wide feature") maps
// to all 22 capabilities of 2024 and 2 of 2025; 4 of its 2024 mappings are approved.

let t: TestApp;
let organizationId: string;
let productId: string;
let wideFeatureId: string;
let ownHeaders: Record<string, string>;
const EDITION = '2024';
const pad = (i: number) => String(i).padStart(3, '0');
const productNames = Array.from({ length: 51 }, (_, i) => `Lists product ${pad(i)}`);
const featureNames = Array.from({ length: 160 }, (_, i) => `Feature ${pad(i)}`);
// The 30 features whose mapping is approved: every fifth one, Feature 000 … Feature 145.
const published = new Set(featureNames.filter((_, i) => i % 5 === 0 && i < 150));
let wideCapabilities: string[];

/** Every mapping of the product, read by staff a page of features at a time (the bounded lists would refuse it). */
async function allMappings(): Promise<{ id: string; featureId: string; feature: string; capability: string; edition: string }[]> {
  const out: { id: string; featureId: string; feature: string; capability: string; edition: string }[] = [];
  let after: string | null = null;
  const query = `query ($id: ID!, $after: String) { product(id: $id) { featureConnection(first: 40, after: $after) {
    nodes { id name mappingConnection(first: 50) { nodes { id capability { slug } edition { slug } } } } pageInfo { hasNextPage endCursor } } } }`;
  for (;;) {
    const data: any = await t.data<any, { id: string; after: string | null }>(query, { id: productId, after }, await reviewer());
    const c = data.product.featureConnection;
    for (const f of c.nodes)
      for (const m of f.mappingConnection.nodes)
        out.push({ id: m.id, featureId: f.id, feature: f.name, capability: m.capability.slug, edition: m.edition.slug });
    if (!c.pageInfo.hasNextPage) return out;
    after = c.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  t = await startTestApp();
  organizationId = await createOrganization(t);
  ownHeaders = await vendor(organizationId);
  const ids: string[] = [];
  for (const name of productNames) ids.push(await createProduct(t, organizationId, name));
  productId = ids[0];
  const capabilitiesOf = async (e: string) =>
    (
      await t.data<{ frameworkEdition: { capabilities: { slug: string }[] } }, { e: string }>(
        'query ($e: String!) { frameworkEdition(slug: $e) { capabilities { slug } } }',
        { e },
      )
    ).frameworkEdition.capabilities.map((c) => c.slug);
  wideCapabilities = await capabilitiesOf(EDITION);
  expect(wideCapabilities).toHaveLength(22);
  const later = (await capabilitiesOf('2025')).slice(0, 2);
  expect(await importCsv(t, organizationId, productId, '2025', ['feature,capability', ...later.map((c) => `Wide feature,${c}`)].join('\n'))).toBe(2);
  const rows = [...featureNames.map((f) => `${f},data-ingestion`), ...wideCapabilities.map((c) => `Wide feature,${c}`)];
  expect(await importCsv(t, organizationId, productId, EDITION, ['feature,capability', ...rows].join('\n'))).toBe(182);
  const mine = await allMappings();
  expect(mine).toHaveLength(184);
  const toApprove = [
    ...mine.filter((m) => published.has(m.feature)).map((m) => m.id),
    ...mine
      .filter((m) => m.feature === 'Wide feature' && m.edition === EDITION && wideCapabilities.slice(0, 4).includes(m.capability))
      .map((m) => m.id),
  ];
  expect(toApprove).toHaveLength(34);
  for (let i = 0; i < toApprove.length; i += 15) await approve(t, toApprove.slice(i, i + 15));
  wideFeatureId = mine.find((m) => m.feature === 'Wide feature')!.featureId;
}, 600_000);
afterAll(async () => {
  await t?.stop();
});

async function featurePages(headers: Record<string, string>, first: number) {
  const names: string[] = [];
  const totals: number[] = [];
  const statements: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const { result, statements: n } = await t.countStatements(() => t.data(ProductFeaturePageDocument, { productId, first, after }, headers));
    const c = result.product!.featureConnection!;
    statements.push(n);
    names.push(...c.edges.map((e) => e.node.name));
    totals.push(c.totalCount);
    if (!c.pageInfo.hasNextPage) break;
    expect(c.edges).toHaveLength(first);
    after = c.pageInfo.endCursor!;
  }
  return { names, totals, statements };
}

describe('Product.featureConnection', () => {
  it('pages the vendor through all 161 features once each, by name, with an exact count and flat statements', async () => {
    const { names, totals, statements } = await featurePages(ownHeaders, 40);
    expect(names).toEqual([...featureNames, 'Wide feature']);
    expect(new Set(totals)).toEqual(new Set([161]));
    expect(statements).toHaveLength(5);
    expect(Math.max(...statements)).toBe(Math.min(...statements));
  });

  it('shows anyone else only the features with a published mapping, and counts only those', async () => {
    const expected = [...[...published].sort(), 'Wide feature'];
    expect(expected).toHaveLength(31);
    for (const headers of [{}, await vendor(await createOrganization(t))]) {
      const { names, totals } = await featurePages(headers, 7);
      expect(names).toEqual(expected);
      expect(new Set(totals)).toEqual(new Set([31]));
    }
  });

  it('costs the same statements for a page of 5 and a page of 100', async () => {
    const small = await t.countStatements(() => t.data(ProductFeaturePageDocument, { productId, first: 5 }, ownHeaders));
    const large = await t.countStatements(() => t.data(ProductFeaturePageDocument, { productId, first: 100 }, ownHeaders));
    expect(small.result.product!.featureConnection!.edges).toHaveLength(5);
    expect(large.result.product!.featureConnection!.edges).toHaveLength(100);
    expect(large.statements).toBe(small.statements);
  });

  it('refuses a cursor it did not issue', async () => {
    const forged = Buffer.from(JSON.stringify([1, 'x'])).toString('base64url');
    const bad = await t.request(ProductFeaturePageDocument, { productId, first: 5, after: forged });
    expect(bad.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', 'after is not a cursor this API issued']]);
  });
});

describe('Product.features (unpaged, bounded at 80)', () => {
  const query = 'query ($id: ID!) { product(id: $id) { id name features { name } } }';

  it('answers TOO_MANY_RESULTS at the field for the vendor (161 features), the rest of the answer stays', async () => {
    const body = await t.request<any, { id: string }>(query, { id: productId }, ownHeaders);
    expect(body.status).toBe(200);
    expect(body.errors?.map((e) => [e.extensions?.code, e.path, e.message])).toEqual([
      [
        'TOO_MANY_RESULTS',
        ['product', 'features'],
        'This product has more than 80 features; page through them with featureConnection(first:, after:)',
      ],
    ]);
    expect(body.data.product).toEqual({ id: productId, name: 'Lists product 000', features: null });
  });

  it('answers the 31 visible features anonymously, within the bound', async () => {
    const body = await t.request<any, { id: string }>(query, { id: productId });
    expect(body.errors).toBeUndefined();
    expect(body.data.product.features.map((f: { name: string }) => f.name)).toEqual([...[...published].sort(), 'Wide feature']);
  });
});

describe('Feature.mappingConnection and Feature.mappings (bounded at 22)', () => {
  const wideFeatureCursor = async () => {
    // The cursor of the feature just before "Wide feature" in the vendor's feature order (Feature 159).
    const page = await t.data(ProductFeaturePageDocument, { productId, first: 100, after: null }, ownHeaders);
    const next = await t.data(
      ProductFeaturePageDocument,
      { productId, first: 100, after: page.product!.featureConnection!.pageInfo.endCursor },
      ownHeaders,
    );
    const edges = next.product!.featureConnection!.edges;
    expect(edges[edges.length - 1].node.name).toBe('Wide feature');
    return edges[edges.length - 2].cursor;
  };

  it("pages the vendor through the wide feature's 24 mappings (two editions), 5 at a time, once each, with flat statements", async () => {
    const featureAfter = await wideFeatureCursor();
    const seen: string[] = [];
    const statements: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { result, statements: n } = await t.countStatements(() =>
        t.data(FeatureMappingPageDocument, { productId, featureAfter, edition: null, first: 5, after }, ownHeaders),
      );
      statements.push(n);
      const node = result.product!.featureConnection!.edges[0].node;
      expect(node.id).toBe(wideFeatureId);
      const c = node.mappingConnection!;
      expect(c.totalCount).toBe(24);
      seen.push(...c.edges.map((e) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor!;
    }
    expect(statements).toHaveLength(5);
    expect(seen).toHaveLength(24);
    const wide = (await allMappings()).filter((m) => m.feature === 'Wide feature');
    expect(wide.map((m) => m.edition).sort()).toEqual([...Array(22).fill('2024'), '2025', '2025']);
    expect(new Set(seen)).toEqual(new Set(wide.map((m) => m.id)));
    expect(Math.max(...statements)).toBe(Math.min(...statements));
  });

  it('shows anyone else only the 4 approved mappings, and counts only those', async () => {
    // Anonymous callers see 31 features: "Wide feature" is the last, after the first 30.
    const page = await t.data(ProductFeaturePageDocument, { productId, first: 30 });
    const cursor = page.product!.featureConnection!.pageInfo.endCursor;
    const wide = await t.data(FeatureMappingPageDocument, { productId, featureAfter: cursor, edition: EDITION, first: 100 });
    const node = wide.product!.featureConnection!.edges[0].node;
    expect(node.name).toBe('Wide feature');
    expect(node.mappingConnection!.totalCount).toBe(4);
    expect(node.mappingConnection!.edges.map((e) => e.node.status)).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED']);
    expect(node.mappingConnection!.edges.map((e) => e.node.capability!.slug).sort()).toEqual(wideCapabilities.slice(0, 4).sort());
  });

  it('answers TOO_MANY_RESULTS at Feature.mappings for the vendor, the 4 visible ones to anyone else', async () => {
    const query = `query ($id: ID!, $after: String) { product(id: $id) { featureConnection(first: 1, after: $after) { nodes { name mappings { id } } } } }`;
    const featureAfter = await wideFeatureCursor();
    const own = await t.request<any, { id: string; after: string }>(query, { id: productId, after: featureAfter }, ownHeaders);
    expect(own.errors?.map((e) => [e.extensions?.code, e.path, e.message])).toEqual([
      [
        'TOO_MANY_RESULTS',
        ['product', 'featureConnection', 'nodes', 0, 'mappings'],
        'This feature has more than 22 mappings; page through them with mappingConnection(edition:, first:, after:)',
      ],
    ]);
    expect(own.data.product.featureConnection.nodes).toEqual([{ name: 'Wide feature', mappings: null }]);
    const page = await t.data(ProductFeaturePageDocument, { productId, first: 30 });
    const anonymous = await t.request<any, { id: string; after: string }>(query, {
      id: productId,
      after: page.product!.featureConnection!.pageInfo.endCursor!,
    });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data.product.featureConnection.nodes[0].mappings).toHaveLength(4);
  });
});

describe('Organization.productConnection and Organization.products (bounded at 50)', () => {
  it('pages through all 51 products once each, by name, with an exact count and flat statements', async () => {
    const names: string[] = [];
    const statements: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { result, statements: n } = await t.countStatements(() =>
        t.data(OrganizationProductPageDocument, { id: organizationId, first: 20, after }),
      );
      statements.push(n);
      const c = result.organization!.productConnection!;
      expect(c.totalCount).toBe(51);
      names.push(...c.edges.map((e) => e.node.name));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor!;
    }
    expect(names).toEqual(productNames);
    expect(statements).toHaveLength(3);
    expect(Math.max(...statements)).toBe(Math.min(...statements));
    const small = await t.countStatements(() => t.data(OrganizationProductPageDocument, { id: organizationId, first: 5 }));
    const large = await t.countStatements(() => t.data(OrganizationProductPageDocument, { id: organizationId, first: 100 }));
    expect(small.result.organization!.productConnection!.edges).toHaveLength(5);
    expect(large.result.organization!.productConnection!.edges).toHaveLength(51);
    expect(large.statements).toBe(small.statements);
  });

  it("answers TOO_MANY_RESULTS at Organization.products for 51 products, the organization's name stays", async () => {
    const body = await t.request<any, { id: string }>('query ($id: ID!) { organization(id: $id) { id name products { id } } }', {
      id: organizationId,
    });
    expect(body.status).toBe(200);
    expect(body.errors?.map((e) => [e.extensions?.code, e.path, e.message])).toEqual([
      [
        'TOO_MANY_RESULTS',
        ['organization', 'products'],
        'This organization has more than 50 products; page through them with productConnection(first:, after:)',
      ],
    ]);
    expect(body.data.organization.id).toBe(organizationId);
    expect(typeof body.data.organization.name).toBe('string');
    expect(body.data.organization.products).toBeNull();
  });
});

describe('cost limit counts the bounded lists and the pages', () => {
  it('refuses big pages multiplied, and the bounded lists nested, before any subgraph is asked', async () => {
    const pages = (n: number) => `query ($id: ID!) { organization(id: $id) { productConnection(first: ${n}) { nodes {
      featureConnection(first: ${n}) { nodes { mappingConnection(first: ${n}) { nodes { id status } } } } } } } }`;
    const refused = await t.request<any, { id: string }>(pages(100), { id: organizationId });
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    const allowed = await t.request<any, { id: string }>(pages(5), { id: organizationId });
    expect(allowed.errors).toBeUndefined();
    // 50 products × 80 features × 22 mappings × 2 fields: above the limit of 20,000.
    const lists = await t.request<any, { id: string }>(
      'query ($id: ID!) { organization(id: $id) { products { features { mappings { id status } } } } }',
      { id: organizationId },
      await as('REVIEWER'),
    );
    expect(lists.status).toBe(400);
    expect(lists.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    expect(lists.errors?.[0].message).toMatch(/^The query costs \d+, more than the cost limit of 20000/);
  });
});
