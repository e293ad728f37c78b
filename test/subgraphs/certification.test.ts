import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CertificationProgramsDetailDocument,
  CertificationProgramsDocument,
  EvaluateCertificationDocument,
  EvaluateCertificationInDocument,
  type EvaluationFragment,
  OrganizationCertificationDocument,
  SimulateCertificationDocument,
  type SimulateCertificationInput,
} from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import {
  addStaff,
  CREDENTIAL_AWARDED_ON,
  CREDENTIAL_EXPIRES_ON,
  createMappedProduct,
  createOrganization,
  MOST_OF_2023,
  recordActivity,
  recordEvidence,
  type StaffMember,
  staffOf,
} from './certification-helpers';

// EvaluateCertification over stored organizations, and the same facts through SimulateCertification.

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await as('ADMIN');
});
afterAll(async () => {
  await t?.stop();
});

const AS_OF = '2026-06-30';

function requirement(evaluation: EvaluationFragment, code: string) {
  const found = evaluation.requirements.find((r) => r.code === code);
  expect(found, `requirement ${code}`).toBeDefined();
  return found!;
}

async function evaluate(
  organization: string,
  kind: string,
  options: { program?: string; productId?: string; asOf?: string; targetCapabilities?: string[] } = {},
  headers = admin,
) {
  const { organization: org } = await t.data(
    EvaluateCertificationInDocument,
    {
      organization,
      kind: kind as 'PLATFORM',
      asOf: options.asOf ?? AS_OF,
      program: options.program,
      productId: options.productId,
      targetCapabilities: options.targetCapabilities,
    },
    headers,
  );
  return org!.evaluateCertification!;
}

function simulatedPeople(staff: StaffMember[]): NonNullable<SimulateCertificationInput['organization']['people']> {
  return staff.map((p) => ({
    employedFrom: p.employedFrom === undefined ? '2023-01-01' : p.employedFrom,
    employedUntil: p.employedUntil ?? null,
    credentials: p.credentials.map((kind) => ({ kind: kind as 'PRACTITIONER', awardedOn: CREDENTIAL_AWARDED_ON, expiresOn: CREDENTIAL_EXPIRES_ON })),
  }));
}

async function simulate(input: SimulateCertificationInput) {
  const { simulateCertification } = await t.data(SimulateCertificationDocument, { input });
  return simulateCertification;
}

describe('certification programs', () => {
  it('lists the seeded programs with their edition, kinds and interpretations (contract operation)', async () => {
    const { certificationPrograms } = await t.data(CertificationProgramsDocument, {});
    expect(certificationPrograms!.map((p) => p.slug)).toEqual(expect.arrayContaining(['2023', '2025']));
    const p2023 = certificationPrograms!.find((p) => p.slug === '2023')!;
    expect(p2023.frameworkEdition).toEqual({ slug: '2023' });
    expect(p2023.kinds).toEqual(['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE']);
    expect(certificationPrograms!.find((p) => p.slug === '2025')!.kinds).not.toContain('SPECIALTY_SOLUTION');

    const detail = await t.data(CertificationProgramsDetailDocument, {});
    const d2023 = detail.certificationPrograms!.find((p) => p.slug === '2023')!;
    expect(d2023).toMatchObject({ isDefault: true, effectiveFrom: '2023-01-01', awardValidityMonths: 12 });
    // The edition stub is keyed by slug; the gateway fetches its name from the framework subgraph.
    expect(d2023.frameworkEdition!.name).toEqual(expect.any(String));
    expect(d2023.interpretations.length).toBeGreaterThan(0);
    expect(detail.certificationPrograms!.filter((p) => p.isDefault)).toHaveLength(1);
    const platform = d2023.certifications.find((c) => c.kind === 'PLATFORM')!;
    expect(platform.requirements.map((r) => r.code)).toEqual([
      'FINOPS_MEMBERSHIP',
      'LF_MEMBERSHIP',
      'INDIVIDUAL_CERTIFICATIONS',
      'PUBLIC_FEATURE_MAPPING',
      'SLACK_SUPPORT_CHANNEL',
      'RECORDED_DEMO',
      'COMMUNITY_CONTRIBUTIONS',
    ]);
  });
});

