import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapabilityLineageDocument, FrameworkEditionDocument, GraphQLRequestError, request } from '../../src/client';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('typed client', () => {
  it('runs a generated document and returns typed data', async () => {
    const data = await request(FrameworkEditionDocument, { edition: '2024' }, { url: t.url });
    expect(data.frameworkEdition?.slug).toBe('2024');
    expect(data.frameworkEdition?.capabilities).toHaveLength(22);
    const lineage = await request(CapabilityLineageDocument, { edition: '2023', capability: 'cost-allocation', toEdition: '2026' }, { url: t.url });
    expect(lineage.capabilityLineage).toEqual([{ relation: 'RENAME', capability: { slug: 'allocation', name: 'Allocation' } }]);
  });

  it('throws GraphQLRequestError carrying the error code', async () => {
    const error = await request(FrameworkEditionDocument, { edition: 'nope' }, { url: t.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).code).toBe('NOT_FOUND');
  });
});
