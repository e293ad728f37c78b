import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapFeatureDocument, RecordEvidenceDocument, ReviewMappingDocument, VetEvidenceDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { addFeature, createOrganization, createProduct, vendor, vendorOfProduct } from '../subgraphs/catalog-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const TRAIL = `query ($id: ID!, $first: Int, $after: String) {
  auditTrail(objectId: $id, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { action actorId actorRole objectType before after reason }
  }
}`;

describe('audit trail across subgraphs', () => {
  it('a mapping: proposed by the vendor, reviewed with a reason; paged as a connection', async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    const feature = await addFeature(t, product);
    const mapped = await t.data(
      MapFeatureDocument,
      { input: { featureId: feature, edition: '2026', capability: 'allocation' } },
      await vendorOfProduct(product, 'ann@vendor'),
    );
    const id = mapped.mapFeature.mapping!.id;
    await t.data(
      ReviewMappingDocument,
      { input: { mappingId: id, decision: 'REQUEST_CHANGES', note: 'Cite the docs' } },
      await as('REVIEWER', null, 'rita@foundation'),
    );
    await t.data(ReviewMappingDocument, { input: { mappingId: id, decision: 'APPROVE' } }, await as('REVIEWER', null, 'rita@foundation'));
    const staff = await as('REVIEWER');
    const first = await t.data<any, any>(TRAIL, { id, first: 2 }, staff);
    expect(first.auditTrail.totalCount).toBe(3);
    expect(first.auditTrail.pageInfo.hasNextPage).toBe(true);
    const rest = await t.data<any, any>(TRAIL, { id, first: 2, after: first.auditTrail.pageInfo.endCursor }, staff);
    const events = [...first.auditTrail.nodes, ...rest.auditTrail.nodes];
    expect(events.map((e: { action: string }) => e.action)).toEqual(['CREATE', 'REVIEW_REQUEST_CHANGES', 'REVIEW_APPROVE']);
    expect(events[0]).toMatchObject({
      actorId: 'ann@vendor',
      actorRole: 'VENDOR',
      objectType: 'Mapping',
      after: { capability: 'allocation', status: 'PROPOSED' },
    });
    expect(events[1]).toMatchObject({
      actorId: 'rita@foundation',
      before: { status: 'PROPOSED' },
      after: { status: 'CHANGES_REQUESTED' },
      reason: 'Cite the docs',
    });
    expect(events[2]).toMatchObject({ before: { status: 'CHANGES_REQUESTED' }, after: { status: 'APPROVED' } });
  });

  it('evidence: recorded and vetted, each in the same transaction as the change', async () => {
    const org = await createOrganization(t);
    const recorded = await t.data(
      RecordEvidenceDocument,
      { input: { organizationId: org, code: 'RECORDED_DEMO', url: 'https://example.com/demo', date: '2026-02-01' } },
      await vendor(org),
    );
    const id = recorded.recordEvidence.evidence!.id;
    await t.data(
      VetEvidenceDocument,
      { input: { evidenceId: id, decision: 'VETTED', note: 'Seen it' } },
      await as('REVIEWER', null, 'vera@foundation'),
    );
    const trail = await t.data<any, any>(TRAIL, { id }, await as('TAC'));
    expect(trail.auditTrail.nodes.map((e: { action: string }) => e.action)).toEqual(['CREATE', 'VET_VETTED']);
    expect(trail.auditTrail.nodes[1]).toMatchObject({ actorId: 'vera@foundation', objectType: 'Evidence', after: { status: 'VETTED' } });
  });
});
