import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddFeatureDocument,
  CapabilityFeaturesDocument,
  CapabilityMappingsDocument,
  CoverageMatrixDocument,
  CoverageMatrixOfDocument,
  CreateProductDocument,
  MapFeatureDocument,
  MappingDocument,
  OrganizationProductsDocument,
  ProductCoverageDocument,
  ProductsDocument,
  ReviewMappingDocument,
} from '../../src/client/generated/graphql';
import { seedDatabase } from '../../src/db/seeders/database.seeder';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';
import { addFeature, createOrganization, createProduct, reviewer, vendorOfProduct } from './catalog-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('the demo data', () => {
  it('has the Foundation example product covering 6/6 domains and 14/18 capabilities of 2023', async () => {
    const { products } = await t.data(ProductsDocument, { search: 'Northwind Cloud Cost Platform' });
    expect(products!.totalCount).toBe(1);
    const demo = products!.edges[0].node;
    expect(demo.organization!.name).toBe('Demo: Northwind FinOps (demo data)');
    const { product } = await t.data(ProductCoverageDocument, { id: demo.id, edition: '2023' }, await reviewer());
    expect(product!.coverage).toMatchObject({
      edition: { slug: '2023' },
      domains: { covered: 6, total: 6 },
      capabilities: { covered: 14, total: 18 },
      meetsMost: true,
    });
    expect(product!.coverage!.uncoveredCapabilities.map((c) => c.slug).sort()).toEqual(
      ['budget-management', 'forecasting', 'manage-anomalies', 'measure-unit-costs'].sort(),
    );
    expect(product!.features).toHaveLength(9);
    const inferred = product!.features!.find((f) => f.name === 'Forecasting based on previous spend')!;
    expect(inferred.mappings!.map((m) => [m.capability!.slug, m.status])).toEqual([['forecasting', 'PROPOSED']]);
    expect(product!.coverage!.byDomain.every((d) => d.covered > 0)).toBe(true);
  });

  it('reseeds in place: the same ids, no duplicates', async () => {
    const before = await t.data(ProductsDocument, { search: '(demo)', first: 20 });
    await seedDatabase(t.app.db.orm, { demo: true });
    const after = await t.data(ProductsDocument, { search: '(demo)', first: 20 });
    expect(after.products!.edges.map((e) => e.node.id)).toEqual(before.products!.edges.map((e) => e.node.id));
    expect(after.products!.totalCount).toBe(4);
  });

  it('fills the 2026 matrix with several demo vendors, mixed coverage', async () => {
    const { coverageMatrix } = await t.data(CoverageMatrixOfDocument, { edition: '2026', search: '(demo)', first: 10 });
    const rows = Object.fromEntries(coverageMatrix!.edges.map((e) => [e.node.product.name, e.node]));
    expect(rows['Contoso Cloud Ledger (demo)']).toMatchObject({ meetsMost: true, capabilities: { covered: 13, total: 22 } });
    expect(rows['Fabrikam Rightsizer (demo)']).toMatchObject({ meetsMost: false, capabilities: { covered: 2, total: 22 } });
    // Private (Scenario Planner) and rejected (Spike Alerts) mappings do not count.
    expect(rows['Tailspin Budget Guard (demo)']).toMatchObject({ meetsMost: false, capabilities: { covered: 3, total: 22 } });
  });
});

