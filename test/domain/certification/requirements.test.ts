import { describe, expect, it } from 'vitest';
import type { CoverageFacts, EvidenceFact, OrganizationFacts } from '../../../src/domain/certification/evaluation-types';
import type { CertificationKind } from '../../../src/domain/certification/vocabulary';
import { DomainError } from '../../../src/domain/errors';
import { AS_OF, credential, evaluate, evidence, person, requirement } from './fixtures';

describe('membership prerequisites', () => {
  it.each([
    ['PREMIER', true, 'MET', 'MET'],
    ['GENERAL', true, 'MET', 'MET'],
    [null, true, 'NOT_MET', 'MET'],
    ['GENERAL', false, 'MET', 'NOT_MET'],
    [null, false, 'NOT_MET', 'NOT_MET'],
  ] as const)('FinOps %s, Linux Foundation %s → FINOPS_MEMBERSHIP %s, LF_MEMBERSHIP %s', (finopsMembership, linuxFoundationMember, finops, lf) => {
    const evaluation = evaluate('2023', 'PLATFORM', { finopsMembership, linuxFoundationMember });
    expect(requirement(evaluation, 'FINOPS_MEMBERSHIP').status).toBe(finops);
    expect(requirement(evaluation, 'LF_MEMBERSHIP').status).toBe(lf);
  });

  it.each([
    ['PREMIER', 'MET'],
    ['GENERAL', 'MET'],
    [null, 'NOT_MET'],
  ] as const)('2023 Enterprise: FinOps %s → GENERAL_OR_PREMIER_MEMBERSHIP %s (no Linux Foundation check)', (finopsMembership, status) => {
    const evaluation = evaluate('2023', 'ENTERPRISE', { finopsMembership, linuxFoundationMember: false });
    expect(requirement(evaluation, 'GENERAL_OR_PREMIER_MEMBERSHIP').status).toBe(status);
    expect(evaluation.requirements.map((r) => r.code)).not.toContain('LF_MEMBERSHIP');
  });

  it('names the level', () => {
    expect(requirement(evaluate('2023', 'PLATFORM', { finopsMembership: 'GENERAL' }), 'FINOPS_MEMBERSHIP').explanation).toContain('GENERAL');
  });
});

const cov = (domains: [number, number], capabilities: [number, number], meetsMost: boolean): CoverageFacts => ({
  domains: { covered: domains[0], total: domains[1] },
  capabilities: { covered: capabilities[0], total: capabilities[1] },
  meetsMost,
});

describe('PUBLIC_FEATURE_MAPPING (Platform): most domains AND most capabilities', () => {
  it.each([
    ['2023', '4 of 6 domains, 10 of 18 capabilities', cov([4, 6], [10, 18], true), 'MET', null],
    ['2023', '4 of 6 domains, 9 of 18 capabilities', cov([4, 6], [9, 18], false), 'NOT_MET', 'needs 1 more capability'],
    ['2023', '3 of 6 domains, 18 of 18 capabilities', cov([3, 6], [18, 18], false), 'NOT_MET', 'needs 1 more domain'],
    ['2023', '1 of 6 domains, 2 of 18 capabilities', cov([1, 6], [2, 18], false), 'NOT_MET', 'needs 3 more domains and 8 more capabilities'],
    ['2025', '3 of 4 domains, 12 of 22 capabilities', cov([3, 4], [12, 22], true), 'MET', null],
    ['2025', '3 of 4 domains, 11 of 22 capabilities', cov([3, 4], [11, 22], false), 'NOT_MET', 'needs 1 more capability'],
  ] as const)('program %s, %s → %s', (slug, _name, coverage, status, shortfall) => {
    const evaluation = evaluate(slug, 'PLATFORM', { coverage });
    expect(requirement(evaluation, 'PUBLIC_FEATURE_MAPPING')).toMatchObject({ status, shortfall });
    expect(evaluation.coverage).toEqual(coverage);
  });

  it('no named product: NOT_MET, saying so', () => {
    const evaluation = evaluate('2023', 'PLATFORM', { coverage: null });
    const r = requirement(evaluation, 'PUBLIC_FEATURE_MAPPING');
    expect(r.status).toBe('NOT_MET');
    expect(r.explanation).toContain('No product coverage was given');
    expect(evaluation.coverage).toBeNull();
  });

  it('an edition override is named in the explanation and in the result', () => {
    const evaluation = evaluate('2023', 'PLATFORM', { coverage: cov([3, 4], [12, 22], true) }, AS_OF, '2026');
    expect(evaluation.edition).toBe('2026');
    expect(requirement(evaluation, 'PUBLIC_FEATURE_MAPPING').explanation).toContain("edition 2026 (overriding the program's 2023)");
  });

  it('2025 says its threshold is unpublished and "most" is applied', () => {
    expect(requirement(evaluate('2025', 'PLATFORM', { coverage: cov([3, 4], [12, 22], true) }), 'PUBLIC_FEATURE_MAPPING').explanation).toContain(
      'not public',
    );
  });
});

