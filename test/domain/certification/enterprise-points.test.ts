import { describe, expect, it } from 'vitest';
import { evaluateCertification } from '../../../src/domain/certification/evaluate-certification';
import type { ActivityFact, Evaluation, PersonFact } from '../../../src/domain/certification/evaluation-types';
import { parseRulebook } from '../../../src/domain/certification/parse-rulebook';
import { AS_OF, activity, credential, evaluate, facts, person, readSeed, requirement, staff } from './fixtures';

const category = (evaluation: Evaluation, code: string) => evaluation.points?.categories.find((c) => c.category === code);
const enterprise = (people: PersonFact[], activities: ActivityFact[], slug: '2023' | '2025' = '2023') =>
  evaluate(slug, 'ENTERPRISE', { people, activities });
const times = (n: number, code: string, date = '2025-01-01') => Array.from({ length: n }, () => activity(code, date));

describe('every category at and over its cap', () => {
  it.each([
    ['TRAINING', 'at the cap: 2 Professionals', staff(2, ['PROFESSIONAL']), [], { earned: 50, counted: 50, cap: 50, lostToCap: 0 }],
    [
      'TRAINING',
      'over: 2 Professionals + 1 Practitioner',
      [...staff(2, ['PROFESSIONAL']), person(['PRACTITIONER'])],
      [],
      { earned: 55, counted: 50, cap: 50, lostToCap: 5 },
    ],
    [
      'TRAINING',
      'persona training and meetup organizers (3 each)',
      [person(['PERSONA_TRAINING', 'MEETUP_ORGANIZER']), person(['PERSONA_TRAINING'])],
      [],
      { earned: 9, counted: 9, cap: 50, lostToCap: 0 },
    ],
    [
      'DEMONSTRATE_FINOPS_PROGRAM',
      'at the cap: all three once',
      [],
      [activity('PROGRAM_OVERVIEW_INTERVIEW'), activity('LESSONS_LEARNED_STORY'), activity('FINOPS_ASSESSMENT')],
      { earned: 25, counted: 25, cap: 25, lostToCap: 0 },
    ],
    [
      'DEMONSTRATE_FINOPS_PROGRAM',
      'repeats count once (cannot go over)',
      [],
      [...times(3, 'PROGRAM_OVERVIEW_INTERVIEW'), ...times(2, 'LESSONS_LEARNED_STORY'), ...times(2, 'FINOPS_ASSESSMENT')],
      { earned: 25, counted: 25, cap: 25, lostToCap: 0 },
    ],
    [
      'F2_PARTICIPATION',
      'at the cap: 2 leads + a TAC seat',
      [],
      [...times(2, 'LEAD_WORKING_GROUP'), activity('TAC_SEAT')],
      { earned: 50, counted: 50, cap: 50, lostToCap: 0 },
    ],
    [
      'F2_PARTICIPATION',
      'over: every row per occurrence',
      [],
      [
        ...times(2, 'LEAD_WORKING_GROUP'),
        activity('TAC_SEAT'),
        activity('OPEN_SOURCE_MATERIALS'),
        activity('WORKING_GROUP_CONTRIBUTOR'),
        activity('SPECIAL_INITIATIVE'),
        activity('AMBASSADOR'),
      ],
      { earned: 75, counted: 50, cap: 50, lostToCap: 25 },
    ],
    [
      'INTERACT_WITH_VENDOR_MEMBERS',
      'at the cap: platform + service provider',
      [],
      [activity('USES_CERTIFIED_PLATFORM'), activity('USED_CERTIFIED_SERVICE_PROVIDER')],
      { earned: 30, counted: 30, cap: 30, lostToCap: 0 },
    ],
    [
      'INTERACT_WITH_VENDOR_MEMBERS',
      'over: + a validated internal tool',
      [],
      [activity('USES_CERTIFIED_PLATFORM'), activity('USED_CERTIFIED_SERVICE_PROVIDER'), activity('INTERNAL_FINOPS_TOOL', '2025-01-01', true)],
      { earned: 45, counted: 30, cap: 30, lostToCap: 15 },
    ],
    [
      'INTERACT_WITH_VENDOR_MEMBERS',
      'once-only: two platforms are still 15',
      [],
      times(2, 'USES_CERTIFIED_PLATFORM'),
      { earned: 15, counted: 15, cap: 30, lostToCap: 0 },
    ],
    ['SHARE_KNOWLEDGE', 'at the cap: 3 breakouts', [], times(3, 'FINOPS_X_BREAKOUT'), { earned: 30, counted: 30, cap: 30, lostToCap: 0 }],
    [
      'SHARE_KNOWLEDGE',
      'over: 2 breakouts, 1 F2 talk, 1 other talk',
      [],
      [...times(2, 'FINOPS_X_BREAKOUT'), activity('F2_EVENT_TALK'), activity('NON_F2_EVENT_TALK')],
      { earned: 35, counted: 30, cap: 30, lostToCap: 5 },
    ],
  ] as [string, string, PersonFact[], ActivityFact[], object][])('%s, %s', (code, _name, people, activities, expected) => {
    const evaluation = enterprise(people, activities);
    expect(category(evaluation, code)).toEqual({ category: code, ...expected });
    // The total is the sum of the capped categories.
    expect(evaluation.points?.total).toBe(evaluation.points?.categories.reduce((s, c) => s + c.counted, 0));
  });

  it('the explanation shows what was lost to the cap', () => {
    const r = requirement(enterprise([...staff(2, ['PROFESSIONAL']), person(['PRACTITIONER'])], []), 'ENTERPRISE_POINTS');
    expect(r.explanation).toContain(
      'Training 50 of cap 50 (PROFESSIONAL_CERTIFICATION 2×25, PRACTITIONER_CERTIFICATION 1×5; 55 earned, 5 lost to the cap)',
    );
  });
});

