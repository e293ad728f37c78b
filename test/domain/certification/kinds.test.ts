import { describe, expect, it } from 'vitest';
import type { CertificationKind } from '../../../src/domain/certification/vocabulary';
import { DomainError } from '../../../src/domain/errors';
import { eligibleFacts, evaluate } from './fixtures';

// Every kind of each program, with its requirement codes in the order certification-rules.md lists them.
const KINDS: [slug: '2023' | '2025', kind: CertificationKind, codes: string[]][] = [
  [
    '2023',
    'PLATFORM',
    [
      'FINOPS_MEMBERSHIP',
      'LF_MEMBERSHIP',
      'INDIVIDUAL_CERTIFICATIONS',
      'PUBLIC_FEATURE_MAPPING',
      'SLACK_SUPPORT_CHANNEL',
      'RECORDED_DEMO',
      'COMMUNITY_CONTRIBUTIONS',
    ],
  ],
  [
    '2023',
    'SPECIALTY_SOLUTION',
    [
      'FINOPS_MEMBERSHIP',
      'LF_MEMBERSHIP',
      'INDIVIDUAL_CERTIFICATIONS',
      'TARGET_CAPABILITY_MAPPING',
      'SLACK_SUPPORT_CHANNEL',
      'RECORDED_DEMO',
      'COMMUNITY_CONTRIBUTIONS',
    ],
  ],
  [
    '2023',
    'SERVICE_PROVIDER',
    [
      'FINOPS_MEMBERSHIP',
      'LF_MEMBERSHIP',
      'INDIVIDUAL_CERTIFICATIONS',
      'SERVICES_DESCRIPTION',
      'SERVICES_FRAMEWORK_ALIGNMENT',
      'PROFESSIONAL_ON_STAFF',
      'COMMUNITY_CONTRIBUTIONS',
    ],
  ],
  [
    '2023',
    'TRAINING_PARTNER',
    ['FINOPS_MEMBERSHIP', 'LF_MEMBERSHIP', 'INDIVIDUAL_CERTIFICATIONS', 'TRAINING_PARTNER_CONTRACT', 'CERTIFIED_INSTRUCTOR_EMPLOYED'],
  ],
  ['2023', 'ENTERPRISE', ['GENERAL_OR_PREMIER_MEMBERSHIP', 'INDIVIDUAL_CERTIFICATIONS', 'ENTERPRISE_POINTS', 'ENTERPRISE_PROGRAM_POINTS']],
  [
    '2025',
    'PLATFORM',
    ['FINOPS_MEMBERSHIP', 'LF_MEMBERSHIP', 'INDIVIDUAL_CERTIFICATIONS', 'PUBLIC_FEATURE_MAPPING', 'FOCUS_CRITERIA', 'COMMUNITY_CRITERIA'],
  ],
  [
    '2025',
    'SERVICE_PROVIDER',
    ['FINOPS_MEMBERSHIP', 'LF_MEMBERSHIP', 'INDIVIDUAL_CERTIFICATIONS', 'SERVICES_FRAMEWORK_ALIGNMENT', 'COMMUNITY_CRITERIA'],
  ],
  ['2025', 'ENTERPRISE', ['GENERAL_OR_PREMIER_MEMBERSHIP', 'LF_MEMBERSHIP', 'ENTERPRISE_POINTS', 'ENTERPRISE_PROGRAM_POINTS']],
];

describe('every kind of every program', () => {
  it.each(KINDS)('program %s, %s: requirement codes in order', (slug, kind, codes) => {
    const evaluation = evaluate(slug, kind);
    expect(evaluation.requirements.map((r) => r.code)).toEqual(codes);
    expect(evaluation).toMatchObject({ program: slug, kind, edition: slug, asOf: '2025-06-30' });
  });

  it.each(KINDS)('program %s, %s: ELIGIBLE on facts that meet everything', (slug, kind) => {
    const evaluation = evaluate(slug, kind, eligibleFacts(slug, kind));
    expect(evaluation.requirements.filter((r) => r.status !== 'MET')).toEqual([]);
    expect(evaluation.outcome).toBe('ELIGIBLE');
  });

  it.each(KINDS)('program %s, %s: headcount, coverage and points appear only where the kind uses them', (slug, kind, codes) => {
    const evaluation = evaluate(slug, kind, eligibleFacts(slug, kind));
    expect(evaluation.headcount !== null).toBe(codes.includes('INDIVIDUAL_CERTIFICATIONS'));
    expect(evaluation.coverage !== null).toBe(codes.includes('PUBLIC_FEATURE_MAPPING'));
    expect(evaluation.points !== null).toBe(codes.includes('ENTERPRISE_POINTS'));
  });

  it.each(KINDS)('program %s, %s: every explanation is a sentence', (slug, kind) => {
    for (const r of evaluate(slug, kind).requirements) expect(r.explanation).toMatch(/^[A-Z0-9].{20,}\.$/s);
  });
});

describe('a kind the program does not have', () => {
  it.each([
    ['2025', 'SPECIALTY_SOLUTION', 'PLATFORM, SERVICE_PROVIDER, ENTERPRISE'],
    ['2025', 'TRAINING_PARTNER', 'PLATFORM, SERVICE_PROVIDER, ENTERPRISE'],
  ] as const)('program %s has no %s: BAD_USER_INPUT naming its kinds', (slug, kind, named) => {
    try {
      evaluate(slug, kind);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('BAD_USER_INPUT');
      expect((e as DomainError).message).toContain(kind);
      expect((e as DomainError).message).toContain(named);
    }
  });

  it('an unknown kind string is refused the same way', () => {
    expect(() => evaluate('2023', 'FOCUS_CONFORMANT' as CertificationKind)).toThrow(/Unknown certification kind.*PLATFORM, SPECIALTY_SOLUTION/);
  });
});

describe('outcome', () => {
  it('NOT_ELIGIBLE beats NEEDS_REVIEW: any NOT_MET decides', () => {
    const base = eligibleFacts('2023', 'PLATFORM');
    const evaluation = evaluate('2023', 'PLATFORM', {
      ...base,
      linuxFoundationMember: false,
      evidence: base.evidence!.map((e) => (e.code === 'RECORDED_DEMO' ? { ...e, status: 'UNVETTED' as const } : e)),
    });
    expect(evaluation.requirements.map((r) => r.status)).toContain('NEEDS_REVIEW');
    expect(evaluation.outcome).toBe('NOT_ELIGIBLE');
  });

  it('NEEDS_REVIEW when nothing is NOT_MET but something still needs a reviewer', () => {
    const base = eligibleFacts('2023', 'PLATFORM');
    const evaluation = evaluate('2023', 'PLATFORM', {
      ...base,
      evidence: base.evidence!.map((e) => (e.code === 'RECORDED_DEMO' ? { ...e, status: 'UNVETTED' as const } : e)),
    });
    expect(evaluation.outcome).toBe('NEEDS_REVIEW');
  });
});
