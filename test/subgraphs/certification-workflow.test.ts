import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvanceApplicationDocument,
  AwardEvaluationDocument,
  AwardsDocument,
  CertificationApplicationDocument,
  CreateApplicationDocument,
  InstructorQualificationDocument,
  OrganizationCertificationDocument,
  RecordActivityDetailDocument,
  RecordActivityDocument,
  RecordEvidenceDocument,
  ValidateActivityDocument,
  VetEvidenceDetailDocument,
  VetEvidenceDocument,
} from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { addStaff, createMappedProduct, createOrganization, daysAgo, MOST_OF_2023, recordActivity, recordEvidence } from './certification-helpers';

// Evidence and its vetting, Enterprise activities, and an application taken from DRAFT to an award.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

type Action = 'SUBMIT' | 'STAFF_VET' | 'RECORD_LIVE_DEMO' | 'APPROVE' | 'REJECT';
async function advance(
  applicationId: string,
  action: Action,
  headers: Record<string, string>,
  extra: { reason?: string; expectedVersion?: number } = {},
) {
  const { advanceApplication } = await t.data(AdvanceApplicationDocument, { input: { applicationId, action, ...extra } }, headers);
  return advanceApplication;
}
/** The step refused at the top level (a refusal, a stale version or a step the status does not allow). */
function refusedAdvance(
  applicationId: string,
  action: Action,
  headers: Record<string, string>,
  extra: { reason?: string; expectedVersion?: number } = {},
) {
  return t.refused(AdvanceApplicationDocument, { input: { applicationId, action, ...extra } }, headers);
}

describe('evidence', () => {
  let org: string;
  let vendor: Record<string, string>;
  beforeAll(async () => {
    org = await createOrganization(t, { employeeCount: 30 });
    vendor = await as('VENDOR', org);
  });

  it("is recorded UNVETTED by the organization's vendor, then vetted once by a reviewer", async () => {
    const { recordEvidence } = await t.data(
      RecordEvidenceDocument,
      { input: { organizationId: org, code: 'RECORDED_DEMO', url: 'https://example.com/demo', date: '2026-05-01' } },
      vendor,
    );
    expect(recordEvidence.errors).toEqual([]);
    expect(recordEvidence.evidence).toMatchObject({ code: 'RECORDED_DEMO', status: 'UNVETTED' });
    const evidenceId = recordEvidence.evidence!.id;

    const byVendor = await t.refused(VetEvidenceDocument, { input: { evidenceId, decision: 'VETTED' } }, vendor);
    expect(byVendor.code).toBe('FORBIDDEN');

    const stale = await t.refused(VetEvidenceDetailDocument, { input: { evidenceId, decision: 'VETTED', expectedVersion: 7 } }, await as('REVIEWER'));
    expect(stale).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });

    const vetted = await t.data(
      VetEvidenceDetailDocument,
      { input: { evidenceId, decision: 'VETTED', note: 'Watched it', expectedVersion: 1 } },
      await as('REVIEWER'),
    );
    expect(vetted.vetEvidence.errors).toEqual([]);
    expect(vetted.vetEvidence.evidence).toMatchObject({ status: 'VETTED', note: 'Watched it', version: 2 });

    const again = await t.refused(VetEvidenceDocument, { input: { evidenceId, decision: 'REJECTED' } }, await as('REVIEWER'));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('already VETTED');
  });

  it.each([
    [{ code: 'MADE_UP' }, 'UNKNOWN_CODE', 'input.code', 'SLACK_SUPPORT_CHANNEL'],
    [{ url: 'ftp://example.com/x' }, 'BAD_URL', 'input.url', 'http'],
    [{ productId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'input.productId', 'not a product'],
  ])('refuses %j with %s', async (bad, code, field, message) => {
    const { recordEvidence } = await t.data(
      RecordEvidenceDocument,
      { input: { organizationId: org, code: 'SLACK_SUPPORT_CHANNEL', url: 'https://example.com/slack', date: '2026-05-01', ...bad } },
      vendor,
    );
    expect(recordEvidence.evidence).toBeNull();
    expect(recordEvidence.errors).toEqual([expect.objectContaining({ code, field })]);
    expect(recordEvidence.errors[0].message).toContain(message);
  });

  it.each([
    ['anonymous', async () => ({}), 'UNAUTHENTICATED'],
    ['another vendor', async () => as('VENDOR', '00000000-0000-4000-8000-000000000002'), 'FORBIDDEN'],
    ['a reviewer', async () => as('REVIEWER'), 'FORBIDDEN'],
  ])('%s may not record evidence for the organization', async (_who, headers, code) => {
    const refused = await t.refused(
      RecordEvidenceDocument,
      { input: { organizationId: org, code: 'RECORDED_DEMO', url: 'https://example.com/demo', date: '2026-05-01' } },
      await headers(),
    );
    expect(refused.code).toBe(code);
  });
});