describe('products, features and mappings', () => {
  it('creates a product under an organization and lists it there', async () => {
    const org = await createOrganization(t);
    const name = unique('Widget Cost Platform');
    const { createProduct } = await t.data(
      CreateProductDocument,
      { input: { organizationId: org, name: `  ${name}  `, description: 'Cloud cost tool', url: 'https://example.com/widget' } },
      await as('VENDOR', org),
    );
    expect(createProduct).toMatchObject({ product: { name }, errors: [] });
    const { organization } = await t.data(OrganizationProductsDocument, { id: org });
    expect(organization!.products!.map((p) => p.name)).toEqual([name]);
  });

  it.each([
    [{ organizationId: NO_SUCH_ID }, 'NOT_FOUND', 'input.organizationId'],
    [{ organizationId: 'not-a-uuid' }, 'NOT_FOUND', 'input.organizationId'],
    [{ name: '   ' }, 'EMPTY_NAME', 'input.name'],
    [{ url: 'ftp://example.com/x' }, 'BAD_URL', 'input.url'],
  ])('refuses a product %j with %s on %s and writes nothing', async (bad, code, field) => {
    const org = await createOrganization(t);
    const name = unique('Refused product');
    const organizationId = (bad as { organizationId?: string }).organizationId ?? org;
    const { createProduct } = await t.data(
      CreateProductDocument,
      { input: { organizationId: org, name, ...bad } },
      await as('VENDOR', organizationId),
    );
    expect(createProduct.product).toBeNull();
    expect(createProduct.errors).toContainEqual(expect.objectContaining({ code, field }));
    const { products } = await t.data(ProductsDocument, { search: name });
    expect(products!.totalCount).toBe(0);
  });

  it('refuses a feature of an unknown product, an empty name and a duplicate name', async () => {
    const product = await createProduct(t, await createOrganization(t));
    await addFeature(t, product, 'Budgets');
    const cases: [Record<string, string>, string, string][] = [
      [{ productId: NO_SUCH_ID, name: 'x' }, 'NOT_FOUND', 'input.productId'],
      [{ productId: 'nope', name: 'x' }, 'NOT_FOUND', 'input.productId'],
      [{ productId: product, name: ' ' }, 'EMPTY_NAME', 'input.name'],
      [{ productId: product, name: ' budgets ' }, 'DUPLICATE_FEATURE', 'input.name'],
    ];
    for (const [input, code, field] of cases) {
      const { addFeature: payload } = await t.data(AddFeatureDocument, { input: input as never }, await vendorOfProduct(product));
      expect(payload.feature).toBeNull();
      expect(payload.errors).toContainEqual(expect.objectContaining({ code, field }));
    }
  });

  it('maps, reviews and counts: PROPOSED → APPROVED counts; a second review is a CONFLICT', async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    const feature = await addFeature(t, product, 'Anomaly alerts');
    const { mapFeature } = await t.data(
      MapFeatureDocument,
      { input: { featureId: feature, edition: '2026', capability: 'anomaly-management', strength: 7, evidenceUrl: 'https://example.com/docs' } },
      await as('VENDOR', org, 'vendor@example.com'),
    );
    expect(mapFeature).toMatchObject({ mapping: { status: 'PROPOSED', capability: { slug: 'anomaly-management' } }, errors: [] });
    const mappingId = mapFeature.mapping!.id;

    let coverage = (await t.data(ProductCoverageDocument, { id: product, edition: '2026' })).product!.coverage;
    expect(coverage!.capabilities).toEqual({ covered: 0, total: 22 });

    const { reviewMapping } = await t.data(
      ReviewMappingDocument,
      { input: { mappingId, decision: 'APPROVE', note: 'Looks right' } },
      await as('REVIEWER', null, 'reviewer@example.com'),
    );
    expect(reviewMapping).toMatchObject({ mapping: { id: mappingId, status: 'APPROVED' }, errors: [] });
    const { mapping } = await t.data(MappingDocument, { id: mappingId });
    expect(mapping).toMatchObject({
      status: 'APPROVED',
      relationship: 'INTERSECTS',
      strength: 7,
      public: true,
      proposedBy: 'vendor@example.com',
      reviewedBy: 'reviewer@example.com',
      reviewNote: 'Looks right',
      version: 2,
      edition: { slug: '2026' },
      capability: { slug: 'anomaly-management' },
      feature: { id: feature, product: { id: product } },
    });
    expect(mapping!.approvedAt).toBeTruthy();

    // The current edition (2026) is the default.
    coverage = (await t.data(ProductCoverageDocument, { id: product })).product!.coverage;
    expect(coverage).toMatchObject({ edition: { slug: '2026' }, capabilities: { covered: 1, total: 22 }, domains: { covered: 1, total: 4 } });
    expect(coverage!.byDomain.find((d) => d.domain.slug === 'understand-usage-cost')).toEqual({
      domain: { slug: 'understand-usage-cost' },
      covered: 1,
      total: 4,
    });

    const again = await t.refused(ReviewMappingDocument, { input: { mappingId, decision: 'REJECT' } }, await reviewer());
    expect(again).toMatchObject({ code: 'CONFLICT', field: 'mappingId' });
    expect((await t.data(MappingDocument, { id: mappingId })).mapping!.status).toBe('APPROVED');

    const { capabilityMappings } = {
      capabilityMappings: await t.data(CapabilityFeaturesDocument, { edition: '2026', capability: 'anomaly-management' }),
    };
    const listed = capabilityMappings.frameworkEdition!.capability!.mappings;
    expect(listed).toContainEqual({
      id: mappingId,
      feature: { id: feature, name: 'Anomaly alerts', product: { id: product, name: expect.any(String) } },
    });
  });

  it('REQUEST_CHANGES then APPROVE works; private and unapproved mappings do not count', async () => {
    const product = await createProduct(t, await createOrganization(t));
    const feature = await addFeature(t, product);
    const map = async (capability: string, extra: Record<string, unknown> = {}) => {
      const { mapFeature } = await t.data(
        MapFeatureDocument,
        { input: { featureId: feature, edition: '2025', capability, ...extra } },
        await vendorOfProduct(product),
      );
      expect(mapFeature.errors).toEqual([]);
      return mapFeature.mapping!.id;
    };
    const changed = await map('budgeting');
    const privateOne = await map('forecasting', { public: false });
    const pending = await map('allocation');
    const rejected = await map('benchmarking');

    const staff = await reviewer();
    const review = (mappingId: string, decision: 'APPROVE' | 'REJECT' | 'REQUEST_CHANGES') =>
      t.data(ReviewMappingDocument, { input: { mappingId, decision } }, staff).then((r) => r.reviewMapping);
    expect(await review(changed, 'REQUEST_CHANGES')).toMatchObject({ mapping: { status: 'CHANGES_REQUESTED' }, errors: [] });
    expect(await review(changed, 'APPROVE')).toMatchObject({ mapping: { status: 'APPROVED' }, errors: [] });
    expect(await review(privateOne, 'APPROVE')).toMatchObject({ mapping: { status: 'APPROVED' } });
    expect(await review(rejected, 'REJECT')).toMatchObject({ mapping: { status: 'REJECTED' } });
    expect(pending).toBeTruthy();

    const { product: p } = await t.data(ProductCoverageDocument, { id: product, edition: '2025' });
    expect(p!.coverage!.capabilities).toEqual({ covered: 1, total: 22 });
    expect(p!.coverage!.uncoveredCapabilities.map((c) => c.slug)).toContain('forecasting');

    const { frameworkEdition } = await t.data(CapabilityMappingsDocument, { edition: '2025', capability: 'benchmarking', status: 'REJECTED' }, staff);
    expect(frameworkEdition!.capability!.mappings!.map((m) => m.id)).toContain(rejected);
    // Anyone else sees published mappings only: the rejected one is simply absent.
    const anonymous = await t.data(CapabilityMappingsDocument, { edition: '2025', capability: 'benchmarking', status: 'REJECTED' });
    expect(anonymous.frameworkEdition!.capability!.mappings!.map((m) => m.id)).not.toContain(rejected);
  });

  it('refuses bad mappings with a code and a field, and writes nothing', async () => {
    const product = await createProduct(t, await createOrganization(t));
    const feature = await addFeature(t, product);
    const base = { featureId: feature, edition: '2026', capability: 'forecasting' };
    const owner = await vendorOfProduct(product);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ featureId: NO_SUCH_ID }, 'NOT_FOUND', 'input.featureId'],
      [{ featureId: "1' or '1'='1" }, 'NOT_FOUND', 'input.featureId'],
      [{ edition: '1999' }, 'NOT_FOUND', 'input.edition'],
      [{ capability: 'no-such-capability' }, 'NOT_FOUND', 'input.capability'],
      // A capability of another edition.
      [{ capability: 'manage-shared-cloud-cost' }, 'NOT_FOUND', 'input.capability'],
      [{ strength: 0 }, 'BAD_STRENGTH', 'input.strength'],
      [{ strength: 11 }, 'BAD_STRENGTH', 'input.strength'],
      [{ evidenceUrl: 'javascript:alert(1)' }, 'BAD_URL', 'input.evidenceUrl'],
      [{ evidenceUrl: 'not a url' }, 'BAD_URL', 'input.evidenceUrl'],
    ];
    for (const [bad, code, field] of cases) {
      const { mapFeature } = await t.data(MapFeatureDocument, { input: { ...base, ...bad } as never }, owner);
      expect(mapFeature.mapping, JSON.stringify(bad)).toBeNull();
      expect(mapFeature.errors, JSON.stringify(bad)).toContainEqual(expect.objectContaining({ code, field }));
    }
    const first = await t.data(MapFeatureDocument, { input: base }, owner);
    expect(first.mapFeature.errors).toEqual([]);
    const second = await t.data(MapFeatureDocument, { input: { ...base, relationship: 'EQUIVALENT' } }, owner);
    expect(second.mapFeature.mapping).toBeNull();
    expect(second.mapFeature.errors).toEqual([expect.objectContaining({ code: 'ALREADY_MAPPED', field: 'input.capability' })]);
    const { product: p } = await t.data(ProductCoverageDocument, { id: product }, owner);
    expect(p!.features![0].mappings).toHaveLength(1);
  });

  it('reviewing an unknown mapping is NOT_FOUND; an unknown product is a NOT_FOUND error', async () => {
    for (const mappingId of [NO_SUCH_ID, 'x']) {
      const { reviewMapping } = await t.data(ReviewMappingDocument, { input: { mappingId, decision: 'APPROVE' } }, await reviewer());
      expect(reviewMapping.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: 'input.mappingId' })]);
    }
    for (const id of [NO_SUCH_ID, 'not-a-uuid']) {
      const body = await t.request(ProductCoverageDocument, { id });
      expect(body.data?.product).toBeNull();
      expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    const body = await t.request(ProductCoverageDocument, {
      id: (await t.data(ProductsDocument, { first: 1 })).products!.edges[0].node.id,
      edition: '1999',
    });
    expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('coverage matrix', () => {
  it("pages an organization's products by name with a keyset cursor and an exact count", async () => {
    const org = await createOrganization(t);
    const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'].map((n) => `${n} ${unique('mx')}`);
    for (const n of names) await createProduct(t, org, n);
    const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const { coverageMatrix } = await t.data(CoverageMatrixOfDocument, { edition: '2024', first: 2, after, organizationId: org });
      expect(coverageMatrix!.totalCount).toBe(5);
      expect(coverageMatrix!.edition.slug).toBe('2024');
      seen.push(...coverageMatrix!.edges.map((e) => e.node.product.name));
      after = coverageMatrix!.pageInfo.hasNextPage ? coverageMatrix!.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(sorted);
  });

  it('answers the contract operation: edition capabilities as columns, current edition by default', async () => {
    const { coverageMatrix } = await t.data(CoverageMatrixDocument, { first: 3 });
    expect(coverageMatrix!.edition.slug).toBe('2026');
    expect(coverageMatrix!.capabilities).toHaveLength(22);
    expect(coverageMatrix!.edges.length).toBeLessThanOrEqual(3);
    expect(coverageMatrix!.totalCount).toBeGreaterThanOrEqual(4);
    const bad = await t.request(CoverageMatrixDocument, { first: 101 });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await t.request(CoverageMatrixDocument, { after: 'garbage' });
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