describe('Training rows: per counted person, per credential held', () => {
  it.each([
    ['Professional + Practitioner in one person earns 25 + 5', 30, [person(['PROFESSIONAL', 'PRACTITIONER'])]],
    ['a Practitioner', 5, [person(['PRACTITIONER'])]],
    ['an expired Professional', 0, [person([credential('PROFESSIONAL', '2022-01-01', AS_OF)])]],
    ['a future Professional', 0, [person([credential('PROFESSIONAL', '2025-07-01')])]],
    ['a former employee', 0, [person(['PROFESSIONAL'], { employedUntil: '2025-06-29' })]],
    ['a future hire', 0, [person(['PROFESSIONAL'], { employedFrom: '2025-07-01' })]],
    ['an Engineer (no Training row)', 0, [person(['ENGINEER'])]],
  ] as [string, number, PersonFact[]][])('%s → %i', (_name, earned, people) => {
    expect(category(enterprise(people, []), 'TRAINING')?.earned).toBe(earned);
  });

  it('recorded activities with a Training code earn nothing (they come from credentials) and are reported', () => {
    const evaluation = enterprise([], [activity('PROFESSIONAL_CERTIFICATION'), activity('PRACTITIONER_CERTIFICATION')]);
    expect(category(evaluation, 'TRAINING')?.earned).toBe(0);
    expect(requirement(evaluation, 'ENTERPRISE_POINTS').explanation).toContain('2 recorded activities');
  });
});

describe('windows and dates', () => {
  it.each([
    ['FINOPS_ASSESSMENT', '2024-07-01', 5, 'DEMONSTRATE_FINOPS_PROGRAM'],
    ['FINOPS_ASSESSMENT', '2024-06-30', 0, 'DEMONSTRATE_FINOPS_PROGRAM'],
    ['FINOPS_ASSESSMENT', '2025-07-01', 0, 'DEMONSTRATE_FINOPS_PROGRAM'],
    ['USED_CERTIFIED_SERVICE_PROVIDER', '2024-07-01', 15, 'INTERACT_WITH_VENDOR_MEMBERS'],
    ['USED_CERTIFIED_SERVICE_PROVIDER', '2024-06-30', 0, 'INTERACT_WITH_VENDOR_MEMBERS'],
    ['USES_CERTIFIED_PLATFORM', '2019-01-01', 15, 'INTERACT_WITH_VENDOR_MEMBERS'],
    ['PROGRAM_OVERVIEW_INTERVIEW', '2019-01-01', 10, 'DEMONSTRATE_FINOPS_PROGRAM'],
    ['LEAD_WORKING_GROUP', '2025-07-01', 0, 'F2_PARTICIPATION'],
    ['FINOPS_X_BREAKOUT', '2018-06-01', 10, 'SHARE_KNOWLEDGE'],
  ])('%s dated %s → %i in %s', (code, date, earned, categoryCode) => {
    expect(category(enterprise([], [activity(code, date)]), categoryCode)?.earned).toBe(earned);
  });
});