describe('Enterprise activities', () => {
  let org: string;
  let vendor: Record<string, string>;
  beforeAll(async () => {
    org = await createOrganization(t, { employeeCount: 30 });
    vendor = await as('VENDOR', org);
  });

  it('refuses unknown codes naming the allowed ones, and the rows counted from credentials', async () => {
    const unknown = await t.data(RecordActivityDocument, { input: { organizationId: org, code: 'KARAOKE', date: '2026-01-01' } }, vendor);
    expect(unknown.recordActivity.errors[0]).toMatchObject({ code: 'UNKNOWN_CODE', field: 'input.code' });
    expect(unknown.recordActivity.errors[0].message).toContain('INTERNAL_FINOPS_TOOL');
    const fromCredentials = await t.data(
      RecordActivityDocument,
      { input: { organizationId: org, code: 'PRACTITIONER_CERTIFICATION', date: '2026-01-01' } },
      vendor,
    );
    expect(fromCredentials.recordActivity.errors[0]).toMatchObject({ code: 'NOT_RECORDABLE' });
    const other = await t.refused(
      RecordActivityDocument,
      { input: { organizationId: org, code: 'TAC_SEAT', date: '2026-01-01' } },
      await as('VENDOR', '00000000-0000-4000-8000-000000000003'),
    );
    expect(other.code).toBe('FORBIDDEN');
  });

  it('holds an internal FinOps tool until a reviewer validates it', async () => {
    const { recordActivity } = await t.data(
      RecordActivityDocument,
      { input: { organizationId: org, code: 'INTERNAL_FINOPS_TOOL', date: '2026-01-01', note: 'Our tool' } },
      vendor,
    );
    expect(recordActivity.errors).toEqual([]);
    const id = recordActivity.activity!.id;
    let detail = await t.data(OrganizationCertificationDocument, { id: org }, vendor);
    expect(detail.organization!.activities!.find((a) => a.id === id)).toMatchObject({ validated: false });

    const byVendor = await t.refused(ValidateActivityDocument, { input: { activityId: id } }, vendor);
    expect(byVendor.code).toBe('FORBIDDEN');
    const validated = await t.data(ValidateActivityDocument, { input: { activityId: id } }, await as('REVIEWER'));
    expect(validated.validateActivity).toMatchObject({ errors: [], activity: { validated: true, version: 2 } });
    const again = await t.refused(ValidateActivityDocument, { input: { activityId: id } }, await as('REVIEWER'));
    expect(again.code).toBe('CONFLICT');

    const talk = await recordActivity_(org, 'F2_EVENT_TALK');
    expect(talk.validated).toBe(true);
    const nothing = await t.refused(ValidateActivityDocument, { input: { activityId: talk.id } }, await as('REVIEWER'));
    expect(nothing).toMatchObject({ code: 'CONFLICT' });
    expect(nothing.message).toContain('needs no validation');
    detail = await t.data(OrganizationCertificationDocument, { id: org }, vendor);
    expect(detail.organization!.activities).toHaveLength(2);
  });

  async function recordActivity_(organizationId: string, code: string) {
    return recordActivity(t, organizationId, code, '2026-02-01');
  }
});

