import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapabilityFeaturesDocument, CapabilityMappingPageDocument, EditionApprovedMappingsDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { approve, createOrganization, createProduct, importCsv, mappingsOf, reviewer } from './catalog-helpers';

// Capability.mappings is bounded (100) and deprecated; mappingConnection pages through any number.
// One product maps 130 features to one capability of edition 2024; 105 of them are approved.

let t: TestApp;
let organizationId: string;
let productId: string;
const EDITION = '2024';
const CAPABILITY = 'data-ingestion';

beforeAll(async () => {
  t = await startTestApp();
  organizationId = await createOrganization(t);
  productId = await createProduct(t, organizationId);
  const rows = Array.from({ length: 130 }, (_, i) => `Paged feature ${String(i).padStart(3, '0')},${CAPABILITY}`);
  expect(await importCsv(t, organizationId, productId, EDITION, ['feature,capability', ...rows].join('\n'))).toBe(130);
  const mine = (await mappingsOf(t, productId, EDITION)).sort((a, b) => a.feature.localeCompare(b.feature));
  for (let i = 0; i < 105; i += 15)
    await approve(
      t,
      mine.slice(i, Math.min(i + 15, 105)).map((m) => m.id),
    );
}, 600_000);
afterAll(async () => {
  await t?.stop();
});

type Page = { nodes: { id: string; status: string; feature: string; product: string }[]; totalCount: number; hasNext: boolean; end: string | null };

async function page(headers: Record<string, string>, status: 'APPROVED' | 'PROPOSED' | null, first: number, after?: string | null): Promise<Page> {
  const data = await t.data(CapabilityMappingPageDocument, { edition: EDITION, capability: CAPABILITY, status, first, after }, headers);
  const c = data.frameworkEdition!.capability!.mappingConnection!;
  return {
    nodes: c.edges.map((e) => ({ id: e.node.id, status: e.node.status, feature: e.node.feature.name, product: e.node.feature.product.id })),
    totalCount: c.totalCount,
    hasNext: c.pageInfo.hasNextPage,
    end: c.pageInfo.endCursor ?? null,
  };
}

describe('Capability.mappingConnection', () => {
  it('pages through every approved mapping with a keyset cursor, the same statements per page', async () => {
    const seen: Page['nodes'] = [];
    const statements: number[] = [];
    let after: string | null = null;
    let total = -1;
    for (let i = 0; i < 50; i++) {
      const { result, statements: n } = await t.countStatements(() => page({}, 'APPROVED', 40, after));
      statements.push(n);
      seen.push(...result.nodes);
      total = result.totalCount;
      if (!result.hasNext) break;
      expect(result.nodes).toHaveLength(40);
      after = result.end;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((m) => m.id)).size).toBe(total);
    expect(seen.every((m) => m.status === 'APPROVED')).toBe(true);
    const mine = seen.filter((m) => m.product === productId).map((m) => m.feature);
    expect(mine).toHaveLength(105);
    // Oldest proposal first; the 130 rows of one sheet share their proposal time, then go by id.
    expect(new Set(mine)).toEqual(new Set(Array.from({ length: 105 }, (_, i) => `Paged feature ${String(i).padStart(3, '0')}`)));
    expect(Math.max(...statements)).toBe(Math.min(...statements));
  });

  it('counts only what the caller may see: proposals for their vendor and staff, not for anyone else', async () => {
    const anonymous = await page({}, 'PROPOSED', 5);
    expect(anonymous).toEqual({ nodes: [], totalCount: 0, hasNext: false, end: null });
    const own = await page(await as('VENDOR', organizationId, 'vendor@test'), 'PROPOSED', 100);
    expect(own.nodes.filter((m) => m.product === productId)).toHaveLength(25);
    expect(own.totalCount).toBe(25);
    const staff = await page(await reviewer(), null, 0);
    expect(staff.totalCount).toBeGreaterThanOrEqual(130);
    expect(staff.nodes).toEqual([]);
  });

  it('refuses a page size above 100 and a cursor it did not issue', async () => {
    const big = await t.request(CapabilityMappingPageDocument, { edition: EDITION, capability: CAPABILITY, first: 101 });
    expect(big.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['BAD_USER_INPUT', ['frameworkEdition', 'capability', 'mappingConnection']],
    ]);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    const bad = await t.request(CapabilityMappingPageDocument, { edition: EDITION, capability: CAPABILITY, first: 5, after: forged });
    expect(bad.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0].message).toBe('after is not a cursor this API issued');
  });
});