// A base of 85 validated points: Training 50, Demonstrate 25, Share Knowledge 10.
const base85 = {
  people: staff(2, ['PROFESSIONAL']),
  activities: [
    activity('PROGRAM_OVERVIEW_INTERVIEW'),
    activity('LESSONS_LEARNED_STORY'),
    activity('FINOPS_ASSESSMENT'),
    activity('FINOPS_X_BREAKOUT'),
  ],
};

describe('ENTERPRISE_POINTS: 100 after caps', () => {
  it.each([
    ['95', 'NOT_MET', 'needs 5 more points', 95, times(2, 'NON_F2_EVENT_TALK')],
    ['100', 'MET', null, 100, [activity('USES_CERTIFIED_PLATFORM')]],
  ] as const)('%s points → %s', (_name, status, shortfall, total, extra) => {
    const evaluation = enterprise(base85.people, [...base85.activities, ...extra]);
    expect(evaluation.points?.total).toBe(total);
    expect(requirement(evaluation, 'ENTERPRISE_POINTS')).toMatchObject({ status, shortfall });
  });

  const tool = (validated: boolean) => activity('INTERNAL_FINOPS_TOOL', '2025-01-01', validated);
  it.each([
    ['an unvalidated internal tool that alone would make 100', 'NEEDS_REVIEW', 85, base85.activities, [tool(false)]],
    ['the same tool once validated', 'MET', 100, base85.activities, [tool(true)]],
    ['an unvalidated tool when the total passes without it', 'MET', 100, base85.activities, [activity('USES_CERTIFIED_PLATFORM'), tool(false)]],
    ['an unvalidated tool that would not be enough (70 + 15)', 'NOT_MET', 70, base85.activities.slice(0, 2), [tool(false)]],
    // 50 + 5 + 30 = 85; +15 would be 100 uncapped, but its category is already at its cap of 30.
    [
      'an unvalidated tool in an already full category',
      'NOT_MET',
      85,
      [activity('FINOPS_ASSESSMENT')],
      [activity('USES_CERTIFIED_PLATFORM'), activity('USED_CERTIFIED_SERVICE_PROVIDER'), tool(false)],
    ],
  ] as [string, string, number, ActivityFact[], ActivityFact[]][])('%s → %s (total %i)', (_name, status, total, activities, extra) => {
    const evaluation = enterprise(base85.people, [...activities, ...extra]);
    const r = requirement(evaluation, 'ENTERPRISE_POINTS');
    expect(evaluation.points?.total).toBe(total);
    expect(r.status).toBe(status);
    if (status === 'NEEDS_REVIEW') {
      expect(r.explanation).toContain('INTERNAL_FINOPS_TOOL (15 points)');
      expect(r.explanation).toContain('waits for validation');
      expect(evaluation.outcome).toBe('NEEDS_REVIEW');
    }
  });

  it('an internal tool is ignored for the total even in the points breakdown', () => {
    const evaluation = enterprise([], [activity('INTERNAL_FINOPS_TOOL', '2025-01-01', false)]);
    expect(category(evaluation, 'INTERACT_WITH_VENDOR_MEMBERS')?.earned).toBe(0);
  });

  it('the validated flag does not matter for activities that need no validation', () => {
    expect(category(enterprise([], [activity('USES_CERTIFIED_PLATFORM', '2025-01-01', false)]), 'INTERACT_WITH_VENDOR_MEMBERS')?.earned).toBe(15);
  });
});

