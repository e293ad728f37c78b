import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddFeatureDocument,
  AddPersonDocument,
  AdvanceApplicationDocument,
  CarryMappingsForwardDocument,
  CreateApplicationDocument,
  CreateOrganizationDocument,
  CreateProductDocument,
  FeatureMappingsDocument,
  ImportMappingsDocument,
  MapFeatureDocument,
  MappingDocument,
  RecordActivityDocument,
  RecordCredentialDocument,
  RecordEvidenceDocument,
  ReviewMappingDocument,
  RevokeAwardDocument,
  UpdateOrganizationDocument,
  ValidateActivityDocument,
  VetEvidenceDocument,
} from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';

// Every mutation × every role: is the caller let through (the mutation runs its own checks after
// that) or refused for who they are? A refusal (UNAUTHENTICATED / FORBIDDEN) is always a top-level error with
// extensions.code, in every subgraph; it never appears in a payload's `errors` (the one mutation path).

let t: TestApp;
const ROLES = ['anonymous', 'own vendor', 'other vendor', 'REVIEWER', 'TAC', 'ADMIN'] as const;
type RoleName = (typeof ROLES)[number];
let headers: Record<RoleName, Record<string, string>>;
let org: string;
let product: string;
let feature: string;
let person: string;

beforeAll(async () => {
  t = await startTestApp();
  const admin = await as('ADMIN');
  const created = await t.data(
    CreateOrganizationDocument,
    { input: { name: unique('Matrix Org'), employeeCount: 10, linuxFoundationMember: true, finopsMembership: 'GENERAL' } },
    admin,
  );
  org = created.createOrganization.organization!.id;
  const other = await t.data(
    CreateOrganizationDocument,
    { input: { name: unique('Other Org'), employeeCount: 10, linuxFoundationMember: true } },
    admin,
  );
  headers = {
    anonymous: {},
    'own vendor': await as('VENDOR', org, 'matrix-vendor'),
    'other vendor': await as('VENDOR', other.createOrganization.organization!.id, 'other-vendor'),
    REVIEWER: await as('REVIEWER', null, 'matrix-reviewer'),
    TAC: await as('TAC', null, 'matrix-tac'),
    ADMIN: admin,
  };
  const p = await t.data(CreateProductDocument, { input: { organizationId: org, name: unique('Matrix Product') } }, headers['own vendor']);
  product = p.createProduct.product!.id;
  const f = await t.data(AddFeatureDocument, { input: { productId: product, name: 'Matrix feature' } }, headers['own vendor']);
  feature = f.addFeature.feature!.id;
  const added = await t.data(AddPersonDocument, { input: { organizationId: org, name: 'Matrix Person' } }, admin);
  person = added.addPerson.person!.id;
});
afterAll(async () => {
  await t?.stop();
});

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/**
 * 'allowed' or 'refused' for who the caller is; other outcomes (validation, conflicts) count as allowed.
 * A refusal must be top-level, with no data for the mutation: a refusal code in a payload fails the test.
 */
function verdict(body: { data?: any; errors?: { extensions?: { code?: string } }[] }): 'allowed' | 'refused' {
  const payload = body.data ? Object.values(body.data)[0] : null;
  const payloadCodes = ((payload as { errors?: { code: string }[] } | null)?.errors ?? []).map((e) => e.code);
  expect(
    payloadCodes.filter((c) => AUTH_CODES.has(c) || c === 'CONFLICT'),
    'refusals and conflicts are never payload errors',
  ).toEqual([]);
  if (body.errors?.some((e) => AUTH_CODES.has(e.extensions?.code ?? ''))) {
    expect(payload, 'a refused mutation returns no payload').toBeNull();
    return 'refused';
  }
  return 'allowed';
}

