import { expect } from 'vitest';
import {
  AddFeatureDocument,
  CreateOrganizationDocument,
  CreateProductDocument,
  MapFeatureDocument,
  RecordActivityDetailDocument,
  RecordEvidenceDocument,
  ReviewMappingDocument,
  VetEvidenceDocument,
} from '../../src/client/generated/graphql';
import { sqlRows } from '../../src/db/sql';
import { as, type TestApp, unique } from '../support/test-app';

// Factories for the certification tests. Everything goes through the gateway with the contract's
// mutations: organizations, people and credentials as ADMIN, products and mappings as the vendor,
// reviews as a REVIEWER. People are added in bulk with aliased mutations (one request per batch),
// so a 60-person organization takes a dozen requests, not 120.

export interface StaffMember {
  credentials: string[];
  employedFrom?: string | null;
  employedUntil?: string | null;
  communityParticipant?: boolean;
  finopsExperienceMonths?: number;
  publicSpeaking?: boolean;
}

export const CREDENTIAL_AWARDED_ON = '2024-01-15';
export const CREDENTIAL_EXPIRES_ON = '2029-01-15';

/** An ISO date `days` before today (UTC), for facts that must be "in the last 12 months" of today. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export async function createOrganization(
  t: TestApp,
  input: {
    employeeCount: number;
    finopsMembership?: 'GENERAL' | 'PREMIER' | null;
    linuxFoundationMember?: boolean;
    parentOrganizationId?: string;
    name?: string;
  },
): Promise<string> {
  const { createOrganization } = await t.data(
    CreateOrganizationDocument,
    {
      input: {
        name: input.name ?? unique('Certification Org'),
        employeeCount: input.employeeCount,
        finopsMembership: input.finopsMembership === undefined ? 'GENERAL' : input.finopsMembership,
        linuxFoundationMember: input.linuxFoundationMember ?? true,
        parentOrganizationId: input.parentOrganizationId,
      },
    },
    await as('ADMIN'),
  );
  expect(createOrganization.errors).toEqual([]);
  return createOrganization.organization!.id;
}

const str = (v: unknown) => JSON.stringify(v);

/** Adds people with their credentials (AddPerson, RecordCredential) and returns their ids in order. */
export async function addStaff(t: TestApp, organizationId: string, staff: StaffMember[]): Promise<string[]> {
  const admin = await as('ADMIN');
  const ids: string[] = [];
  // The gateway allows 20 aliases per operation.
  const BATCH = 20;
  for (let start = 0; start < staff.length; start += BATCH) {
    const batch = staff.slice(start, start + BATCH);
    const people = batch
      .map((p, i) => {
        const fields = [
          `organizationId: ${str(organizationId)}`,
          `name: ${str(`Person ${start + i}`)}`,
          `employedFrom: ${str(p.employedFrom === undefined ? '2023-01-01' : p.employedFrom)}`,
          p.employedUntil ? `employedUntil: ${str(p.employedUntil)}` : '',
          p.communityParticipant ? 'communityParticipant: true' : '',
          p.finopsExperienceMonths !== undefined ? `finopsExperienceMonths: ${p.finopsExperienceMonths}` : '',
          p.publicSpeaking ? 'publicSpeaking: true' : '',
        ].filter(Boolean);
        return `p${i}: addPerson(input: { ${fields.join(', ')} }) { person { id } errors { code message } }`;
      })
      .join('\n');
    const added = await t.data<Record<string, { person: { id: string } | null; errors: unknown[] }>, never>(
      `mutation { ${people} }`,
      undefined,
      admin,
    );
    const batchIds = batch.map((_, i) => {
      expect(added[`p${i}`].errors).toEqual([]);
      return added[`p${i}`].person!.id;
    });
    ids.push(...batchIds);
    const credentials = batch.flatMap((p, i) =>
      p.credentials.map(
        (kind, j) =>
          `c${i}_${j}: recordCredential(input: { personId: ${str(batchIds[i])}, kind: ${kind}, awardedOn: ${str(CREDENTIAL_AWARDED_ON)}, expiresOn: ${str(CREDENTIAL_EXPIRES_ON)} }) { errors { code message } }`,
      ),
    );
    for (let c = 0; c < credentials.length; c += BATCH) {
      const chunk = credentials.slice(c, c + BATCH);
      const recorded = await t.data<Record<string, { errors: unknown[] }>, never>(`mutation { ${chunk.join('\n')} }`, undefined, admin);
      for (const r of Object.values(recorded)) expect(r.errors).toEqual([]);
    }
  }
  return ids;
}