describe('ENTERPRISE_PROGRAM_POINTS: at least 15 from Demonstrate FinOps Program after its cap', () => {
  const rich = { people: staff(2, ['PROFESSIONAL']), activities: [...times(2, 'LEAD_WORKING_GROUP'), ...times(3, 'FINOPS_X_BREAKOUT')] }; // 130 without Demonstrate

  it.each([
    ['nothing', 0, 'NOT_MET', 'needs 15 more points from Demonstrate FinOps Program', []],
    ['the interview (10)', 10, 'NOT_MET', 'needs 5 more points from Demonstrate FinOps Program', [activity('PROGRAM_OVERVIEW_INTERVIEW')]],
    ['interview + assessment (15)', 15, 'MET', null, [activity('PROGRAM_OVERVIEW_INTERVIEW'), activity('FINOPS_ASSESSMENT')]],
    [
      'interview + a stale assessment',
      10,
      'NOT_MET',
      'needs 5 more points from Demonstrate FinOps Program',
      [activity('PROGRAM_OVERVIEW_INTERVIEW'), activity('FINOPS_ASSESSMENT', '2024-06-30')],
    ],
  ] as const)('%s → %i (%s)', (_name, programPoints, status, shortfall, extra) => {
    const evaluation = enterprise(rich.people, [...rich.activities, ...extra]);
    expect(evaluation.points?.programPoints).toBe(programPoints);
    expect(requirement(evaluation, 'ENTERPRISE_POINTS').status).toBe('MET');
    expect(requirement(evaluation, 'ENTERPRISE_PROGRAM_POINTS')).toMatchObject({ status, shortfall });
  });

  // The shipped rows (10, 10, 5) cannot add up to 14, so the 14-vs-15 edge is checked on a program
  // variant whose interview is worth 14 (and one whose interview alone exceeds the cap).
  function variant(interviewPoints: number) {
    const data = JSON.parse(JSON.stringify(readSeed('2023'))) as any;
    data.pointsTables[0].categories[1].activities[0].points = interviewPoints;
    return parseRulebook('variant.json', data);
  }
  const run = (interviewPoints: number, extra: ActivityFact[] = []) =>
    evaluateCertification({
      program: variant(interviewPoints),
      kind: 'ENTERPRISE',
      asOf: AS_OF,
      edition: '2023',
      facts: facts({ people: rich.people, activities: [...rich.activities, activity('PROGRAM_OVERVIEW_INTERVIEW'), ...extra] }),
    });

  it.each([
    [14, 'NOT_MET', 'needs 1 more point from Demonstrate FinOps Program'],
    [15, 'MET', null],
  ] as const)('%i points from the category → %s', (points, status, shortfall) => {
    expect(requirement(run(points), 'ENTERPRISE_PROGRAM_POINTS')).toMatchObject({ status, shortfall });
  });

  it('counts the category after its cap', () => {
    const evaluation = run(24, [activity('LESSONS_LEARNED_STORY')]);
    expect(category(evaluation, 'DEMONSTRATE_FINOPS_PROGRAM')).toMatchObject({ earned: 34, counted: 25, lostToCap: 9 });
    expect(evaluation.points?.programPoints).toBe(25);
  });
});

describe('program 2025 Enterprise', () => {
  it('uses the same points table and adds Linux Foundation membership; no headcount', () => {
    const people = staff(2, ['PROFESSIONAL']);
    const activities = [...base85.activities, activity('USES_CERTIFIED_PLATFORM')];
    const e2023 = enterprise(people, activities, '2023');
    const e2025 = enterprise(people, activities, '2025');
    expect(e2025.points).toEqual(e2023.points);
    expect(e2025.headcount).toBeNull();
    expect(e2025.outcome).toBe('ELIGIBLE');
    const noLf = evaluate('2025', 'ENTERPRISE', { people, activities, linuxFoundationMember: false });
    expect(requirement(noLf, 'LF_MEMBERSHIP').status).toBe('NOT_MET');
    expect(noLf.outcome).toBe('NOT_ELIGIBLE');
  });

  it.each([
    ['PREMIER', 'MET'],
    ['GENERAL', 'MET'],
    [null, 'NOT_MET'],
  ] as const)('membership %s → GENERAL_OR_PREMIER_MEMBERSHIP %s', (finopsMembership, status) => {
    expect(requirement(evaluate('2025', 'ENTERPRISE', { finopsMembership }), 'GENERAL_OR_PREMIER_MEMBERSHIP').status).toBe(status);
  });
});

describe('the 2023 Enterprise also needs the headcount', () => {
  it('points alone are not enough', () => {
    const people: PersonFact[] = [person(['PROFESSIONAL'])];
    const evaluation = evaluate('2023', 'ENTERPRISE', {
      companySize: 1200,
      people,
      activities: [
        activity('PROGRAM_OVERVIEW_INTERVIEW'),
        activity('LESSONS_LEARNED_STORY'),
        activity('FINOPS_ASSESSMENT'),
        ...times(3, 'LEAD_WORKING_GROUP'),
        activity('USES_CERTIFIED_PLATFORM'),
      ],
    });
    expect(requirement(evaluation, 'ENTERPRISE_POINTS').status).toBe('MET');
    expect(requirement(evaluation, 'INDIVIDUAL_CERTIFICATIONS')).toMatchObject({
      status: 'NOT_MET',
      shortfall: 'needs 30 more Practitioner-equivalents',
    });
    expect(evaluation.outcome).toBe('NOT_ELIGIBLE');
  });
});