describe('from DRAFT to an award', () => {
  // Platform, program 2023: a 50-person company (3 Practitioner-equivalents) with one Professional,
  // a product covering most of edition 2023, and three community items. Dates are relative to today,
  // because approval evaluates today.
  let org: string;
  let product: string;
  let vendor: Record<string, string>;
  let demoEvidence: string;
  let applicationId: string;
  let awardId: string;
  const reviewer = () => as('REVIEWER', null, 'workflow-reviewer');
  const tac = () => as('TAC', null, 'workflow-tac');

  beforeAll(async () => {
    org = await createOrganization(t, { employeeCount: 50 });
    vendor = await as('VENDOR', org);
    await addStaff(t, org, [{ credentials: ['PROFESSIONAL'] }]);
    product = await createMappedProduct(t, org, '2023', MOST_OF_2023);
    await recordEvidence(t, org, 'SLACK_SUPPORT_CHANNEL', daysAgo(30), { productId: product });
    demoEvidence = await recordEvidence(t, org, 'RECORDED_DEMO', daysAgo(20), { productId: product, decision: null });
    for (const code of ['WORKING_GROUP_CONTRIBUTOR', 'FOCUS_PARTICIPATION', 'TAC_OR_BOARD_SEAT']) await recordEvidence(t, org, code, daysAgo(60));
  });

  it('a vendor creates a DRAFT for its own product; bad applications are refused', async () => {
    const missingProduct = await t.data(CreateApplicationDocument, { input: { organizationId: org, kind: 'PLATFORM' } }, vendor);
    expect(missingProduct.createApplication.errors).toEqual([expect.objectContaining({ code: 'PRODUCT_REQUIRED', field: 'input.productId' })]);
    const noSpecialty = await t.data(
      CreateApplicationDocument,
      { input: { organizationId: org, kind: 'SPECIALTY_SOLUTION', program: '2025', productId: product } },
      vendor,
    );
    expect(noSpecialty.createApplication.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });
    const noTargets = await t.data(
      CreateApplicationDocument,
      { input: { organizationId: org, kind: 'SPECIALTY_SOLUTION', productId: product, targetCapabilities: ['nope'] } },
      vendor,
    );
    expect(noTargets.createApplication.errors[0]).toMatchObject({ code: 'UNKNOWN_CAPABILITY' });
    const forOther = await t.refused(
      CreateApplicationDocument,
      { input: { organizationId: org, kind: 'PLATFORM', productId: product } },
      await as('VENDOR', '00000000-0000-4000-8000-000000000004'),
    );
    expect(forOther.code).toBe('FORBIDDEN');

    const { createApplication } = await t.data(
      CreateApplicationDocument,
      { input: { organizationId: org, kind: 'PLATFORM', productId: product } },
      vendor,
    );
    expect(createApplication.errors).toEqual([]);
    expect(createApplication.application).toMatchObject({
      kind: 'PLATFORM',
      status: 'DRAFT',
      version: 1,
      program: { slug: '2023' },
      edition: { slug: '2023' },
      product: { id: product },
      allowedActions: ['SUBMIT', 'REJECT'],
    });
    applicationId = createApplication.application!.id;

    const duplicate = await t.data(CreateApplicationDocument, { input: { organizationId: org, kind: 'PLATFORM', productId: product } }, vendor);
    expect(duplicate.createApplication.errors[0]).toMatchObject({ code: 'DUPLICATE_APPLICATION', field: 'input.kind' });
  });

  it("drafts and applications are the vendor's and the Foundation's only", async () => {
    for (const h of [{}, await as('VENDOR', '00000000-0000-4000-8000-000000000005')]) {
      const { certificationApplication } = await t.data(CertificationApplicationDocument, { id: applicationId }, h);
      expect(certificationApplication).toBeNull();
      const { organization } = await t.data(OrganizationCertificationDocument, { id: org }, h);
      expect(organization!.applications).toEqual([]);
      expect(organization!.evidence!.map((e) => e.id)).not.toContain(demoEvidence);
      if (Object.keys(h).length) expect((await advance(applicationId, 'SUBMIT', h)).errors[0].code).toBe('NOT_FOUND');
      else expect((await refusedAdvance(applicationId, 'SUBMIT', h)).code).toBe('UNAUTHENTICATED');
    }
    const own = await t.data(CertificationApplicationDocument, { id: applicationId }, vendor);
    expect(own.certificationApplication).toMatchObject({ status: 'DRAFT', organization: { id: org } });
  });

  it('goes through the workflow, refusing wrong roles, disallowed steps and approval while not ELIGIBLE', async () => {
    expect((await refusedAdvance(applicationId, 'SUBMIT', await reviewer())).code).toBe('FORBIDDEN');
    const submitted = await advance(applicationId, 'SUBMIT', vendor, { expectedVersion: 1 });
    expect(submitted).toMatchObject({ errors: [], application: { status: 'SUBMITTED', version: 2 }, award: null });

    const early = await refusedAdvance(applicationId, 'APPROVE', await tac());
    expect(early.code).toBe('CONFLICT');
    expect(early.message).toContain('allowed from SUBMITTED: STAFF_VET, REJECT');

    expect((await refusedAdvance(applicationId, 'STAFF_VET', await tac())).code).toBe('FORBIDDEN');
    expect(await refusedAdvance(applicationId, 'STAFF_VET', await reviewer(), { expectedVersion: 1 })).toMatchObject({
      code: 'CONFLICT',
      field: 'expectedVersion',
    });
    expect(await advance(applicationId, 'STAFF_VET', await reviewer())).toMatchObject({
      errors: [],
      application: { status: 'STAFF_VETTED', allowedActions: ['RECORD_LIVE_DEMO', 'REJECT'] },
    });

    const noDemo = await refusedAdvance(applicationId, 'APPROVE', await tac());
    expect(noDemo.code).toBe('CONFLICT');
    expect(noDemo.message).toContain('live demo');
    expect(await advance(applicationId, 'RECORD_LIVE_DEMO', await reviewer())).toMatchObject({
      errors: [],
      application: { status: 'LIVE_DEMO_DONE' },
    });

    expect((await refusedAdvance(applicationId, 'APPROVE', await reviewer())).code).toBe('FORBIDDEN');
    // The recorded demo is not vetted yet: the evaluation is NEEDS_REVIEW and approval is refused, naming it.
    const refused = await refusedAdvance(applicationId, 'APPROVE', await tac());
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('RECORDED_DEMO (NEEDS_REVIEW)');
    expect(refused.message).not.toContain('SLACK_SUPPORT_CHANNEL');
    expect((await t.data(CertificationApplicationDocument, { id: applicationId }, vendor)).certificationApplication).toMatchObject({
      status: 'LIVE_DEMO_DONE',
      award: null,
    });

    const { vetEvidence } = await t.data(VetEvidenceDocument, { input: { evidenceId: demoEvidence, decision: 'VETTED' } }, await reviewer());
    expect(vetEvidence.errors).toEqual([]);
    const approved = await advance(applicationId, 'APPROVE', await tac());
    expect(approved.errors).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(approved.application).toMatchObject({ status: 'APPROVED', allowedActions: [], evaluation: { outcome: 'ELIGIBLE', asOf: today } });
    expect(approved.award).toMatchObject({
      kind: 'PLATFORM',
      issuedOn: today,
      isValid: true,
      organization: { id: org },
      product: { id: product },
      program: { slug: '2023' },
      edition: { slug: '2023' },
    });
    // Program 2023 awards are valid for 12 months.
    expect(approved.award!.expiresOn.slice(0, 4)).toBe(String(Number(today.slice(0, 4)) + 1));
    awardId = approved.award!.id;

    const final = await refusedAdvance(applicationId, 'REJECT', await tac(), { reason: 'Changed our mind' });
    expect(final.code).toBe('CONFLICT');
    expect(final.message).toContain('APPROVED is final');
  });

  it('shows the award in the public list and on the organization; its evaluation stays private', async () => {
    const { awards } = await t.data(AwardsDocument, { kind: 'PLATFORM', first: 100 });
    const edge = awards!.edges.find((e) => e.node.id === awardId);
    expect(edge?.node).toMatchObject({
      kind: 'PLATFORM',
      isValid: true,
      organization: { id: org, name: expect.any(String) },
      product: { id: product, name: expect.any(String) },
    });
    expect(edge!.node.edition).toMatchObject({ slug: '2023', name: expect.any(String) });
    const none = await t.data(AwardsDocument, { kind: 'ENTERPRISE', validOn: '2000-01-01' });
    expect(none.awards!.totalCount).toBe(0);

    const anonymous = await t.data(AwardEvaluationDocument, { organization: org }, {});
    expect(anonymous.organization!.awards).toEqual([{ id: awardId, evaluation: null }]);
    const own = await t.data(AwardEvaluationDocument, { organization: org }, vendor);
    expect(own.organization!.awards![0].evaluation).toMatchObject({ outcome: 'ELIGIBLE' });
  });

  it('pages the public awards list with cursors', async () => {
    const all = await t.data(AwardsDocument, { first: 100 });
    const first = await t.data(AwardsDocument, { first: 1 });
    expect(first.awards!.totalCount).toBe(all.awards!.totalCount);
    expect(first.awards!.edges).toHaveLength(1);
    if (all.awards!.totalCount > 1) {
      const second = await t.data(AwardsDocument, { first: 1, after: first.awards!.pageInfo.endCursor });
      expect(second.awards!.edges[0].node.id).toBe(all.awards!.edges[1].node.id);
    }
  });

  it('lets another organization name the award in an activity, and checks it', async () => {
    const enterprise = await createOrganization(t, { employeeCount: 3000 });
    const today = new Date().toISOString().slice(0, 10);
    const ok = await t.data(
      RecordActivityDetailDocument,
      { input: { organizationId: enterprise, code: 'USES_CERTIFIED_PLATFORM', date: today, awardId } },
      await as('VENDOR', enterprise),
    );
    expect(ok.recordActivity.errors).toEqual([]);
    expect(ok.recordActivity.activity).toMatchObject({
      code: 'USES_CERTIFIED_PLATFORM',
      validated: true,
      award: { id: awardId, kind: 'PLATFORM', organization: { id: org } },
    });

    const cases: [Record<string, unknown>, string][] = [
      [{ awardId: '00000000-0000-4000-8000-00000000abcd' }, 'NOT_FOUND'],
      [{ awardId: 'made-up' }, 'NOT_FOUND'],
      [{ code: 'USED_CERTIFIED_SERVICE_PROVIDER', awardId }, 'AWARD_KIND_MISMATCH'],
      [{ date: daysAgo(400), awardId }, 'AWARD_NOT_VALID'],
      [{ code: 'F2_EVENT_TALK', awardId }, 'AWARD_NOT_APPLICABLE'],
    ];
    for (const [bad, code] of cases) {
      const { recordActivity } = await t.data(
        RecordActivityDetailDocument,
        { input: { organizationId: enterprise, code: 'USES_CERTIFIED_PLATFORM', date: today, ...bad } as never },
        await as('VENDOR', enterprise),
      );
      expect(recordActivity, JSON.stringify(bad)).toMatchObject({ activity: null, errors: [{ code, field: 'input.awardId' }] });
    }
    const own = await t.data(
      RecordActivityDetailDocument,
      { input: { organizationId: org, code: 'USES_CERTIFIED_PLATFORM', date: today, awardId } },
      vendor,
    );
    expect(own.recordActivity.errors[0]).toMatchObject({ code: 'OWN_AWARD' });
  });

  it('rejects with a reason only', async () => {
    const enterprise = await createOrganization(t, { employeeCount: 30 });
    const v = await as('VENDOR', enterprise);
    const { createApplication } = await t.data(CreateApplicationDocument, { input: { organizationId: enterprise, kind: 'ENTERPRISE' } }, v);
    const id = createApplication.application!.id;
    expect((await advance(id, 'REJECT', await reviewer())).errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const rejected = await advance(id, 'REJECT', await reviewer(), { reason: 'Not enough points yet' });
    expect(rejected).toMatchObject({ errors: [], application: { status: 'REJECTED', rejectionReason: 'Not enough points yet' } });
    // A new application is possible once the old one is final.
    const again = await t.data(CreateApplicationDocument, { input: { organizationId: enterprise, kind: 'ENTERPRISE' } }, v);
    expect(again.createApplication.errors).toEqual([]);
  });
});