describe('TARGET_CAPABILITY_MAPPING (Specialty Solution): every declared target covered', () => {
  it.each([
    ['no declared target', [], ['anomaly-management'], 'NOT_MET', null],
    ['one target, covered', ['forecasting'], ['forecasting', 'budgeting'], 'MET', null],
    ['two targets, both covered (listed twice)', ['forecasting', 'budgeting', 'forecasting'], ['budgeting', 'forecasting'], 'MET', null],
    [
      'two targets, one covered',
      ['forecasting', 'budgeting'],
      ['forecasting'],
      'NOT_MET',
      'needs approved public mappings for 1 more target capability: budgeting',
    ],
    ['a target, nothing covered', ['forecasting'], [], 'NOT_MET', 'needs approved public mappings for 1 more target capability: forecasting'],
  ] as const)('%s → %s', (_name, targetCapabilities, coveredCapabilities, status, shortfall) => {
    const r = requirement(
      evaluate('2023', 'SPECIALTY_SOLUTION', { targetCapabilities: [...targetCapabilities], coveredCapabilities: [...coveredCapabilities] }),
      'TARGET_CAPABILITY_MAPPING',
    );
    expect(r).toMatchObject({ status, shortfall });
  });

  it('explains a missing declaration', () => {
    expect(requirement(evaluate('2023', 'SPECIALTY_SOLUTION'), 'TARGET_CAPABILITY_MAPPING').explanation).toContain('declares no target capability');
  });
});

// Every evidence-backed requirement of every program, under every evidence status.
const EVIDENCE_REQUIREMENTS: ['2023' | '2025', CertificationKind, string][] = [
  ['2023', 'PLATFORM', 'SLACK_SUPPORT_CHANNEL'],
  ['2023', 'PLATFORM', 'RECORDED_DEMO'],
  ['2023', 'SPECIALTY_SOLUTION', 'SLACK_SUPPORT_CHANNEL'],
  ['2023', 'SPECIALTY_SOLUTION', 'RECORDED_DEMO'],
  ['2023', 'SERVICE_PROVIDER', 'SERVICES_DESCRIPTION'],
  ['2023', 'SERVICE_PROVIDER', 'SERVICES_FRAMEWORK_ALIGNMENT'],
  ['2023', 'TRAINING_PARTNER', 'TRAINING_PARTNER_CONTRACT'],
  ['2025', 'PLATFORM', 'FOCUS_CRITERIA'],
  ['2025', 'PLATFORM', 'COMMUNITY_CRITERIA'],
  ['2025', 'SERVICE_PROVIDER', 'SERVICES_FRAMEWORK_ALIGNMENT'],
  ['2025', 'SERVICE_PROVIDER', 'COMMUNITY_CRITERIA'],
];
const STATUSES: [string, (code: string) => EvidenceFact[], string][] = [
  ['vetted', (c) => [evidence(c, '2024-01-01')], 'MET'],
  ['unvetted', (c) => [evidence(c, '2024-01-01', 'UNVETTED')], 'NEEDS_REVIEW'],
  ['rejected', (c) => [evidence(c, '2024-01-01', 'REJECTED')], 'NOT_MET'],
  ['vetted but dated after asOf', (c) => [evidence(c, '2025-07-01')], 'NOT_MET'],
  ['none', () => [], 'NOT_MET'],
  ['rejected and unvetted', (c) => [evidence(c, '2024-01-01', 'REJECTED'), evidence(c, '2025-01-01', 'UNVETTED')], 'NEEDS_REVIEW'],
  ['unvetted and vetted', (c) => [evidence(c, '2024-01-01', 'UNVETTED'), evidence(c, '2025-01-01')], 'MET'],
  ['evidence of another code', () => [evidence('OPEN_SOURCE_MATERIALS', '2024-01-01')], 'NOT_MET'],
];

