import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ImportMappingsDocument,
  type ReviewQueueQuery,
  ProductCoverageDocument,
  ReviewMappingsDocument,
  ReviewQueueDocument,
} from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { createOrganization, createProduct, importCsv } from './catalog-helpers';

// The reviewers' inbox and their batch decision, through the gateway.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const CAPABILITIES_2025 = [
  'data-ingestion',
  'allocation',
  'reporting-analytics',
  'anomaly-management',
  'planning-estimating',
  'forecasting',
  'budgeting',
  'benchmarking',
  'unit-economics',
  'architecting-for-cloud',
  'workload-optimization',
  'rate-optimization',
  'licensing-saas',
  'cloud-sustainability',
  'finops-practice-operations',
  'cloud-policy-governance',
  'finops-assessment',
  'finops-tools-services',
  'education-enablement',
  'invoicing-chargeback',
  'onboarding-workloads',
  'intersecting-disciplines',
];

/** A sheet of features × capabilities of edition 2025, every row a new PROPOSED mapping. */
function sheet(features: number, capabilities: number): string {
  const rows = ['feature,capability'];
  for (let f = 0; f < features; f++) for (let c = 0; c < capabilities; c++) rows.push(`Feature ${f},${CAPABILITIES_2025[c]}`);
  return rows.join('\n');
}

async function queueOf(organizationId: string, headers: Record<string, string>, first = 100) {
  const ids: string[] = [];
  const proposedAt: string[] = [];
  let after: string | null = null;
  let total = -1;
  for (;;) {
    const { reviewQueue }: ReviewQueueQuery = await t.data(ReviewQueueDocument, { organizationId, first, after }, headers);
    total = reviewQueue.totalCount;
    ids.push(...reviewQueue.edges.map((e) => e.node.id));
    proposedAt.push(...reviewQueue.edges.map((e) => e.node.proposedAt as string));
    if (!reviewQueue.pageInfo.hasNextPage) break;
    after = reviewQueue.pageInfo.endCursor!;
  }
  return { ids, proposedAt, total };
}