describe('instructor qualification', () => {
  it('needs an employer that is a Certified Training Partner, and lists everything missing', async () => {
    const org = await createOrganization(t, { employeeCount: 40 });
    const vendor = await as('VENDOR', org);
    const [instructor, novice] = await addStaff(t, org, [
      {
        credentials: ['PRACTITIONER', 'PROFESSIONAL', 'CLOUD_PROVIDER_PRACTITIONER', 'INSTRUCTOR'],
        communityParticipant: true,
        finopsExperienceMonths: 30,
        publicSpeaking: true,
      },
      { credentials: ['PRACTITIONER'], finopsExperienceMonths: 3 },
    ]);
    const before = await t.data(InstructorQualificationDocument, { personId: instructor }, vendor);
    expect(before.instructorQualification).toMatchObject({ qualified: false, missing: [{ code: 'EMPLOYED_BY_CERTIFIED_TRAINING_PARTNER' }] });

    // Becoming a Certified Training Partner: contract evidence, an instructor on staff, approval.
    await recordEvidence(t, org, 'TRAINING_PARTNER_CONTRACT', daysAgo(10));
    const { createApplication } = await t.data(CreateApplicationDocument, { input: { organizationId: org, kind: 'TRAINING_PARTNER' } }, vendor);
    const id = createApplication.application!.id;
    await advance(id, 'SUBMIT', vendor);
    await advance(id, 'STAFF_VET', await as('REVIEWER'));
    const approved = await advance(id, 'APPROVE', await as('TAC'));
    expect(approved.errors).toEqual([]);

    const after = await t.data(InstructorQualificationDocument, { personId: instructor }, vendor);
    expect(after.instructorQualification).toMatchObject({ qualified: true, missing: [] });
    const { instructorQualification } = await t.data(InstructorQualificationDocument, { personId: novice, asOf: daysAgo(0) }, await as('REVIEWER'));
    expect(instructorQualification!.missing.map((m) => m.code)).toEqual([
      'COMMUNITY_PARTICIPANT',
      'FINOPS_EXPERIENCE_12_MONTHS',
      'VALID_PROFESSIONAL',
      'CLOUD_PROVIDER_PRACTITIONER',
      'PUBLIC_SPEAKING_OR_ADVOCACY',
    ]);
    // Before the award was issued, the employer was not yet a Certified Training Partner.
    const earlier = await t.data(InstructorQualificationDocument, { personId: instructor, asOf: daysAgo(30) }, vendor);
    expect(earlier.instructorQualification!.missing.map((m) => m.code)).toEqual(['EMPLOYED_BY_CERTIFIED_TRAINING_PARTNER']);

    const hidden = await t.request(
      InstructorQualificationDocument,
      { personId: instructor },
      await as('VENDOR', '00000000-0000-4000-8000-000000000006'),
    );
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
