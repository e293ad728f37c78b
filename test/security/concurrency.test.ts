import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapFeatureDocument, MappingDocument, ReviewMappingDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { addFeature, createOrganization, createProduct, vendorOfProduct } from '../subgraphs/catalog-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('optimistic concurrency', () => {
  it('50 concurrent reviews of one mapping: exactly one wins, the others get CONFLICT', async () => {
    const product = await createProduct(t, await createOrganization(t));
    const feature = await addFeature(t, product);
    const mapped = await t.data(
      MapFeatureDocument,
      { input: { featureId: feature, edition: '2026', capability: 'budgeting' } },
      await vendorOfProduct(product),
    );
    const mappingId = mapped.mapFeature.mapping!.id;
    const reviewers = await Promise.all(Array.from({ length: 50 }, (_, i) => as('REVIEWER', null, `reviewer-${i}`)));
    const decisions = ['APPROVE', 'REJECT', 'REQUEST_CHANGES'] as const;
    const results = await Promise.all(
      reviewers.map((headers, i) => t.request(ReviewMappingDocument, { input: { mappingId, decision: decisions[i % 3] } }, headers)),
    );
    // A lost race is a conflict of state: a top-level CONFLICT with no payload, never payload data.
    const winners = results.filter((r) => r.data?.reviewMapping?.mapping);
    const conflicts = results.filter((r) => r.errors?.length === 1 && r.errors[0].extensions?.code === 'CONFLICT' && r.data === null);
    expect(winners).toHaveLength(1);
    expect(winners[0].errors).toBeUndefined();
    expect(conflicts).toHaveLength(49);
    const { mapping } = await t.data(MappingDocument, { id: mappingId }, await as('REVIEWER'));
    expect(mapping!.version).toBe(2);
    expect(mapping!.status).toBe(winners[0].data!.reviewMapping.mapping!.status);
  });

  it('a stale expectedVersion is a CONFLICT, never a silent overwrite; the four-eyes rule holds', async () => {
    const product = await createProduct(t, await createOrganization(t));
    const feature = await addFeature(t, product);
    const mapped = await t.data(
      MapFeatureDocument,
      { input: { featureId: feature, edition: '2026', capability: 'forecasting' } },
      await vendorOfProduct(product),
    );
    const mappingId = mapped.mapFeature.mapping!.id;
    const reviewer = await as('REVIEWER', null, 'careful-reviewer');
    const changes = await t.data(ReviewMappingDocument, { input: { mappingId, decision: 'REQUEST_CHANGES', expectedVersion: 1 } }, reviewer);
    expect(changes.reviewMapping.mapping?.status).toBe('CHANGES_REQUESTED');
    const stale = await t.refused(ReviewMappingDocument, { input: { mappingId, decision: 'APPROVE', expectedVersion: 1 } }, reviewer);
    expect(stale.code).toBe('CONFLICT');
    const fresh = await t.data(ReviewMappingDocument, { input: { mappingId, decision: 'APPROVE', expectedVersion: 2 } }, reviewer);
    expect(fresh.reviewMapping.mapping?.status).toBe('APPROVED');

    // A reviewer who proposed a mapping may not approve it (four eyes).
    const selfMapped = await t.data(
      MapFeatureDocument,
      { input: { featureId: feature, edition: '2025', capability: 'budgeting' } },
      await vendorOfProduct(product, 'dual-role'),
    );
    const own = await t.request(
      ReviewMappingDocument,
      { input: { mappingId: selfMapped.mapFeature.mapping!.id, decision: 'APPROVE' } },
      await as('REVIEWER', null, 'dual-role'),
    );
    expect(own.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(own.errors?.[0].message).toMatch(/four eyes/);
  });
});