/** n people holding the same credentials. */
export function staffOf(n: number, credentials: string[]): StaffMember[] {
  return Array.from({ length: n }, () => ({ credentials }));
}

/**
 * A product of the organization with one feature mapped to each capability (contract mutations:
 * CreateProduct, AddFeature, MapFeature by the vendor; ReviewMapping APPROVE by a reviewer).
 * Evaluations with asOf read coverage from the mappings' history, and the tests evaluate on fixed
 * past dates: the product's history is moved back (whole, order kept) so it was mapped since 2023.
 */
export async function createMappedProduct(t: TestApp, organizationId: string, edition: string, capabilities: string[]): Promise<string> {
  const vendor = await as('VENDOR', organizationId);
  const reviewer = await as('REVIEWER', null, 'certification-mapping-reviewer');
  const { createProduct } = await t.data(CreateProductDocument, { input: { organizationId, name: unique('Platform') } }, vendor);
  expect(createProduct.errors).toEqual([]);
  const productId = createProduct.product!.id;
  const { addFeature } = await t.data(AddFeatureDocument, { input: { productId, name: 'Everything' } }, vendor);
  expect(addFeature.errors).toEqual([]);
  for (const capability of capabilities) {
    const { mapFeature } = await t.data(MapFeatureDocument, { input: { featureId: addFeature.feature!.id, edition, capability } }, vendor);
    expect(mapFeature.errors).toEqual([]);
    const { reviewMapping } = await t.data(ReviewMappingDocument, { input: { mappingId: mapFeature.mapping!.id, decision: 'APPROVE' } }, reviewer);
    expect(reviewMapping.errors).toEqual([]);
  }
  await backdateHistory(t, productId, '2023-01-01T00:00:00Z');
  return productId;
}

/** Shifts a product's whole mapping history back (order and lengths kept) so that it begins at `since`. */
export async function backdateHistory(t: TestApp, productId: string, since: string): Promise<void> {
  await sqlRows(
    t.app.db.orm.em.fork(),
    `with shift as (select min(valid_from) - ?::timestamptz as by from mapping_history where product_id = ?)
     update mapping_history h set valid_from = h.valid_from - shift.by, valid_to = h.valid_to - shift.by
       from shift where h.product_id = ?`,
    [since, productId, productId],
  );
}

/** Ten of the eighteen 2023 capabilities across five of the six domains: "most" of both. */
export const MOST_OF_2023 = [
  'cost-allocation',
  'analysis-showback',
  'manage-anomalies',
  'forecasting',
  'budget-management',
  'manage-commitment-based-discounts',
  'utilization-efficiency',
  'onboarding-workloads',
  'chargeback',
  'policy-governance',
];

export async function recordEvidence(
  t: TestApp,
  organizationId: string,
  code: string,
  date: string,
  options: { productId?: string; decision?: 'VETTED' | 'REJECTED' | null } = {},
): Promise<string> {
  const { recordEvidence } = await t.data(
    RecordEvidenceDocument,
    { input: { organizationId, code, date, url: `https://example.com/${code.toLowerCase()}`, productId: options.productId } },
    await as('VENDOR', organizationId),
  );
  expect(recordEvidence.errors).toEqual([]);
  const id = recordEvidence.evidence!.id;
  const decision = options.decision === undefined ? 'VETTED' : options.decision;
  if (decision) {
    const { vetEvidence } = await t.data(VetEvidenceDocument, { input: { evidenceId: id, decision } }, await as('REVIEWER'));
    expect(vetEvidence.errors).toEqual([]);
  }
  return id;
}

export async function recordActivity(t: TestApp, organizationId: string, code: string, date: string, awardId?: string) {
  const { recordActivity } = await t.data(
    RecordActivityDetailDocument,
    { input: { organizationId, code, date, awardId } },
    await as('VENDOR', organizationId),
  );
  expect(recordActivity.errors).toEqual([]);
  return recordActivity.activity!;
}
