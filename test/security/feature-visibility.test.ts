// Draft features are not public: a feature's name shows to anyone but its own vendor and Foundation
// staff only once it has a published mapping (approved and public, or superseded after approval).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapFeatureDocument } from '../../src/client/generated/graphql';
import { addFeature, approve, createOrganization, createProduct, importCsv, vendor, vendorOfProduct } from '../subgraphs/catalog-helpers';
import { as, startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const featuresOf = async (productId: string, headers: Record<string, string> = {}) => {
  const r = await t.request<any, { id: string }>('query ($id: ID!) { product(id: $id) { features { name } } }', { id: productId }, headers);
  return (r.data?.product?.features ?? []).map((f: { name: string }) => f.name);
};

describe('draft feature visibility', () => {
  it('anonymous callers and other vendors see a feature only once it has a published mapping; its vendor and staff see all', async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    await addFeature(t, product, 'Unmapped draft');
    const proposed = await addFeature(t, product, 'Proposed only');
    const privateOne = await addFeature(t, product, 'Approved but private');
    const published = await addFeature(t, product, 'Published');
    const map = async (featureId: string, isPublic: boolean) =>
      (
        await t.data(
          MapFeatureDocument,
          { input: { featureId, edition: '2026', capability: 'budgeting', public: isPublic } },
          await vendorOfProduct(product),
        )
      ).mapFeature.mapping!.id;
    await map(proposed, true);
    const privateMapping = await map(privateOne, false);
    const publishedMapping = await map(published, true);
    await approve(t, [privateMapping, publishedMapping]);

    const all = ['Approved but private', 'Proposed only', 'Published', 'Unmapped draft'];
    expect(await featuresOf(product)).toEqual(['Published']);
    expect(await featuresOf(product, await vendor(await createOrganization(t)))).toEqual(['Published']);
    expect(await featuresOf(product, await vendorOfProduct(product))).toEqual(all);
    expect(await featuresOf(product, await as('REVIEWER'))).toEqual(all);
  });

  it('hiding drafts costs the same statements for 2 and for 12 products', async () => {
    const org = await createOrganization(t);
    const query = 'query ($org: ID!) { products(organizationId: $org, first: 50) { nodes { name features { name } } } }';
    const addProducts = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const product = await createProduct(t, org);
        await importCsv(t, org, product, '2026', 'feature,capability\nDraft A,budgeting\nDraft B,forecasting\n');
      }
    };
    await addProducts(2);
    const small = await t.countStatements(() => t.data<any, { org: string }>(query, { org }));
    await addProducts(10);
    const large = await t.countStatements(() => t.data<any, { org: string }>(query, { org }));
    expect(large.result.products.nodes).toHaveLength(12);
    expect(large.result.products.nodes.flatMap((n: any) => n.features)).toEqual([]);
    expect(large.statements).toBe(small.statements);
  });
});