const Y = 'allowed';
const N = 'refused';
//                                   anonymous own-vendor other-vendor REVIEWER TAC ADMIN
const MATRIX: [string, () => [unknown, Record<string, unknown>], ('allowed' | 'refused')[]][] = [
  [
    'createOrganization',
    () => [CreateOrganizationDocument, { input: { name: unique('M'), employeeCount: 1, linuxFoundationMember: false } }],
    [N, N, N, N, N, Y],
  ],
  ['updateOrganization', () => [UpdateOrganizationDocument, { input: { id: org, employeeCount: 11 } }], [N, N, N, N, N, Y]],
  ['addPerson', () => [AddPersonDocument, { input: { organizationId: org, name: 'P' } }], [N, N, N, N, N, Y]],
  [
    'recordCredential',
    () => [RecordCredentialDocument, { input: { personId: person, kind: 'PRACTITIONER', awardedOn: '2025-01-01' } }],
    [N, N, N, N, N, Y],
  ],
  ['createProduct', () => [CreateProductDocument, { input: { organizationId: org, name: unique('MP') } }], [N, Y, N, N, N, N]],
  ['addFeature', () => [AddFeatureDocument, { input: { productId: product, name: unique('MF') } }], [N, Y, N, N, N, N]],
  ['mapFeature', () => [MapFeatureDocument, { input: { featureId: feature, edition: '2026', capability: 'forecasting' } }], [N, Y, N, N, N, N]],
  [
    'importMappings',
    () => [
      ImportMappingsDocument,
      { input: { productId: product, edition: '2025', format: 'CSV', content: 'feature,capability\nX,allocation', dryRun: true } },
    ],
    [N, Y, N, N, N, N],
  ],
  [
    'carryMappingsForward',
    () => [CarryMappingsForwardDocument, { input: { productId: product, fromEdition: '2025', toEdition: '2026', dryRun: true } }],
    [N, Y, N, N, N, N],
  ],
  [
    'reviewMapping',
    () => [ReviewMappingDocument, { input: { mappingId: '00000000-0000-4000-8000-000000000000', decision: 'APPROVE' } }],
    [N, N, N, Y, N, N],
  ],
  [
    'recordEvidence',
    () => [
      RecordEvidenceDocument,
      { input: { organizationId: org, code: 'SLACK_SUPPORT_CHANNEL', url: 'https://example.com/slack', date: '2026-01-01' } },
    ],
    [N, Y, N, N, N, N],
  ],
  [
    'vetEvidence',
    () => [VetEvidenceDocument, { input: { evidenceId: '00000000-0000-4000-8000-000000000000', decision: 'VETTED' } }],
    [N, N, N, Y, N, N],
  ],
  [
    'recordActivity',
    () => [RecordActivityDocument, { input: { organizationId: org, code: 'PROGRAM_OVERVIEW_INTERVIEW', date: '2026-01-01' } }],
    [N, Y, N, N, N, N],
  ],
  ['validateActivity', () => [ValidateActivityDocument, { input: { activityId: '00000000-0000-4000-8000-000000000000' } }], [N, N, N, Y, N, N]],
  [
    'createApplication',
    () => [CreateApplicationDocument, { input: { organizationId: org, kind: 'ENTERPRISE', program: '2023' } }],
    [N, Y, N, N, N, N],
  ],
  ['revokeAward', () => [RevokeAwardDocument, { input: { awardId: '00000000-0000-4000-8000-000000000000', reason: 'Matrix' } }], [N, N, N, N, Y, Y]],
];

describe('access matrix: every mutation × every role', () => {
  it.each(MATRIX)('%s', async (_name, make, expected) => {
    const actual: string[] = [];
    for (const role of ROLES) {
      const [document, variables] = make();
      actual.push(verdict(await t.request(document as never, variables as never, headers[role])));
    }
    expect(Object.fromEntries(ROLES.map((r, i) => [r, actual[i]]))).toEqual(Object.fromEntries(ROLES.map((r, i) => [r, expected[i]])));
  });

  it('advanceApplication: the vendor submits, staff vet, the TAC decides', async () => {
    const created = await t.data(
      CreateApplicationDocument,
      { input: { organizationId: org, kind: 'SERVICE_PROVIDER', program: '2023' } },
      headers['own vendor'],
    );
    const applicationId = created.createApplication.application!.id;
    // Someone else's application is simply not there for another vendor: NOT_FOUND is their refusal.
    const attempt = async (role: RoleName, action: string) => {
      const body = await t.request(AdvanceApplicationDocument, { input: { applicationId, action: action as 'SUBMIT' } }, headers[role]);
      const payloadErrors = (body.data?.advanceApplication?.errors ?? []) as { code: string }[];
      return payloadErrors.some((e) => e.code === 'NOT_FOUND') ? N : verdict(body);
    };
    for (const role of ['anonymous', 'other vendor', 'REVIEWER', 'TAC', 'ADMIN'] as const) expect(await attempt(role, 'SUBMIT'), role).toBe(N);
    expect(await attempt('own vendor', 'SUBMIT')).toBe(Y);
    for (const role of ['anonymous', 'own vendor', 'TAC', 'ADMIN'] as const) expect(await attempt(role, 'STAFF_VET'), role).toBe(N);
    expect(await attempt('REVIEWER', 'STAFF_VET')).toBe(Y);
    for (const role of ['anonymous', 'own vendor', 'REVIEWER', 'ADMIN'] as const) expect(await attempt(role, 'APPROVE'), role).toBe(N);
    expect(await attempt('TAC', 'APPROVE')).toBe(Y);
  });
});

describe('visibility for reads', () => {
  it('a draft mapping is visible to its vendor and staff, absent for everyone else', async () => {
    const mapped = await t.data(
      MapFeatureDocument,
      { input: { featureId: feature, edition: '2024', capability: 'budgeting', public: false } },
      headers['own vendor'],
    );
    const mappingId = mapped.mapFeature.mapping!.id;
    for (const role of ROLES) {
      const read = await t.request(MappingDocument, { id: mappingId }, headers[role]);
      const list = await t.data(FeatureMappingsDocument, { productId: product, edition: '2024' }, headers[role]);
      const listed = list.product!.features!.flatMap((f) => f.mappings!.map((m) => m.id)).includes(mappingId);
      const sees = ['own vendor', 'REVIEWER', 'TAC', 'ADMIN'].includes(role);
      expect(read.data?.mapping?.id ?? null, role).toBe(sees ? mappingId : null);
      if (!sees) expect(read.errors?.[0].extensions?.code, role).toBe('NOT_FOUND');
      expect(listed, role).toBe(sees);
    }
  });
});