describe('ReviewQueue', () => {
  it('is for Foundation roles only', async () => {
    const org = await createOrganization(t);
    expect((await t.request(ReviewQueueDocument, { first: 1 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.request(ReviewQueueDocument, { first: 1 }, await as('VENDOR', org))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const role of ['REVIEWER', 'TAC', 'ADMIN'] as const) {
      const body = await t.request(ReviewQueueDocument, { first: 1 }, await as(role));
      expect(body.errors, role).toBeUndefined();
    }
  });

  it('pages a 200-mapping sheet oldest first, every mapping once, with the exact count; filters by organization and edition', async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    expect(await importCsv(t, org, product, '2025', sheet(10, 20))).toBe(200);
    const reviewer = await as('REVIEWER', null, 'queue-reader');
    const walked = await queueOf(org, reviewer, 30);
    expect(walked.total).toBe(200);
    expect(walked.ids).toHaveLength(200);
    expect(new Set(walked.ids).size).toBe(200);
    expect([...walked.proposedAt].sort()).toEqual(walked.proposedAt);
    const { reviewQueue } = await t.data(ReviewQueueDocument, { organizationId: org, edition: '2024', first: 5 }, reviewer);
    expect(reviewQueue.totalCount).toBe(0);
    const first = await t.data(ReviewQueueDocument, { organizationId: org, edition: '2025', first: 1 }, reviewer);
    expect(first.reviewQueue.edges[0].node).toMatchObject({ status: 'PROPOSED', proposedByViewer: false, edition: { slug: '2025' } });
    expect(first.reviewQueue.edges[0].node.feature.product.id).toBe(product);
  });

  it('costs the same statements for a page of 5 and a page of 100', async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    await importCsv(t, org, product, '2025', sheet(5, 22));
    const reviewer = await as('REVIEWER');
    const once = async (first: number) =>
      (await t.countStatements(() => t.data(ReviewQueueDocument, { organizationId: org, first }, reviewer))).statements;
    // Other test files share the database: when one of them changes the framework meanwhile, the next
    // request reloads the framework snapshot (a few statements more, whatever the page size). The
    // fewer of two tries is the page's own cost; an N+1 would show in both.
    const count = async (first: number) => Math.min(await once(first), await once(first));
    await once(5);
    expect(await count(100)).toBe(await count(5));
  });

  it('flags what the viewer proposed, and a bad cursor or edition is a clear error', async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    const { importMappings } = await t.data(
      ImportMappingsDocument,
      { input: { productId: product, edition: '2025', format: 'CSV', content: 'feature,capability\nOwn,allocation' } },
      await as('VENDOR', org, 'two-hats'),
    );
    expect(importMappings.created).toBe(1);
    const { reviewQueue } = await t.data(ReviewQueueDocument, { organizationId: org, first: 5 }, await as('REVIEWER', null, 'two-hats'));
    expect(reviewQueue.edges.map((e) => e.node.proposedByViewer)).toEqual([true]);
    const approve = await t.request(
      ReviewMappingsDocument,
      { input: { items: [{ mappingId: reviewQueue.edges[0].node.id }], decision: 'APPROVE' } },
      await as('REVIEWER', null, 'two-hats'),
    );
    expect(approve.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badCursor = await t.request(ReviewQueueDocument, { first: 5, after: Buffer.from('["a","b"]').toString('base64url') }, await as('REVIEWER'));
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badEdition = await t.request(ReviewQueueDocument, { first: 5, edition: '1999' }, await as('REVIEWER'));
    expect(badEdition.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('ReviewMappings', () => {
  it("clears a vendor's 200-mapping sheet in one request: one UPDATE, every mapping audited, coverage follows", async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    await importCsv(t, org, product, '2025', sheet(10, 20));
    const reviewer = await as('REVIEWER', null, 'batch-reviewer');
    const { ids } = await queueOf(org, reviewer);
    const { result, statements } = await t.countStatements(() =>
      t.data(
        ReviewMappingsDocument,
        { input: { items: ids.map((mappingId) => ({ mappingId, expectedVersion: 1 })), decision: 'APPROVE', note: 'Sheet checked' } },
        reviewer,
      ),
    );
    expect(result.reviewMappings.errors).toEqual([]);
    expect(result.reviewMappings.reviewed).toBe(200);
    expect(new Set(result.reviewMappings.mappings.map((m) => `${m.status}/${m.version}`))).toEqual(new Set(['APPROVED/2']));
    expect(statements).toBeLessThanOrEqual(8);
    expect((await queueOf(org, reviewer)).total).toBe(0);
    const { product: coverage } = await t.data(ProductCoverageDocument, { id: product, edition: '2025' });
    expect(coverage!.coverage!.capabilities).toEqual({ covered: 20, total: 22 });
    const trail = await t.data<{ auditTrail: { nodes: { action: string; reason: string | null }[] } }, unknown>(
      'query ($id: ID!) { auditTrail(objectId: $id, first: 20) { nodes { action reason } } }',
      { id: ids[150] },
      reviewer,
    );
    expect(trail.auditTrail.nodes.map((e) => [e.action, e.reason])).toContainEqual(['REVIEW_APPROVE', 'Sheet checked']);
  });

  it('is all or nothing: a stale version is a CONFLICT and an unknown id a payload error; nothing is written', async () => {
    const org = await createOrganization(t);
    const product = await createProduct(t, org);
    await importCsv(t, org, product, '2025', sheet(1, 5));
    const reviewer = await as('REVIEWER', null, 'strict-reviewer');
    const { ids } = await queueOf(org, reviewer);
    const stale = await t.request(
      ReviewMappingsDocument,
      { input: { items: ids.map((mappingId, i) => ({ mappingId, expectedVersion: i === 3 ? 7 : 1 })), decision: 'REJECT' } },
      reviewer,
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(stale.errors?.[0].message).toContain(ids[3]);
    const unknown = await t.data(
      ReviewMappingsDocument,
      { input: { items: [...ids.map((mappingId) => ({ mappingId })), { mappingId: '00000000-0000-4000-8000-000000000000' }], decision: 'REJECT' } },
      reviewer,
    );
    expect(unknown.reviewMappings.errors).toEqual([
      { code: 'NOT_FOUND', message: 'No mapping with id "00000000-0000-4000-8000-000000000000"', field: 'input.items[5].mappingId' },
    ]);
    expect((await queueOf(org, reviewer)).total).toBe(5);
    const vendorTry = await t.request(
      ReviewMappingsDocument,
      { input: { items: [{ mappingId: ids[0] }], decision: 'APPROVE' } },
      await as('VENDOR', org),
    );
    expect(vendorTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