describe('the worked example: 1,200 people, both memberships, Platform, 30 Practitioners and 1 Professional', () => {
  const staff = [...staffOf(30, ['PRACTITIONER']), { credentials: ['PROFESSIONAL'] }];
  let org: string;
  let product: string;
  beforeAll(async () => {
    org = await createOrganization(t, { employeeCount: 1200, finopsMembership: 'GENERAL', linuxFoundationMember: true });
    await addStaff(t, org, staff);
    product = await createMappedProduct(t, org, '2023', MOST_OF_2023);
  });

  const simulation = (program: string): SimulateCertificationInput => ({
    program,
    kind: 'PLATFORM',
    asOf: AS_OF,
    organization: {
      employeeCount: 1200,
      finopsMembership: 'GENERAL',
      linuxFoundationMember: true,
      people: simulatedPeople(staff),
      coveredCapabilities: program === '2023' ? MOST_OF_2023 : [],
    },
  });

  it('program 2023: INDIVIDUAL_CERTIFICATIONS MET with 35 of 35; every requirement explained', async () => {
    const { organization } = await t.data(
      EvaluateCertificationDocument,
      { organization: org, kind: 'PLATFORM', program: '2023', productId: product, asOf: AS_OF },
      await as('VENDOR', org),
    );
    const evaluation = organization!.evaluateCertification!;
    expect(evaluation).toMatchObject({ program: { slug: '2023' }, kind: 'PLATFORM', asOf: AS_OF, edition: { slug: '2023' } });
    expect(requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS')).toMatchObject({ status: 'MET', shortfall: null });
    expect(evaluation.headcount).toEqual({
      companySize: 1200,
      columns: [{ credential: 'PRACTITIONER_EQUIVALENT', required: 35, counted: 35, shortfall: 0 }],
    });
    expect(requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS').explanation).toContain('35 counted, 35 required');
    expect(requirement(evaluation, 'FINOPS_MEMBERSHIP').status).toBe('MET');
    expect(requirement(evaluation, 'LF_MEMBERSHIP').status).toBe('MET');
    expect(requirement(evaluation, 'PUBLIC_FEATURE_MAPPING').status).toBe('MET');
    expect(evaluation.coverage).toEqual({ domains: { covered: 6, total: 6 }, capabilities: { covered: 10, total: 18 }, meetsMost: true });
    // No evidence yet: the evidence requirements are NOT_MET, each saying why.
    expect(requirement(evaluation, 'SLACK_SUPPORT_CHANNEL').status).toBe('NOT_MET');
    expect(requirement(evaluation, 'COMMUNITY_CONTRIBUTIONS').status).toBe('NOT_MET');
    expect(evaluation.outcome).toBe('NOT_ELIGIBLE');
    for (const r of evaluation.requirements) expect(r.explanation.length, r.code).toBeGreaterThan(20);
    expect(evaluation.points).toBeNull();
  });

  it('program 2025: INDIVIDUAL_CERTIFICATIONS NOT_MET with the shortfall per column', async () => {
    const evaluation = await evaluate(org, 'PLATFORM', { program: '2025', productId: product });
    expect(evaluation.edition).toEqual({ slug: '2025' });
    const headcount = requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS');
    expect(headcount.status).toBe('NOT_MET');
    expect(headcount.shortfall).toBe('needs 20 more Practitioners, 2 more Professionals and 15 more FOCUS Analysts');
    expect(evaluation.headcount!.columns).toEqual([
      { credential: 'PRACTITIONER', required: 50, counted: 30, shortfall: 20 },
      { credential: 'PROFESSIONAL', required: 3, counted: 1, shortfall: 2 },
      { credential: 'FOCUS_ANALYST', required: 15, counted: 0, shortfall: 15 },
    ]);
    // Its 2023 mappings do not count for edition 2025.
    expect(requirement(evaluation, 'PUBLIC_FEATURE_MAPPING').status).toBe('NOT_MET');
    expect(evaluation.requirements.map((r) => r.code)).toEqual([
      'FINOPS_MEMBERSHIP',
      'LF_MEMBERSHIP',
      'INDIVIDUAL_CERTIFICATIONS',
      'PUBLIC_FEATURE_MAPPING',
      'FOCUS_CRITERIA',
      'COMMUNITY_CRITERIA',
    ]);
    expect(evaluation.outcome).toBe('NOT_ELIGIBLE');
  });

  it('SimulateCertification with the same facts gives the same answer under both programs', async () => {
    expect(await simulate(simulation('2023'))).toEqual(await evaluate(org, 'PLATFORM', { program: '2023', productId: product }));
    expect(await simulate(simulation('2025'))).toEqual(await evaluate(org, 'PLATFORM', { program: '2025', productId: product }));
  });

  it('the default program is 2023 and asOf defaults to today', async () => {
    const { organization } = await t.data(EvaluateCertificationDocument, { organization: org, kind: 'PLATFORM', productId: product }, admin);
    expect(organization!.evaluateCertification!.program.slug).toBe('2023');
    expect(organization!.evaluateCertification!.asOf).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe('every kind, stored and simulated', () => {
  // A 150-person company (tier 100–499) through its parent, with staff, evidence and activities
  // that touch every requirement of every kind.
  const staff: StaffMember[] = [
    ...staffOf(2, ['PROFESSIONAL', 'PRACTITIONER']),
    { credentials: ['PRACTITIONER', 'PROFESSIONAL', 'INSTRUCTOR', 'CLOUD_PROVIDER_PRACTITIONER'] },
    ...staffOf(3, ['PRACTITIONER', 'PERSONA_TRAINING']),
    { credentials: ['FOCUS_ANALYST'] },
    // Left before the as-of date, and joins after it: neither counts.
    { credentials: ['PROFESSIONAL'], employedUntil: '2026-01-31' },
    { credentials: ['PROFESSIONAL'], employedFrom: '2026-09-01' },
  ];
  const evidence: [string, string][] = [
    ['SLACK_SUPPORT_CHANNEL', '2026-01-10'],
    ['RECORDED_DEMO', '2026-02-10'],
    ['SERVICES_DESCRIPTION', '2025-12-01'],
    ['SERVICES_FRAMEWORK_ALIGNMENT', '2025-12-01'],
    ['TRAINING_PARTNER_CONTRACT', '2025-03-01'],
    ['FOCUS_CRITERIA', '2026-04-01'],
    ['COMMUNITY_CRITERIA', '2026-04-01'],
    ['OPEN_SOURCE_MATERIALS', '2026-01-01'],
    ['OPEN_SOURCE_MATERIALS', '2026-03-01'],
    ['BLOG_OR_PODCAST', '2024-01-01'],
    ['WORKING_GROUP_CONTRIBUTOR', '2025-05-05'],
  ];
  const activities: [string, string][] = [
    ['PROGRAM_OVERVIEW_INTERVIEW', '2026-02-01'],
    ['LESSONS_LEARNED_STORY', '2026-02-01'],
    ['FINOPS_ASSESSMENT', '2025-01-01'],
    ['LEAD_WORKING_GROUP', '2025-10-01'],
    ['LEAD_WORKING_GROUP', '2026-01-01'],
    ['LEAD_WORKING_GROUP', '2026-02-01'],
    ['F2_EVENT_TALK', '2026-03-01'],
  ];
  const targets = ['forecasting', 'budget-management'];
  let parent: string;
  let org: string;
  let product: string;
  beforeAll(async () => {
    parent = await createOrganization(t, { employeeCount: 150, finopsMembership: null, linuxFoundationMember: true });
    org = await createOrganization(t, { employeeCount: 40, finopsMembership: 'PREMIER', linuxFoundationMember: true, parentOrganizationId: parent });
    await addStaff(t, org, staff);
    product = await createMappedProduct(t, org, '2023', MOST_OF_2023);
    for (const [code, date] of evidence) await recordEvidence(t, org, code, date);
    for (const [code, date] of activities) await recordActivity(t, org, code, date);
  });

  const simulation = (program: string, kind: string): SimulateCertificationInput => ({
    program,
    kind: kind as 'PLATFORM',
    asOf: AS_OF,
    organization: {
      employeeCount: 150,
      finopsMembership: 'PREMIER',
      linuxFoundationMember: true,
      people: simulatedPeople(staff),
      evidence: evidence.map(([code, date]) => ({ code, date })),
      activities: activities.map(([code, date]) => ({ code, date, validated: true })),
      ...(kind === 'PLATFORM' || kind === 'SPECIALTY_SOLUTION' ? { coveredCapabilities: program === '2023' ? MOST_OF_2023 : [] } : {}),
      ...(kind === 'SPECIALTY_SOLUTION' ? { targetCapabilities: targets } : {}),
    },
  });

  it.each([
    ['2023', 'PLATFORM'],
    ['2023', 'SPECIALTY_SOLUTION'],
    ['2023', 'SERVICE_PROVIDER'],
    ['2023', 'TRAINING_PARTNER'],
    ['2023', 'ENTERPRISE'],
    ['2025', 'PLATFORM'],
    ['2025', 'SERVICE_PROVIDER'],
    ['2025', 'ENTERPRISE'],
  ])('program %s, %s: the stored organization and the simulation agree', async (program, kind) => {
    const productKind = kind === 'PLATFORM' || kind === 'SPECIALTY_SOLUTION';
    const stored = await evaluate(org, kind, {
      program,
      productId: productKind ? product : undefined,
      targetCapabilities: kind === 'SPECIALTY_SOLUTION' ? targets : undefined,
    });
    expect(stored).toEqual(await simulate(simulation(program, kind)));
    if (stored.headcount) expect(stored.headcount.companySize).toBe(150);
  });

  it('program 2023: what each kind concludes from these facts', async () => {
    const platform = await evaluate(org, 'PLATFORM', { productId: product });
    // 2 + 1 Professionals (5 each) + 3 Practitioners + the Professional-holding leavers not counted.
    expect(platform.headcount!.columns[0]).toMatchObject({ required: 10, counted: 18 });
    // OPEN_SOURCE_MATERIALS (2 in 12 months) and WORKING_GROUP_CONTRIBUTOR; the blog post is too old.
    expect(requirement(platform, 'COMMUNITY_CONTRIBUTIONS').status).toBe('NOT_MET');
    expect(platform.outcome).toBe('NOT_ELIGIBLE');

    const specialty = await evaluate(org, 'SPECIALTY_SOLUTION', {
      productId: product,
      targetCapabilities: ['forecasting', 'chargeback', 'asset-management'],
    });
    expect(requirement(specialty, 'TARGET_CAPABILITY_MAPPING')).toMatchObject({ status: 'NOT_MET' });
    expect(requirement(specialty, 'TARGET_CAPABILITY_MAPPING').explanation).toContain('asset-management');

    const training = await evaluate(org, 'TRAINING_PARTNER');
    expect(requirement(training, 'CERTIFIED_INSTRUCTOR_EMPLOYED').status).toBe('MET');
    expect(requirement(training, 'TRAINING_PARTNER_CONTRACT').status).toBe('MET');
    expect(training.outcome).toBe('ELIGIBLE');

    const provider = await evaluate(org, 'SERVICE_PROVIDER');
    expect(requirement(provider, 'PROFESSIONAL_ON_STAFF').status).toBe('MET');
  });

  it('an Enterprise sees its points per category, with what the caps cost', async () => {
    const enterprise = await evaluate(org, 'ENTERPRISE');
    const byCategory = Object.fromEntries(enterprise.points!.categories.map((c) => [c.category, c]));
    // Training: 3 Professionals × 25 + 6 Practitioners × 5 + 3 persona trainings × 3 = 114, capped at 50.
    expect(Object.values(byCategory).find((c) => c.cap === 50 && c.earned === 114)).toMatchObject({ counted: 50, lostToCap: 64 });
    // Demonstrate FinOps Program: 10 + 10 (the assessment is older than 12 months) = 20 of 25.
    expect(enterprise.points!.programPoints).toBe(20);
    // F2 Participation: 3 × 20 = 60, capped at 50; Share Knowledge: one F2 talk, 10.
    expect(Object.values(byCategory).find((c) => c.earned === 60)).toMatchObject({ cap: 50, counted: 50, lostToCap: 10 });
    expect(enterprise.points!.total).toBe(50 + 20 + 50 + 10);
    for (const c of enterprise.points!.categories) expect(c.counted + c.lostToCap).toBe(c.earned);
    expect(requirement(enterprise, 'ENTERPRISE_POINTS').status).toBe('MET');
    expect(requirement(enterprise, 'ENTERPRISE_PROGRAM_POINTS').status).toBe('MET');
    expect(enterprise.outcome).toBe('ELIGIBLE');
  });
});

describe('evaluation rules that need the database', () => {
  it("uses the top-most parent's size, not the business unit's or the direct parent's", async () => {
    const top = await createOrganization(t, { employeeCount: 6000 });
    const middle = await createOrganization(t, { employeeCount: 300, parentOrganizationId: top });
    const unit = await createOrganization(t, { employeeCount: 12, parentOrganizationId: middle });
    const evaluation = await evaluate(unit, 'SERVICE_PROVIDER');
    expect(evaluation.headcount).toMatchObject({ companySize: 6000, columns: [{ required: 50 }] });
  });

  it('counts unvetted evidence as NEEDS_REVIEW and rejected evidence not at all', async () => {
    const org = await createOrganization(t, { employeeCount: 20 });
    await addStaff(t, org, [{ credentials: ['PROFESSIONAL'] }]);
    const evidenceId = await recordEvidence(t, org, 'SERVICES_DESCRIPTION', '2026-01-01', { decision: null });
    await recordEvidence(t, org, 'SERVICES_FRAMEWORK_ALIGNMENT', '2026-01-01', { decision: 'REJECTED' });
    const evaluation = await evaluate(org, 'SERVICE_PROVIDER');
    expect(requirement(evaluation, 'SERVICES_DESCRIPTION').status).toBe('NEEDS_REVIEW');
    expect(requirement(evaluation, 'SERVICES_FRAMEWORK_ALIGNMENT').status).toBe('NOT_MET');
    const { organization } = await t.data(OrganizationCertificationDocument, { id: org }, await as('VENDOR', org));
    expect(organization!.evidence!.find((e) => e.id === evidenceId)).toMatchObject({ status: 'UNVETTED', code: 'SERVICES_DESCRIPTION' });
  });

  it("counts only the named product's evidence and the organization's general evidence for a Platform", async () => {
    const org = await createOrganization(t, { employeeCount: 20 });
    const mine = await createMappedProduct(t, org, '2023', ['cost-allocation']);
    const other = await createMappedProduct(t, org, '2023', ['cost-allocation']);
    await recordEvidence(t, org, 'SLACK_SUPPORT_CHANNEL', '2026-01-01', { productId: other });
    await recordEvidence(t, org, 'RECORDED_DEMO', '2026-01-01');
    const evaluation = await evaluate(org, 'PLATFORM', { productId: mine });
    expect(requirement(evaluation, 'SLACK_SUPPORT_CHANNEL').status).toBe('NOT_MET');
    expect(requirement(evaluation, 'RECORDED_DEMO').status).toBe('MET');
    expect(requirement(await evaluate(org, 'PLATFORM', { productId: other }), 'SLACK_SUPPORT_CHANNEL').status).toBe('MET');
  });

  it('refuses a kind the program lacks, a missing or foreign product, and an unknown program', async () => {
    const org = await createOrganization(t, { employeeCount: 20 });
    const stranger = await createOrganization(t, { employeeCount: 20 });
    const foreign = await createMappedProduct(t, stranger, '2023', []);
    const vars = { organization: org, asOf: AS_OF };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ kind: 'SPECIALTY_SOLUTION', program: '2025', productId: foreign }, 'BAD_USER_INPUT', 'PLATFORM, SERVICE_PROVIDER, ENTERPRISE'],
      [{ kind: 'PLATFORM' }, 'BAD_USER_INPUT', 'productId'],
      [{ kind: 'SPECIALTY_SOLUTION', program: '2023' }, 'BAD_USER_INPUT', 'productId'],
      [{ kind: 'PLATFORM', productId: foreign }, 'BAD_USER_INPUT', 'not a product of this organization'],
      [{ kind: 'PLATFORM', productId: 'not-an-id' }, 'BAD_USER_INPUT', 'not a product of this organization'],
      [{ kind: 'ENTERPRISE', program: '1999' }, 'NOT_FOUND', '2023, 2025'],
    ];
    for (const [args, code, message] of cases) {
      const body = await t.request(EvaluateCertificationDocument, { ...vars, ...args } as never, admin);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(args)).toBe(code);
      expect(body.errors?.[0]?.message).toContain(message);
    }
    const sim = await t.request(SimulateCertificationDocument, {
      input: { program: '2025', kind: 'SPECIALTY_SOLUTION', organization: { employeeCount: 1, linuxFoundationMember: false } },
    });
    expect(sim.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(sim.errors?.[0]?.message).toContain('it has PLATFORM, SERVICE_PROVIDER, ENTERPRISE');
    const badSlug = await t.request(SimulateCertificationDocument, {
      input: {
        program: '2023',
        kind: 'PLATFORM',
        organization: { employeeCount: 1, linuxFoundationMember: false, coveredCapabilities: ['no-such-capability'] },
      },
    });
    expect(badSlug.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badSlug.errors?.[0]?.message).toContain('no-such-capability');
  });
});

describe('visibility', () => {
  let org: string;
  let evidenceId: string;
  beforeAll(async () => {
    org = await createOrganization(t, { employeeCount: 20 });
    await addStaff(t, org, [{ credentials: ['PROFESSIONAL'] }]);
    evidenceId = await recordEvidence(t, org, 'SERVICES_DESCRIPTION', '2026-01-01', { decision: null });
    await recordEvidence(t, org, 'SERVICES_FRAMEWORK_ALIGNMENT', '2026-01-01');
    await recordActivity(t, org, 'F2_EVENT_TALK', '2026-01-01');
  });

  it.each([
    ['anonymous', async () => ({})],
    ['another vendor', async () => as('VENDOR', '00000000-0000-4000-8000-000000000001')],
  ])('%s gets a null evaluation, no activities, and vetted evidence only', async (_who, headers) => {
    const h = await headers();
    const body = await t.request(EvaluateCertificationDocument, { organization: org, kind: 'SERVICE_PROVIDER', asOf: AS_OF }, h);
    expect(body.errors).toBeUndefined();
    expect(body.data!.organization).toEqual({ id: org, evaluateCertification: null });
    const { organization } = await t.data(OrganizationCertificationDocument, { id: org }, h);
    expect(organization!.evidence!.map((e) => e.code)).toEqual(['SERVICES_FRAMEWORK_ALIGNMENT']);
    expect(organization!.evidence!.some((e) => e.id === evidenceId)).toBe(false);
    expect(organization!.activities).toEqual([]);
    expect(organization!.applications).toEqual([]);
  });

  it.each(['REVIEWER', 'TAC', 'ADMIN'] as const)('%s sees the evaluation and everything', async (role) => {
    const h = await as(role);
    const { organization } = await t.data(EvaluateCertificationDocument, { organization: org, kind: 'SERVICE_PROVIDER', asOf: AS_OF }, h);
    expect(organization!.evaluateCertification!.kind).toBe('SERVICE_PROVIDER');
    const detail = await t.data(OrganizationCertificationDocument, { id: org }, h);
    expect(detail.organization!.evidence).toHaveLength(2);
    expect(detail.organization!.activities).toHaveLength(1);
  });
});

describe('SQL statements', () => {
  async function orgWith(people: number): Promise<{ org: string; product: string }> {
    const org = await createOrganization(t, { employeeCount: 1200 });
    await addStaff(t, org, staffOf(people, ['PRACTITIONER', 'FOCUS_ANALYST']));
    const product = await createMappedProduct(t, org, '2023', MOST_OF_2023.slice(0, 3));
    await recordEvidence(t, org, 'SLACK_SUPPORT_CHANNEL', '2026-01-01');
    await recordActivity(t, org, 'F2_EVENT_TALK', '2026-01-01');
    return { org, product };
  }

  it('EvaluateCertification costs the same for 5 people as for 60', async () => {
    const small = await orgWith(5);
    const large = await orgWith(60);
    const counts: Record<string, number[]> = {};
    for (const kind of ['PLATFORM', 'SERVICE_PROVIDER', 'ENTERPRISE'] as const) {
      for (const { org, product } of [small, large]) {
        const { statements, result } = await t.countStatements(() =>
          t.data(
            EvaluateCertificationDocument,
            { organization: org, kind, asOf: AS_OF, productId: kind === 'PLATFORM' ? product : undefined },
            admin,
          ),
        );
        expect(result.organization!.evaluateCertification!.kind).toBe(kind);
        (counts[kind] ??= []).push(statements);
      }
    }
    console.log('EvaluateCertification statements (5 people, 60 people):', JSON.stringify(counts));
    for (const [small5, large60] of Object.values(counts)) expect(large60).toBe(small5);
    expect(counts.PLATFORM[0]).toBeLessThanOrEqual(12);
  });
});