describe('evidence-backed requirements', () => {
  const rows = EVIDENCE_REQUIREMENTS.flatMap(([slug, kind, code]) =>
    STATUSES.map(([name, make, status]) => [slug, kind, code, name, make, status] as const),
  );
  it.each(rows)('program %s, %s, %s: %s → %s', (slug, kind, code, _name, make, status) => {
    expect(requirement(evaluate(slug, kind, { evidence: make(code) }), code).status).toBe(status);
  });

  it('explanations say what counted or what is pending', () => {
    expect(requirement(evaluate('2023', 'PLATFORM', { evidence: [evidence('RECORDED_DEMO', '2025-02-03')] }), 'RECORDED_DEMO').explanation).toContain(
      'latest 2025-02-03',
    );
    expect(
      requirement(evaluate('2023', 'PLATFORM', { evidence: [evidence('RECORDED_DEMO', '2025-02-03', 'UNVETTED')] }), 'RECORDED_DEMO').explanation,
    ).toContain('not yet vetted');
    expect(
      requirement(evaluate('2023', 'PLATFORM', { evidence: [evidence('RECORDED_DEMO', '2025-02-03', 'REJECTED')] }), 'RECORDED_DEMO').explanation,
    ).toContain('1 rejected item ignored');
  });

  it.each(['FOCUS_CRITERIA', 'COMMUNITY_CRITERIA'])('2025 %s says it is reviewer-confirmed because the details are unpublished', (code) => {
    const text = requirement(evaluate('2025', 'PLATFORM'), code).explanation;
    expect(text).toContain('not published');
    expect(text).toContain('reviewer');
  });
});

describe('credentials on staff', () => {
  it.each([
    ['PROFESSIONAL_ON_STAFF', 'SERVICE_PROVIDER', 'MET', [person(['PROFESSIONAL'])]],
    ['PROFESSIONAL_ON_STAFF', 'SERVICE_PROVIDER', 'NOT_MET', [person(['PRACTITIONER'])]],
    ['PROFESSIONAL_ON_STAFF', 'SERVICE_PROVIDER', 'NOT_MET', [person([credential('PROFESSIONAL', '2023-01-01', AS_OF)])]],
    ['PROFESSIONAL_ON_STAFF', 'SERVICE_PROVIDER', 'NOT_MET', [person(['PROFESSIONAL'], { employedUntil: '2025-06-01' })]],
    ['PROFESSIONAL_ON_STAFF', 'SERVICE_PROVIDER', 'NOT_MET', [person(['PROFESSIONAL'], { employedFrom: '2025-07-01' })]],
    ['CERTIFIED_INSTRUCTOR_EMPLOYED', 'TRAINING_PARTNER', 'MET', [person(['INSTRUCTOR'])]],
    ['CERTIFIED_INSTRUCTOR_EMPLOYED', 'TRAINING_PARTNER', 'NOT_MET', [person(['PROFESSIONAL', 'PRACTITIONER'])]],
    ['CERTIFIED_INSTRUCTOR_EMPLOYED', 'TRAINING_PARTNER', 'NOT_MET', [person([credential('INSTRUCTOR', '2025-07-01')])]],
    ['CERTIFIED_INSTRUCTOR_EMPLOYED', 'TRAINING_PARTNER', 'NOT_MET', [person(['INSTRUCTOR'], { employedUntil: '2024-12-31' })]],
  ] as const)('%s (%s) → %s', (code, kind, status, people) => {
    const r = requirement(evaluate('2023', kind, { people: [...people] }), code);
    expect(r.status).toBe(status);
    if (status === 'NOT_MET') expect(r.shortfall).toMatch(/^needs 1 more person holding a valid (Professional|Certified Instructor)$/);
  });
});

describe('malformed input is refused with the field at fault', () => {
  it.each([
    ['asOf', {}, '2025-02-30'],
    ['people[0].credentials[0].awardedOn', { people: [person([credential('PRACTITIONER', '2024-13-01')])] }, AS_OF],
    ['people[0].employedUntil', { people: [person(['PRACTITIONER'], { employedUntil: 'yesterday' })] }, AS_OF],
    ['evidence[0].date', { evidence: [evidence('RECORDED_DEMO', '01/02/2025')] }, AS_OF],
    [
      'people[0].credentials[0].kind',
      { people: [{ employedFrom: null, employedUntil: null, credentials: [{ kind: 'WIZARD', awardedOn: AS_OF, expiresOn: null }] }] },
      AS_OF,
    ],
    ['finopsMembership', { finopsMembership: 'GOLD' }, AS_OF],
  ] as [string, Partial<OrganizationFacts>, string][])('%s', (field, overrides, asOf) => {
    try {
      evaluate('2023', 'PLATFORM', overrides, asOf);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('BAD_USER_INPUT');
      expect((e as DomainError).field).toBe(field);
    }
  });
});
