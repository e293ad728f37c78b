import { describe, expect, it } from 'vitest';
import type { CredentialKind } from '../../../src/domain/membership/membership';
import type { CertificationKind } from '../../../src/domain/certification/vocabulary';
import { AS_OF, credential, evaluate, person, requirement, staff } from './fixtures';

describe('program 2023 tiers (Practitioner-equivalents), each at its edges', () => {
  it.each([
    [0, 3, 'fewer than 100'],
    [1, 3, 'fewer than 100'],
    [99, 3, 'fewer than 100'],
    [100, 10, '100–499'],
    [499, 10, '100–499'],
    [500, 35, '500–4,999'],
    [4999, 35, '500–4,999'],
    [5000, 50, '5,000 or more'],
    [250000, 50, '5,000 or more'],
  ])('company size %i needs %i (%s)', (companySize, required, label) => {
    const evaluation = evaluate('2023', 'PLATFORM', { companySize });
    expect(evaluation.headcount?.columns).toEqual([{ credential: 'PRACTITIONER_EQUIVALENT', required, counted: 0, shortfall: required }]);
    expect(requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS').explanation).toContain(`"${label}"`);
  });

  it.each([
    [99, 2, 'NOT_MET', 'needs 1 more Practitioner-equivalent'],
    [99, 3, 'MET', null],
    [100, 9, 'NOT_MET', 'needs 1 more Practitioner-equivalent'],
    [100, 10, 'MET', null],
    [500, 34, 'NOT_MET', 'needs 1 more Practitioner-equivalent'],
    [4999, 32, 'NOT_MET', 'needs 3 more Practitioner-equivalents'],
    [5000, 49, 'NOT_MET', 'needs 1 more Practitioner-equivalent'],
    [5000, 50, 'MET', null],
  ])('size %i with %i Practitioners: %s', (companySize, practitioners, status, shortfall) => {
    const r = requirement(evaluate('2023', 'PLATFORM', { companySize, people: staff(practitioners, ['PRACTITIONER']) }), 'INDIVIDUAL_CERTIFICATIONS');
    expect(r.status).toBe(status);
    expect(r.shortfall).toBe(shortfall);
  });

  it('the same table applies to every 2023 kind', () => {
    for (const kind of ['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE'] as CertificationKind[]) {
      expect(evaluate('2023', kind, { companySize: 1200 }).headcount?.columns[0]?.required).toBe(35);
    }
  });

  it('an unconfirmed row says it carries over from 2021', () => {
    expect(requirement(evaluate('2023', 'PLATFORM', { companySize: 10 }), 'INDIVIDUAL_CERTIFICATIONS').explanation).toContain(
      'not confirmed for 2023',
    );
  });
});

describe('program 2023 counting: Professional worth 5, never more than 5 per person', () => {
  it.each([
    ['a Practitioner', 1, [['PRACTITIONER']]],
    ['a Professional', 5, [['PROFESSIONAL']]],
    ['one person with both', 5, [['PROFESSIONAL', 'PRACTITIONER']]],
    ['a Professional and a Practitioner (two people)', 6, [['PROFESSIONAL'], ['PRACTITIONER']]],
    ['two Professionals', 10, [['PROFESSIONAL'], ['PROFESSIONAL']]],
    ['a renewed Practitioner recorded twice', 1, [['PRACTITIONER', 'PRACTITIONER']]],
    ['credentials that do not count (Engineer, FOCUS Analyst, Instructor)', 0, [['ENGINEER'], ['FOCUS_ANALYST'], ['INSTRUCTOR']]],
    ['nobody', 0, []],
  ] as [string, number, CredentialKind[][]][])('%s counts %i', (_name, counted, people) => {
    const evaluation = evaluate('2023', 'PLATFORM', { people: people.map((held) => person(held)) });
    expect(evaluation.headcount?.columns[0]?.counted).toBe(counted);
  });

  it('explains who counted how much', () => {
    const r = requirement(
      evaluate('2023', 'PLATFORM', { people: [person(['PROFESSIONAL', 'PRACTITIONER']), person(['PRACTITIONER'])] }),
      'INDIVIDUAL_CERTIFICATIONS',
    );
    expect(r.explanation).toContain('1 person holding Professional and Practitioner (5 each)');
    expect(r.explanation).toContain('1 person holding Practitioner (1 each)');
    expect(r.explanation).toContain('at most 5');
  });
});

describe('as of: which credentials and which people count', () => {
  it.each([
    ['valid, no expiry', 1, person([credential('PRACTITIONER', '2024-01-01', null)])],
    ['awarded on the as-of day', 1, person([credential('PRACTITIONER', AS_OF, null)])],
    ['awarded the day after (a future credential)', 0, person([credential('PRACTITIONER', '2025-07-01', null)])],
    ['expires on the as-of day (expiresOn is exclusive)', 0, person([credential('PRACTITIONER', '2023-06-30', AS_OF)])],
    ['expires the day after the as-of day', 1, person([credential('PRACTITIONER', '2023-07-01', '2025-07-01')])],
    ['expired last year', 0, person([credential('PRACTITIONER', '2022-01-01', '2024-01-01')])],
    [
      'an expired Professional leaves a valid Practitioner',
      1,
      person([credential('PROFESSIONAL', '2022-01-01', '2024-01-01'), credential('PRACTITIONER')]),
    ],
    ['employed from the as-of day', 1, person(['PRACTITIONER'], { employedFrom: AS_OF })],
    ['a future hire (employed from tomorrow)', 0, person(['PRACTITIONER'], { employedFrom: '2025-07-01' })],
    ['last day is the as-of day (employedUntil inclusive)', 1, person(['PRACTITIONER'], { employedUntil: AS_OF })],
    ['a former employee (left yesterday)', 0, person(['PRACTITIONER'], { employedUntil: '2025-06-29' })],
    ['employed within both dates', 1, person(['PRACTITIONER'], { employedFrom: '2020-01-01', employedUntil: '2030-01-01' })],
  ])('%s → counts %i', (_name, counted, who) => {
    expect(evaluate('2023', 'PLATFORM', { people: [who] }).headcount?.columns[0]?.counted).toBe(counted);
  });

  it('the same facts on an earlier as-of date count what was true then', () => {
    const people = [person([credential('PROFESSIONAL', '2024-01-01', '2025-01-01')], { employedUntil: '2024-12-31' })];
    expect(evaluate('2023', 'PLATFORM', { people }, '2024-06-30').headcount?.columns[0]?.counted).toBe(5);
    expect(evaluate('2023', 'PLATFORM', { people }, AS_OF).headcount?.columns[0]?.counted).toBe(0);
  });
});

describe("company size is the parent's", () => {
  it("a 100-person unit of a 1,500-person parent is judged on 1,500 (the caller passes the parent's count)", () => {
    // companySize() from the membership domain picks the parent's count; the evaluator uses what it is given.
    const evaluation = evaluate('2023', 'PLATFORM', { companySize: 1500, people: staff(10, ['PRACTITIONER']) });
    expect(evaluation.headcount).toMatchObject({ companySize: 1500, columns: [{ required: 35, counted: 10, shortfall: 25 }] });
    expect(requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS').status).toBe('NOT_MET');
  });

  it.each([-1, 1.5, Number.NaN])('company size %s is refused', (companySize) => {
    expect(() => evaluate('2023', 'PLATFORM', { companySize })).toThrow(/companySize/);
  });
});

describe('program 2025 tiers: separate columns per kind, at each edge', () => {
  it.each([
    ['PLATFORM', 0, [5, 1, 2]],
    ['PLATFORM', 99, [5, 1, 2]],
    ['PLATFORM', 100, [10, 2, 3]],
    ['PLATFORM', 499, [10, 2, 3]],
    ['PLATFORM', 500, [50, 3, 15]],
    ['PLATFORM', 4999, [50, 3, 15]],
    ['PLATFORM', 5000, [100, 5, 30]],
    ['SERVICE_PROVIDER', 1, [5, 1, 3]],
    ['SERVICE_PROVIDER', 99, [5, 1, 3]],
    ['SERVICE_PROVIDER', 100, [10, 2, 5]],
    ['SERVICE_PROVIDER', 499, [10, 2, 5]],
    ['SERVICE_PROVIDER', 500, [50, 3, 25]],
    ['SERVICE_PROVIDER', 4999, [50, 3, 25]],
    ['SERVICE_PROVIDER', 5000, [100, 5, 50]],
  ] as [CertificationKind, number, number[]][])('%s, company size %i needs %j', (kind, companySize, required) => {
    const columns = evaluate('2025', kind, { companySize }).headcount?.columns;
    expect(columns?.map((c) => c.credential)).toEqual(['PRACTITIONER', 'PROFESSIONAL', 'FOCUS_ANALYST']);
    expect(columns?.map((c) => c.required)).toEqual(required);
  });

  it('2025 Enterprise has no headcount requirement at all', () => {
    const evaluation = evaluate('2025', 'ENTERPRISE', { companySize: 100000 });
    expect(evaluation.headcount).toBeNull();
    expect(evaluation.requirements.map((r) => r.code)).not.toContain('INDIVIDUAL_CERTIFICATIONS');
  });
});

describe('program 2025 counting: per person per column, no substitution', () => {
  it.each([
    ['a Professional does not count as Practitioners', [0, 1, 0], [['PROFESSIONAL']]],
    ['one person with all three counts in all three columns', [1, 1, 1], [['PRACTITIONER', 'PROFESSIONAL', 'FOCUS_ANALYST']]],
    ['a person with Practitioner and FOCUS Analyst', [1, 0, 1], [['PRACTITIONER', 'FOCUS_ANALYST']]],
    ['the same credential twice counts once', [0, 0, 1], [['FOCUS_ANALYST', 'FOCUS_ANALYST']]],
    ['Engineers count nowhere', [0, 0, 0], [['ENGINEER']]],
  ] as [string, number[], CredentialKind[][]][])('%s → %j', (_name, counted, people) => {
    const columns = evaluate('2025', 'PLATFORM', { people: people.map((held) => person(held)) }).headcount?.columns;
    expect(columns?.map((c) => c.counted)).toEqual(counted);
  });

  it('MET only when every column is met; the shortfall names only short columns', () => {
    const enough = [...staff(4, ['PRACTITIONER']), person(['PRACTITIONER', 'PROFESSIONAL', 'FOCUS_ANALYST']), person(['FOCUS_ANALYST'])];
    expect(requirement(evaluate('2025', 'PLATFORM', { companySize: 50, people: enough }), 'INDIVIDUAL_CERTIFICATIONS')).toMatchObject({
      status: 'MET',
      shortfall: null,
    });
    const oneShort = enough.slice(1);
    const r = requirement(evaluate('2025', 'PLATFORM', { companySize: 50, people: oneShort }), 'INDIVIDUAL_CERTIFICATIONS');
    expect(r).toMatchObject({ status: 'NOT_MET', shortfall: 'needs 1 more Practitioner' });
    expect(r.explanation).toContain('one person may count in several columns');
  });

  it('former employees and expired credentials drop out of every column', () => {
    const people = [
      person(['PRACTITIONER', 'PROFESSIONAL', 'FOCUS_ANALYST'], { employedUntil: '2025-01-31' }),
      person([credential('FOCUS_ANALYST', '2023-01-01', AS_OF), 'PRACTITIONER']),
    ];
    expect(evaluate('2025', 'SERVICE_PROVIDER', { people }).headcount?.columns.map((c) => c.counted)).toEqual([1, 0, 0]);
  });
});
