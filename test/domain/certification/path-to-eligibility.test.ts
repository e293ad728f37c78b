import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCoverage, type EditionStructure } from '../../../src/domain/coverage/compute-coverage';
import type { CredentialKind } from '../../../src/domain/membership/membership';
import { evaluateCertification } from '../../../src/domain/certification/evaluate-certification';
import type { OrganizationFacts } from '../../../src/domain/certification/evaluation-types';
import { type PathInput, type PathStep, planPathToEligibility } from '../../../src/domain/certification/path-to-eligibility';
import type { CertificationKind } from '../../../src/domain/certification/vocabulary';
import { AS_OF, activity, evidence, facts, loadProgram, person, staff } from './fixtures';

// The path to eligibility must be right, not plausible: doing exactly what its steps say, and
// nothing more, makes the organization ELIGIBLE, and doing one less of any step does not. The steps
// are applied here by this file's own reading of them (not by the planner's), to facts generated at
// random for every kind of both programs, and to hand-made cases whose answers are written out.

function structureOf(edition: string): EditionStructure {
  const file = path.resolve(__dirname, `../../../seeds/framework/editions/${edition}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { domains: { slug: string }[]; capabilities: { slug: string; domains: string[] }[] };
  return {
    domains: data.domains.map((d) => ({ id: d.slug, slug: d.slug })),
    capabilities: data.capabilities.map((c) => ({ id: c.slug, slug: c.slug, domainIds: c.domains })),
  };
}
const STRUCTURES: Record<string, EditionStructure> = { '2023': structureOf('2023'), '2025': structureOf('2025') };

function coverageOf(edition: string, covered: string[]) {
  const c = computeCoverage(STRUCTURES[edition], covered);
  return { domains: c.domains, capabilities: c.capabilities, meetsMost: c.meetsMost };
}

/** This test's own reading of a step: what "adding exactly what it says" means. */
function applySteps(input: PathInput, steps: PathStep[]): OrganizationFacts {
  const f: OrganizationFacts = structuredClone(input.facts);
  for (const s of steps) {
    if (s.requirement === 'TARGET_CAPABILITY_MAPPING' && f.targetCapabilities.length === 0) f.targetCapabilities = [...s.capabilities];
    if (s.action === 'JOIN_MEMBERSHIP') {
      if (s.code === 'LINUX_FOUNDATION') f.linuxFoundationMember = true;
      else f.finopsMembership = 'GENERAL';
    } else if (s.action === 'ADD_CREDENTIALS') {
      for (let i = 0; i < s.quantity; i++) f.people.push(person([{ kind: s.credential!, awardedOn: input.asOf, expiresOn: null }]));
    } else if (s.action === 'ADD_EVIDENCE') {
      for (let i = 0; i < s.quantity; i++) f.evidence.push(evidence(s.code!, input.asOf, 'VETTED'));
    } else if (s.action === 'ADD_ACTIVITIES') {
      for (const a of s.activities) for (let i = 0; i < a.count; i++) f.activities.push(activity(a.code, input.asOf, true));
    } else if (s.action === 'MAP_CAPABILITIES' || (s.action === 'GET_REVIEWED' && s.reviewOf === 'MAPPING')) {
      f.coveredCapabilities = [...new Set([...f.coveredCapabilities, ...s.capabilities])];
    } else if (s.action === 'GET_REVIEWED' && s.reviewOf === 'EVIDENCE') {
      const waiting = f.evidence.filter((e) => e.code === s.code && e.status === 'UNVETTED' && e.date <= input.asOf);
      waiting.slice(0, s.quantity).forEach((e) => (e.status = 'VETTED'));
    } else if (s.action === 'GET_REVIEWED' && s.reviewOf === 'ACTIVITY') {
      const waiting = f.activities.filter((a) => a.code === s.code && !a.validated && a.date <= input.asOf);
      waiting.slice(0, s.quantity).forEach((a) => (a.validated = true));
    }
  }
  if (steps.some((s) => s.capabilities.length > 0)) f.coverage = coverageOf(input.edition, f.coveredCapabilities);
  return f;
}

function outcomeAfter(input: PathInput, steps: PathStep[]): string {
  return evaluateCertification({ ...input, facts: applySteps(input, steps) }).outcome;
}

/** Every way of doing one unit less of one step. */
function oneLess(steps: PathStep[]): { what: string; steps: PathStep[] }[] {
  const variants: { what: string; steps: PathStep[] }[] = [];
  steps.forEach((s, i) => {
    const replace = (changed: PathStep | null, what: string) =>
      variants.push({ what: `${s.requirement} ${s.action} ${what}`, steps: steps.flatMap((x, j) => (j === i ? (changed ? [changed] : []) : [x])) });
    if (s.action === 'ADD_ACTIVITIES') {
      s.activities.forEach((a, k) =>
        replace({ ...s, activities: s.activities.map((b, m) => (m === k ? { ...b, count: b.count - 1 } : b)) }, `one ${a.code} less`),
      );
    } else if (s.capabilities.length > 0 && s.quantity > 0) {
      s.capabilities.forEach((c) => replace({ ...s, capabilities: s.capabilities.filter((x) => x !== c), quantity: s.quantity - 1 }, `without ${c}`));
    } else if (s.action === 'JOIN_MEMBERSHIP') {
      replace(null, 'skipped');
    } else if (s.quantity > 0) {
      replace({ ...s, quantity: s.quantity - 1 }, `quantity ${s.quantity - 1}`);
    }
  });
  return variants;
}

// ------------------------------------------------------------------------------ generated facts

function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const chance = (p: number) => next() < p;
  return { int, pick, chance };
}

const CREDENTIALS: CredentialKind[] = [
  'PRACTITIONER',
  'PROFESSIONAL',
  'FOCUS_ANALYST',
  'INSTRUCTOR',
  'PERSONA_TRAINING',
  'MEETUP_ORGANIZER',
  'ENGINEER',
];
const EVIDENCE_CODES = [
  'SLACK_SUPPORT_CHANNEL',
  'RECORDED_DEMO',
  'SERVICES_DESCRIPTION',
  'SERVICES_FRAMEWORK_ALIGNMENT',
  'TRAINING_PARTNER_CONTRACT',
  'FOCUS_CRITERIA',
  'COMMUNITY_CRITERIA',
  'OPEN_SOURCE_MATERIALS',
  'CUSTOMER_CASE_STUDIES',
  'WORKING_GROUP_CONTRIBUTOR',
  'BLOG_OR_PODCAST',
  'FOCUS_PARTICIPATION',
  'TAC_OR_BOARD_SEAT',
];
const ACTIVITY_CODES = [
  'PROGRAM_OVERVIEW_INTERVIEW',
  'LESSONS_LEARNED_STORY',
  'FINOPS_ASSESSMENT',
  'LEAD_WORKING_GROUP',
  'TAC_SEAT',
  'OPEN_SOURCE_MATERIALS',
  'WORKING_GROUP_CONTRIBUTOR',
  'SPECIAL_INITIATIVE',
  'AMBASSADOR',
  'USES_CERTIFIED_PLATFORM',
  'USED_CERTIFIED_SERVICE_PROVIDER',
  'INTERNAL_FINOPS_TOOL',
  'FINOPS_X_BREAKOUT',
  'F2_EVENT_TALK',
  'NON_F2_EVENT_TALK',
];
const DATES = ['2022-01-15', '2024-05-01', '2024-07-01', '2025-01-10', '2025-06-30', '2025-09-01'];

function generated(seed: number, program: '2023' | '2025', kind: CertificationKind): PathInput {
  const r = random(seed);
  const edition = program;
  const structure = STRUCTURES[edition];
  const slugs = structure.capabilities.map((c) => c.slug);
  const covered = slugs.filter(() => r.chance(r.pick([0.1, 0.3, 0.5, 0.7])));
  const pending = slugs.filter((s) => !covered.includes(s) && r.chance(0.25));
  const people = Array.from({ length: r.int(0, r.pick([3, 12, 40, 90])) }, () =>
    person(
      CREDENTIALS.filter(() => r.chance(0.3)).map((kind) => ({ kind, awardedOn: r.pick(DATES), expiresOn: r.chance(0.2) ? r.pick(DATES) : null })),
      { employedFrom: r.chance(0.1) ? '2025-09-01' : null, employedUntil: r.chance(0.1) ? '2024-12-31' : null },
    ),
  );
  const f = facts({
    companySize: r.pick([12, 80, 150, 499, 500, 1200, 4999, 5000, 12000]),
    finopsMembership: r.pick(['PREMIER', 'GENERAL', null] as const),
    linuxFoundationMember: r.chance(0.7),
    people,
    evidence: Array.from({ length: r.int(0, 14) }, () =>
      evidence(r.pick(EVIDENCE_CODES), r.pick(DATES), r.pick(['VETTED', 'UNVETTED', 'REJECTED'] as const)),
    ),
    activities: Array.from({ length: r.int(0, 12) }, () => activity(r.pick(ACTIVITY_CODES), r.pick(DATES), r.chance(0.6))),
    coveredCapabilities: covered,
    coverage: r.chance(0.9) ? coverageOf(edition, covered) : null,
    targetCapabilities: kind === 'SPECIALTY_SOLUTION' ? slugs.filter(() => r.chance(0.15)) : [],
  });
  if (f.coverage === null) f.coveredCapabilities = [];
  return { program: loadProgram(program), kind, asOf: AS_OF, edition, facts: f, structure, pendingCapabilities: pending };
}

const KINDS: ['2023' | '2025', CertificationKind][] = [
  ['2023', 'PLATFORM'],
  ['2023', 'SPECIALTY_SOLUTION'],
  ['2023', 'SERVICE_PROVIDER'],
  ['2023', 'TRAINING_PARTNER'],
  ['2023', 'ENTERPRISE'],
  ['2025', 'PLATFORM'],
  ['2025', 'SERVICE_PROVIDER'],
  ['2025', 'ENTERPRISE'],
];
const PER_KIND = 60;

describe('path to eligibility: generated organizations of every kind and both programs', () => {
  it.each(KINDS)('program %s, %s: the steps make it ELIGIBLE and every quantity is minimal', (program, kind) => {
    let checked = 0;
    let withSteps = 0;
    for (let seed = 1; seed <= PER_KIND; seed++) {
      const input = generated(seed * 7919 + kind.length * 31 + Number(program), program, kind);
      const now = evaluateCertification(input).outcome;
      const path = planPathToEligibility(input);
      expect(path.outcome, `seed ${seed}`).toBe(now);
      expect(path.reachable, `seed ${seed}`).toBe(true);
      if (now === 'ELIGIBLE') {
        expect(path.steps).toEqual([]);
        continue;
      }
      withSteps += 1;
      expect(outcomeAfter(input, path.steps), `seed ${seed}: ${JSON.stringify(path.steps)}`).toBe('ELIGIBLE');
      for (const variant of oneLess(path.steps)) {
        expect(outcomeAfter(input, variant.steps), `seed ${seed}: ${variant.what} still suffices`).not.toBe('ELIGIBLE');
      }
      // Cheapest first.
      const efforts = path.steps.map((s) => s.effort);
      expect(efforts).toEqual([...efforts].sort((a, b) => a - b));
      checked += 1;
    }
    expect(checked).toBe(withSteps);
    expect(withSteps).toBeGreaterThan(PER_KIND / 2);
  });
});

// ------------------------------------------------------------------------------- written out

function plan(program: '2023' | '2025', kind: CertificationKind, f: Partial<OrganizationFacts>, pending: string[] = []) {
  const input: PathInput = {
    program: loadProgram(program),
    kind,
    asOf: AS_OF,
    edition: program,
    facts: facts(f),
    structure: STRUCTURES[program],
    pendingCapabilities: pending,
  };
  return { input, path: planPathToEligibility(input) };
}

const summary = (steps: PathStep[]) =>
  steps.map((s) => [
    s.requirement,
    s.action,
    s.credential ?? s.code ?? s.capabilities.join(' '),
    s.quantity,
    ...(s.activities.length ? [s.activities.map((a) => `${a.count}x${a.code}`).join(' ')] : []),
  ]);

describe('path to eligibility: the rules that make "cheapest" interesting', () => {
  it('program 2023 worked example short by 14 equivalents: two Professionals and four Practitioners cost more than three Professionals', () => {
    // 1,200 people need 35 Practitioner-equivalents; 21 Practitioners count 21, 14 missing.
    const { path } = plan('2023', 'TRAINING_PARTNER', {
      companySize: 1200,
      people: [...staff(21, ['PRACTITIONER']), person(['INSTRUCTOR'])],
      evidence: [evidence('TRAINING_PARTNER_CONTRACT')],
    });
    expect(summary(path.steps)).toEqual([['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PROFESSIONAL', 3]]);
    expect(path.steps[0].explanation).toContain('upgrades to Professional adds only 4');
  });

  it('program 2023: a remainder of 2 is two Practitioners, and the equally cheap Professional is named', () => {
    const { path } = plan('2023', 'TRAINING_PARTNER', {
      companySize: 1200,
      people: [...staff(6, ['PROFESSIONAL']), ...staff(3, ['PRACTITIONER']), person(['INSTRUCTOR'])],
      evidence: [evidence('TRAINING_PARTNER_CONTRACT')],
    });
    // 30 + 3 = 33 of 35: two Practitioners (4 + 4 units) or one Professional (8 units).
    expect(summary(path.steps)).toEqual([['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PRACTITIONER', 2]]);
    expect(path.steps[0].explanation).toContain('Equally cheap: 1 Professional');
  });

  it('program 2023: a remainder of 1 is one Practitioner, half the effort of a Professional', () => {
    const { path } = plan('2023', 'TRAINING_PARTNER', {
      companySize: 1200,
      people: [...staff(6, ['PROFESSIONAL']), ...staff(4, ['PRACTITIONER']), person(['INSTRUCTOR'])],
      evidence: [evidence('TRAINING_PARTNER_CONTRACT')],
    });
    expect(summary(path.steps)).toEqual([['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PRACTITIONER', 1]]);
    expect(path.steps[0].explanation).not.toContain('Equally cheap');
  });

  it('program 2023 Service Provider: the Professional on staff also counts five for the headcount', () => {
    const { path } = plan('2023', 'SERVICE_PROVIDER', {
      companySize: 50,
      evidence: [
        'SERVICES_DESCRIPTION',
        'SERVICES_FRAMEWORK_ALIGNMENT',
        'OPEN_SOURCE_MATERIALS',
        'OPEN_SOURCE_MATERIALS',
        'WORKING_GROUP_CONTRIBUTOR',
        'FOCUS_PARTICIPATION',
      ].map((c) => evidence(c)),
    });
    // Needs 3 equivalents and a Professional: one new Professional closes both.
    expect(summary(path.steps)).toEqual([['PROFESSIONAL_ON_STAFF', 'ADD_CREDENTIALS', 'PROFESSIONAL', 1]]);
  });

  it('program 2025: each column separately, one person may count in several', () => {
    const { path } = plan('2025', 'SERVICE_PROVIDER', {
      companySize: 150,
      people: [...staff(7, ['PRACTITIONER']), person(['PROFESSIONAL', 'FOCUS_ANALYST'])],
      evidence: [evidence('SERVICES_FRAMEWORK_ALIGNMENT'), evidence('COMMUNITY_CRITERIA')],
    });
    // 100–499 needs 10 / 2 / 5: short 3 Practitioners, 1 Professional, 4 FOCUS Analysts; cheapest
    // first in effort units (8, 12, 16).
    expect(summary(path.steps)).toEqual([
      ['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PROFESSIONAL', 1],
      ['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PRACTITIONER', 3],
      ['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'FOCUS_ANALYST', 4],
    ]);
    expect(path.steps[0].explanation).toContain('one person counts in every column');
  });

  it('edition 2023: one capability that opens an uncovered domain beats two that do not', () => {
    // 9 of 18 capabilities in 3 of 6 domains: both counts are one short of "most" (10 and 4).
    const covered = [
      'cost-allocation',
      'data-normalization',
      'manage-shared-cloud-cost',
      'budget-management',
      'establish-finops-culture',
      'chargeback',
      'education-enablement',
      'policy-governance',
      'asset-management',
    ];
    const facts2023 = {
      coveredCapabilities: covered,
      coverage: coverageOf('2023', covered),
      people: staff(3, ['PRACTITIONER']),
      evidence: [
        'SLACK_SUPPORT_CHANNEL',
        'RECORDED_DEMO',
        'OPEN_SOURCE_MATERIALS',
        'OPEN_SOURCE_MATERIALS',
        'WORKING_GROUP_CONTRIBUTOR',
        'FOCUS_PARTICIPATION',
      ].map((c) => evidence(c)),
    };
    expect(facts2023.coverage).toMatchObject({ domains: { covered: 3, total: 6 }, capabilities: { covered: 9, total: 18 } });
    // forecasting would add a capability but no domain; analysis-showback adds both.
    expect(summary(plan('2023', 'PLATFORM', facts2023).path.steps)).toEqual([['PUBLIC_FEATURE_MAPPING', 'MAP_CAPABILITIES', 'analysis-showback', 1]]);
    // The same capability awaiting review is a review, and a pending one that opens no domain is not enough.
    expect(summary(plan('2023', 'PLATFORM', facts2023, ['forecasting', 'manage-anomalies']).path.steps)).toEqual([
      ['PUBLIC_FEATURE_MAPPING', 'GET_REVIEWED', 'manage-anomalies', 1],
    ]);
  });

  it('mappings awaiting review are a GET_REVIEWED step, not new work', () => {
    const covered = STRUCTURES['2025'].capabilities.slice(0, 11).map((c) => c.slug);
    const pending = STRUCTURES['2025'].capabilities.slice(11, 13).map((c) => c.slug);
    const { path } = plan(
      '2025',
      'PLATFORM',
      {
        companySize: 50,
        people: [...staff(5, ['PRACTITIONER']), person(['PROFESSIONAL']), ...staff(2, ['FOCUS_ANALYST'])],
        coveredCapabilities: covered,
        coverage: coverageOf('2025', covered),
        evidence: [evidence('FOCUS_CRITERIA'), evidence('COMMUNITY_CRITERIA', AS_OF, 'UNVETTED')],
      },
      pending,
    );
    // 11 of 22 is not most; one pending mapping closes it. The unvetted evidence waits for a reviewer.
    expect(summary(path.steps)).toEqual([
      ['PUBLIC_FEATURE_MAPPING', 'GET_REVIEWED', pending[0], 1],
      ['COMMUNITY_CRITERIA', 'GET_REVIEWED', 'COMMUNITY_CRITERIA', 1],
    ]);
  });

  it('Enterprise points: the cheapest activities are the ones still under their cap', () => {
    // Share Knowledge is full (30 of 30); Demonstrate FinOps Program has 20 of 25.
    const { path } = plan('2023', 'ENTERPRISE', {
      companySize: 50,
      people: staff(3, ['PRACTITIONER']),
      activities: [
        ...['FINOPS_X_BREAKOUT', 'F2_EVENT_TALK', 'F2_EVENT_TALK', 'F2_EVENT_TALK'].map((c) => activity(c)),
        activity('PROGRAM_OVERVIEW_INTERVIEW'),
        activity('LESSONS_LEARNED_STORY'),
      ],
    });
    // 3 Practitioners earn 15 (Training), 30 + 20 = 65 points; 35 missing. Share Knowledge earns nothing more.
    const steps = path.steps.filter((s) => s.requirement === 'ENTERPRISE_POINTS');
    expect(steps.flatMap((s) => s.activities.map((a) => a.code))).not.toContain('F2_EVENT_TALK');
    expect(steps.reduce((sum, s) => sum + (s.action === 'ADD_ACTIVITIES' ? s.quantity : 0), 0)).toBeGreaterThanOrEqual(1);
  });

  it('an unvalidated internal tool is a GET_REVIEWED step, not a request to record it again', () => {
    const { path } = plan('2023', 'ENTERPRISE', {
      companySize: 50,
      people: [...staff(2, ['PROFESSIONAL']), ...staff(3, ['PRACTITIONER'])],
      activities: [
        activity('PROGRAM_OVERVIEW_INTERVIEW'),
        activity('LESSONS_LEARNED_STORY'),
        activity('USES_CERTIFIED_PLATFORM'),
        activity('INTERNAL_FINOPS_TOOL', AS_OF, false),
        activity('TAC_SEAT'),
      ],
    });
    // 50 (Training, capped) + 20 + 15 + 10 = 95; the tool's 15 would make 110.
    expect(summary(path.steps)).toEqual([['ENTERPRISE_POINTS', 'GET_REVIEWED', 'INTERNAL_FINOPS_TOOL', 1]]);
    expect(path.outcome).toBe('NEEDS_REVIEW');
  });

  it('a kind the program does not offer is unreachable, with no steps', () => {
    const { path } = plan('2025', 'SPECIALTY_SOLUTION', {});
    expect(path).toEqual({ outcome: 'NOT_ELIGIBLE', reachable: false, steps: [] });
  });

  it('an eligible organization has nothing left to do', () => {
    const { path } = plan('2023', 'TRAINING_PARTNER', {
      companySize: 50,
      people: [...staff(3, ['PRACTITIONER']), person(['INSTRUCTOR'])],
      evidence: [evidence('TRAINING_PARTNER_CONTRACT')],
    });
    expect(path).toEqual({ outcome: 'ELIGIBLE', reachable: true, steps: [] });
  });

  it('memberships: a General FinOps membership and the Linux Foundation', () => {
    const { path } = plan('2025', 'ENTERPRISE', {
      finopsMembership: null,
      linuxFoundationMember: false,
      people: [...staff(2, ['PROFESSIONAL'])],
      activities: ['PROGRAM_OVERVIEW_INTERVIEW', 'LESSONS_LEARNED_STORY', 'USES_CERTIFIED_PLATFORM', 'LEAD_WORKING_GROUP', 'LEAD_WORKING_GROUP'].map(
        (c) => activity(c),
      ),
    });
    expect(summary(path.steps)).toEqual([
      ['GENERAL_OR_PREMIER_MEMBERSHIP', 'JOIN_MEMBERSHIP', 'GENERAL', 1],
      ['LF_MEMBERSHIP', 'JOIN_MEMBERSHIP', 'LINUX_FOUNDATION', 1],
    ]);
  });
});