describe('Capability.mappings (unpaged, bounded)', () => {
  it('answers the whole edition anonymously, with an error at the one capability above the bound', async () => {
    const started = Date.now();
    const { result: body, statements } = await t.countStatements(() => t.request(EditionApprovedMappingsDocument, { edition: EDITION }));
    const ms = Date.now() - started;
    expect(body.status).toBe(200);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_RESULTS']);
    const capabilities = body.data!.frameworkEdition!.capabilities;
    const index = capabilities.findIndex((c) => c.slug === CAPABILITY);
    expect(body.errors?.[0].path).toEqual(['frameworkEdition', 'capabilities', index, 'mappings']);
    expect(body.errors?.[0].message).toBe(
      'This capability has more than 100 mappings; page through them with mappingConnection(status:, first:, after:)',
    );
    expect(body.data!.frameworkEdition!.slug).toBe(EDITION);
    expect(capabilities).toHaveLength(22);
    expect(capabilities[index].mappings).toBeNull();
    expect(capabilities.filter((c) => c.slug !== CAPABILITY).every((c) => Array.isArray(c.mappings) && c.mappings.length <= 100)).toBe(true);
    // One statement for every capability's bounded list (plus the framework snapshot's check).
    expect(statements).toBeLessThanOrEqual(3);
    console.log(`whole edition 2024, unpaged mappings: ${statements} statements, ${ms} ms`);
  });

  it("keeps the contract's CapabilityFeatures working for a capability within the bound", async () => {
    const other = await createProduct(t, organizationId);
    await importCsv(t, organizationId, other, EDITION, 'feature,capability\nBounded one,budgeting\nBounded two,budgeting');
    await approve(
      t,
      (await mappingsOf(t, other, EDITION)).map((m) => m.id),
    );
    const data = await t.data(CapabilityFeaturesDocument, { edition: EDITION, capability: 'budgeting' });
    const capability = data.frameworkEdition!.capability!;
    expect(capability.slug).toBe('budgeting');
    expect(
      capability
        .mappings!.filter((m) => m.feature.product.id === other)
        .map((m) => m.feature.name)
        .sort(),
    ).toEqual(['Bounded one', 'Bounded two']);
  });
});

describe('cost limit counts list sizes', () => {
  const nested = (first: number) => `{ products(first: ${first}) { nodes { featureConnection(first: ${first}) { nodes {
    mappingConnection(first: ${first}) { nodes { capability { mappingConnection(first: ${first}) { nodes { id feature { name } } } } } } } } } } }`;

  it('refuses pages inside pages at their page sizes, and lets the same shape through with small pages', async () => {
    const refused = await t.request(nested(100));
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    const allowed = await t.request(nested(2));
    expect(allowed.status).toBe(200);
    expect(allowed.errors).toBeUndefined();
  });

  it('counts an unpaged bounded list at its bound and a page without first at the default size', async () => {
    const aliases = (field: string) =>
      `{ products(first: 100) { nodes { coverage { coveredCapabilities { ${Array.from({ length: 2 }, (_, i) => `a${i}: ${field}`).join(' ')} } } } } }`;
    expect((await t.request(aliases('mappings { id feature { name } }'))).errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    expect((await t.request(aliases('mappingConnection { nodes { id } }'))).errors).toBeUndefined();
  });
});
