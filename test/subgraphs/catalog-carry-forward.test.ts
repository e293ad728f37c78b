import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CarryMappingsForwardDetailDocument, CarryMappingsForwardDocument, ProductCoverageDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { createExampleCopy, mappingsOf } from './catalog-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

async function carry(organizationId: string, productId: string, toEdition: string, dryRun?: boolean) {
  const { carryMappingsForward } = await t.data(
    CarryMappingsForwardDetailDocument,
    { input: { productId, fromEdition: '2023', toEdition, dryRun } },
    await as('VENDOR', organizationId, 'carrier@test'),
  );
  expect(carryMappingsForward.errors).toEqual([]);
  return carryMappingsForward;
}

const coverage = async (id: string, edition: string) =>
  (await t.data(ProductCoverageDocument, { id, edition }, await as('REVIEWER'))).product!.coverage;

describe('CarryMappingsForward (on a copy of the demo product)', () => {
  it('carries 2023 → 2024: merges collapse, split/related arrive PROPOSED, dryRun writes nothing', async () => {
    const { organizationId, productId } = await createExampleCopy(t);
    expect((await coverage(productId, '2023'))!.capabilities).toEqual({ covered: 14, total: 18 });

    const dry = await carry(organizationId, productId, '2024', true);
    expect(dry.dryRun).toBe(true);
    expect(dry.carried.every((c) => c.mappingId === null)).toBe(true);
    expect(await mappingsOf(t, productId, '2024')).toEqual([]);
    expect((await mappingsOf(t, productId, '2023')).every((m) => m.status !== 'SUPERSEDED')).toBe(true);

    const real = await carry(organizationId, productId, '2024');
    const strip = (p: typeof dry) => p.carried.map((c) => [c.feature!.name, c.capability.slug, c.status, c.relation]);
    expect(strip(real)).toEqual(strip(dry));
    const carried = (feature: string) =>
      real.carried.filter((c) => c.feature!.name === feature).map((c) => [c.capability.slug, c.status, c.relation]);

    // manage-shared-cloud-cost (MERGE) and cost-allocation (RENAME) collapse into one allocation mapping.
    expect(carried('Cost Allocation Model').sort()).toEqual(
      [
        ['allocation', 'APPROVED', 'RENAME'],
        ['invoicing-chargeback', 'APPROVED', 'RENAME'],
        ['reporting-analytics', 'APPROVED', 'RENAME'],
      ].sort(),
    );
    expect(carried('Real Time Cloud Resource Utilization Data Reporting').sort()).toEqual(
      [
        ['cloud-policy-governance', 'APPROVED', 'SAME'],
        ['workload-optimization', 'APPROVED', 'MERGE'],
      ].sort(),
    );
    // RELATED targets go back to review.
    expect(carried('Ingest 3rd Party Data (API, CSV, manual input, etc.)').sort()).toEqual(
      [
        ['cloud-sustainability', 'PROPOSED', 'RELATED'],
        ['finops-practice-operations', 'APPROVED', 'MERGE'],
        ['intersecting-disciplines', 'APPROVED', 'RENAME'],
        ['licensing-saas', 'PROPOSED', 'RELATED'],
      ].sort(),
    );
    expect(carried('Create Custom Metrics').sort()).toEqual(
      [
        ['benchmarking', 'PROPOSED', 'RELATED'],
        ['unit-economics', 'PROPOSED', 'RENAME'],
      ].sort(),
    );
    expect(real.dropped).toEqual([]);
    expect(real.superseded).toBe(18);

    const after2023 = await mappingsOf(t, productId, '2023');
    expect(after2023.every((m) => m.status === 'SUPERSEDED')).toBe(true);
    // Superseded after approval still counts for 2023.
    expect(await coverage(productId, '2023')).toMatchObject({
      domains: { covered: 6, total: 6 },
      capabilities: { covered: 14, total: 18 },
      meetsMost: true,
    });
    // 2024 is computed from the carried mappings: 11 approved of 22 is not "most".
    expect(await coverage(productId, '2024')).toMatchObject({
      domains: { covered: 3, total: 4 },
      capabilities: { covered: 11, total: 22 },
      meetsMost: false,
    });

    // Carrying again creates nothing and reports what the first run put there.
    const again = await carry(organizationId, productId, '2024');
    expect(again.carried.every((c) => c.alreadyPresent && c.mappingId === null)).toBe(true);
    expect(strip(again).sort()).toEqual(strip(real).sort());
    expect(again.superseded).toBe(0);
    expect((await mappingsOf(t, productId, '2024')).length).toBe(real.carried.length);
  });

  it('carries 2023 → 2026 across every step: splits arrive PROPOSED', async () => {
    const { organizationId, productId } = await createExampleCopy(t);
    const real = await carry(organizationId, productId, '2026');
    const billing = real.carried.filter((c) => c.feature!.name === 'Real Time Cloud Billing Data Reporting');
    // onboarding-workloads SPLITs in 2026: the guess arrives PROPOSED; its other half lands on
    // finops-practice-operations, where establish-finops-culture (MERGE, APPROVED) wins the collapse.
    expect(billing.map((c) => [c.capability.slug, c.status, c.relation]).sort()).toEqual(
      [
        ['architecting-workload-placement', 'PROPOSED', 'SPLIT'],
        ['data-ingestion', 'APPROVED', 'RENAME'],
        ['education-enablement', 'APPROVED', 'SAME'],
        ['finops-practice-operations', 'APPROVED', 'MERGE'],
      ].sort(),
    );
    const allocation = real.carried.filter((c) => c.feature!.name === 'Cost Allocation Model' && c.capability.slug === 'allocation');
    expect(allocation).toHaveLength(1);
    expect(allocation[0].status).toBe('APPROVED');
    const cov2026 = await coverage(productId, '2026');
    const approved2026 = new Set(real.carried.filter((c) => c.status === 'APPROVED').map((c) => c.capability.slug));
    expect(cov2026!.capabilities.covered).toBe(approved2026.size);
    expect(cov2026!.meetsMost).toBe(approved2026.size * 2 > 22 && cov2026!.domains.covered * 2 > 4);
    expect(await coverage(productId, '2023')).toMatchObject({ capabilities: { covered: 14, total: 18 } });
  });

  it('refuses an edition that is not later, unknown editions and products', async () => {
    const { productId, organizationId } = await createExampleCopy(t);
    const owner = await as('VENDOR', organizationId);
    const run = (input: { productId: string; fromEdition: string; toEdition: string }) =>
      t.data(CarryMappingsForwardDocument, { input }, owner).then((r) => r.carryMappingsForward);
    expect((await run({ productId, fromEdition: '2024', toEdition: '2023' })).errors).toEqual([
      expect.objectContaining({ code: 'EDITION_NOT_LATER', field: 'input.toEdition' }),
    ]);
    expect((await run({ productId, fromEdition: '2023', toEdition: '2023' })).errors[0].code).toBe('EDITION_NOT_LATER');
    expect((await run({ productId, fromEdition: '1999', toEdition: '2024' })).errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: 'input.fromEdition' }),
    ]);
    expect((await run({ productId: 'nope', fromEdition: '2023', toEdition: '2024' })).errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: 'input.productId' }),
    ]);
    expect(await mappingsOf(t, productId, '2024')).toEqual([]);
  });
});
