import { computeCoverage, type EditionStructure } from '../coverage/compute-coverage';
import type { CredentialKind } from '../membership/membership';
import { countedPeople } from './as-of';
import { countHeadcount } from './count-headcount';
import { isWithinWindow } from './dates';
import { coverageNeeded } from './evaluate-coverage';
import { evaluateCertification, type EvaluateCertificationInput } from './evaluate-certification';
import { tallyEvidence } from './evaluate-evidence';
import type { ActivityFact, EvaluationOutcome, OrganizationFacts, RequirementResult } from './evaluation-types';
import { credentialName, credentialNoun, formatNumber, joinWords, plural } from './explain';
import { headcountTableOf, optionalItemSetOf, pointsTableOf, programKinds, type PointsTable, type RequirementRule } from './rulebook';
import { isCertificationKind, PRACTITIONER_EQUIVALENT, type RequirementCode } from './vocabulary';

// The path to eligibility: the least an organization still has to do, as concrete steps, so that
// adding exactly what the steps say to its facts and evaluating again gives ELIGIBLE. The planner
// reads the same rules as the evaluator (the rulebook) and checks its own answer with the evaluator
// before returning it, so a path can never promise what the rules would refuse.
//
// "Least" is measured in effort units (below): a review by someone else is the cheapest thing, then
// recording evidence or mapping a capability, then an activity, then a person earning a credential,
// then a membership. Within those units the planner is exact: quantities are minimal (one less no
// longer suffices) and the combination is the cheapest one the units allow.

export const PATH_ACTIONS = ['ADD_CREDENTIALS', 'MAP_CAPABILITIES', 'ADD_EVIDENCE', 'ADD_ACTIVITIES', 'GET_REVIEWED', 'JOIN_MEMBERSHIP'] as const;
export type PathAction = (typeof PATH_ACTIONS)[number];

/** What a GET_REVIEWED step waits on. */
export type ReviewSubject = 'EVIDENCE' | 'ACTIVITY' | 'MAPPING';

/** Effort units; the order of magnitude is what matters (see the README's path section). */
export const EFFORT = {
  review: 1,
  evidence: 2,
  mapping: 2,
  activity: 3,
  membership: 20,
  credential: {
    PERSONA_TRAINING: 2,
    MEETUP_ORGANIZER: 3,
    PRACTITIONER: 4,
    FOCUS_ANALYST: 4,
    CLOUD_PROVIDER_PRACTITIONER: 4,
    ENGINEER: 6,
    PROFESSIONAL: 8,
    INSTRUCTOR: 12,
  } satisfies Record<CredentialKind, number>,
} as const;

/** JOIN_MEMBERSHIP codes: the cheapest FinOps Foundation level, or the Linux Foundation. */
export type MembershipStep = 'GENERAL' | 'LINUX_FOUNDATION';

export interface PlannedActivity {
  code: string;
  count: number;
  /** Points each occurrence earns (before caps). */
  points: number;
}

export interface PathStep {
  requirement: RequirementCode;
  action: PathAction;
  /** ADD_CREDENTIALS: the credential each new holder must hold. */
  credential: CredentialKind | null;
  /** How many: people, capabilities, evidence items, points (ADD_ACTIVITIES) or items to review. */
  quantity: number;
  /** MAP_CAPABILITIES, and GET_REVIEWED of mappings: capability slugs of the edition. */
  capabilities: string[];
  /** ADD_EVIDENCE and GET_REVIEWED: the evidence or activity code; JOIN_MEMBERSHIP: GENERAL or LINUX_FOUNDATION. */
  code: string | null;
  /** GET_REVIEWED: what waits for someone else. */
  reviewOf: ReviewSubject | null;
  /** ADD_ACTIVITIES: which activities, how often. */
  activities: PlannedActivity[];
  explanation: string;
  /** Effort units of the step; steps come cheapest first. */
  effort: number;
}

export interface EligibilityPath {
  /** The evaluation's outcome now. */
  outcome: EvaluationOutcome;
  /** False (with no steps) when nothing the organization can do makes it eligible. */
  reachable: boolean;
  steps: PathStep[];
}

export interface PathInput extends EvaluateCertificationInput {
  /** The evaluated edition's domains and capabilities, capability ids being slugs or mapped by slug. */
  structure: EditionStructure | null;
  /** Capability slugs that public mappings awaiting review would cover once approved. */
  pendingCapabilities: string[];
}

function step(
  requirement: RequirementCode,
  action: PathAction,
  fields: Partial<PathStep> & { quantity: number; explanation: string; effort: number },
): PathStep {
  return { requirement, action, credential: null, capabilities: [], code: null, reviewOf: null, activities: [], ...fields };
}

const NEW_PERSON = (kind: CredentialKind, asOf: string) => ({
  employedFrom: null,
  employedUntil: null,
  credentials: [{ kind, awardedOn: asOf, expiresOn: null }],
});

// ------------------------------------------------------------------------------- applying steps

/**
 * The facts as they will be once the steps are done: new people with the named credentials,
 * capabilities mapped and approved, evidence recorded and vetted, activities recorded (and
 * validated), reviews done, memberships joined. The planner checks itself with it.
 */
export function applyPath(input: PathInput, steps: PathStep[]): OrganizationFacts {
  const { asOf } = input;
  const facts: OrganizationFacts = {
    ...input.facts,
    people: [...input.facts.people],
    evidence: input.facts.evidence.map((e) => ({ ...e })),
    activities: input.facts.activities.map((a) => ({ ...a })),
    coveredCapabilities: [...input.facts.coveredCapabilities],
    targetCapabilities: [...input.facts.targetCapabilities],
  };
  let coverageChanged = false;
  for (const s of steps) {
    // An application without targets declares the capabilities its target step names.
    if (s.requirement === 'TARGET_CAPABILITY_MAPPING' && facts.targetCapabilities.length === 0) facts.targetCapabilities.push(...s.capabilities);
    switch (s.action) {
      case 'JOIN_MEMBERSHIP':
        if (s.code === 'LINUX_FOUNDATION') facts.linuxFoundationMember = true;
        else facts.finopsMembership = 'GENERAL';
        break;
      case 'ADD_CREDENTIALS':
        for (let i = 0; i < s.quantity; i++) facts.people.push(NEW_PERSON(s.credential!, asOf));
        break;
      case 'MAP_CAPABILITIES':
        facts.coveredCapabilities.push(...s.capabilities);
        coverageChanged = true;
        break;
      case 'ADD_EVIDENCE':
        for (let i = 0; i < s.quantity; i++) facts.evidence.push({ code: s.code!, date: asOf, status: 'VETTED' });
        break;
      case 'ADD_ACTIVITIES':
        for (const a of s.activities) for (let i = 0; i < a.count; i++) facts.activities.push({ code: a.code, date: asOf, validated: true });
        break;
      case 'GET_REVIEWED':
        if (s.reviewOf === 'MAPPING') {
          facts.coveredCapabilities.push(...s.capabilities);
          coverageChanged = true;
        } else if (s.reviewOf === 'EVIDENCE') {
          let left = s.quantity;
          for (const e of facts.evidence) {
            if (left > 0 && e.code === s.code && e.status === 'UNVETTED' && e.date <= asOf) {
              e.status = 'VETTED';
              left -= 1;
            }
          }
        } else {
          let left = s.quantity;
          for (const a of facts.activities) {
            if (left > 0 && a.code === s.code && !a.validated && a.date <= asOf) {
              a.validated = true;
              left -= 1;
            }
          }
        }
        break;
    }
  }
  if (coverageChanged && input.structure) {
    facts.coveredCapabilities = [...new Set(facts.coveredCapabilities)];
    facts.coverage = coverageOfSlugs(input.structure, facts.coveredCapabilities);
  }
  return facts;
}

function coverageOfSlugs(structure: EditionStructure, slugs: string[]) {
  const wanted = new Set(slugs);
  const ids = structure.capabilities.filter((c) => wanted.has(c.slug)).map((c) => c.id);
  const coverage = computeCoverage(structure, ids);
  return { domains: coverage.domains, capabilities: coverage.capabilities, meetsMost: coverage.meetsMost };
}

// ------------------------------------------------------------------------------------ planning

/** The steps that close every failing requirement, cheapest first; checked against the evaluator. */
export function planPathToEligibility(input: PathInput): EligibilityPath {
  if (!isCertificationKind(input.kind) || !programKinds(input.program).includes(input.kind)) {
    return { outcome: 'NOT_ELIGIBLE', reachable: false, steps: [] };
  }
  const now = evaluateCertification(input);
  if (now.outcome === 'ELIGIBLE') return { outcome: now.outcome, reachable: true, steps: [] };

  const rules = input.program.kinds.find((k) => k.kind === input.kind)!.requirements;
  const failing = new Map(now.requirements.filter((r) => r.status !== 'MET').map((r) => [r.code, r]));
  const planner = new Planner(input, rules, failing);
  const steps = planner.plan();
  if (steps === null) return { outcome: now.outcome, reachable: false, steps: [] };

  const after = evaluateCertification({ ...input, facts: applyPath(input, steps) });
  if (after.outcome !== 'ELIGIBLE') {
    const still = after.requirements.filter((r) => r.status !== 'MET').map((r) => `${r.code} ${r.status}`);
    throw new Error(`path to eligibility planned for ${input.program.slug}/${input.kind} does not reach ELIGIBLE: ${still.join(', ')}`);
  }
  const ordered = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.effort - b.s.effort || a.i - b.i)
    .map((x) => x.s);
  return { outcome: now.outcome, reachable: true, steps: ordered };
}

class Planner {
  private readonly steps: PathStep[] = [];

  constructor(
    private readonly input: PathInput,
    private readonly rules: RequirementRule[],
    private readonly failing: Map<RequirementCode, RequirementResult>,
  ) {}

  /** Facts with every step planned so far applied (later requirements see earlier additions). */
  private facts(): OrganizationFacts {
    return applyPath(this.input, this.steps);
  }

  private rule<C extends RequirementCode>(code: C): (RequirementRule & { code: C }) | undefined {
    return this.rules.find((r) => r.code === code) as (RequirementRule & { code: C }) | undefined;
  }

  plan(): PathStep[] | null {
    this.memberships();
    this.credentials();
    if (!this.coverage()) return null;
    this.evidenceRequirements();
    this.community();
    if (!this.points()) return null;
    return this.steps;
  }

  private memberships(): void {
    for (const code of ['FINOPS_MEMBERSHIP', 'GENERAL_OR_PREMIER_MEMBERSHIP', 'LF_MEMBERSHIP'] as const) {
      if (!this.failing.has(code)) continue;
      const lf = code === 'LF_MEMBERSHIP';
      // Both FinOps requirements close with a General membership, the cheaper of the two levels that count.
      if (!lf && this.steps.some((s) => s.action === 'JOIN_MEMBERSHIP' && s.code === 'GENERAL')) continue;
      const explanation = lf
        ? 'Join the Linux Foundation as a corporate member.'
        : code === 'FINOPS_MEMBERSHIP'
          ? 'Join the FinOps Foundation; any level counts, General is the cheaper one.'
          : 'Join the FinOps Foundation as a General member (or Premier); other levels do not count.';
      this.steps.push(
        step(code, 'JOIN_MEMBERSHIP', { code: lf ? 'LINUX_FOUNDATION' : 'GENERAL', quantity: 1, explanation, effort: EFFORT.membership }),
      );
    }
  }

  /** Headcount and "someone on staff holds X" together: one new Professional can close both. */
  private credentials(): void {
    const { asOf, program } = this.input;
    const facts = this.facts();
    const holders = countedPeople(facts.people, asOf);
    const onStaff = new Map<CredentialKind, { code: RequirementCode; missing: number }>();
    for (const code of ['PROFESSIONAL_ON_STAFF', 'CERTIFIED_INSTRUCTOR_EMPLOYED'] as const) {
      const rule = this.rule(code);
      if (!rule || !this.failing.has(code)) continue;
      const have = holders.filter((h) => h.has(rule.credential)).length;
      onStaff.set(rule.credential, { code, missing: Math.max(0, rule.minPeople - have) });
    }
    const headcountRule = this.rule('INDIVIDUAL_CERTIFICATIONS');
    const headcount =
      headcountRule && this.failing.has('INDIVIDUAL_CERTIFICATIONS')
        ? countHeadcount(headcountTableOf(program, headcountRule.headcountTable), facts.companySize, facts.people, asOf)
        : null;

    if (headcount && headcountRule) {
      const counting = headcountTableOf(program, headcountRule.headcountTable).counting;
      if (counting.mode === 'PRACTITIONER_EQUIVALENT') {
        this.practitionerEquivalents(headcount.headcount.columns[0].shortfall, counting.weights, counting.maxPerPerson, onStaff);
      } else {
        for (const column of headcount.headcount.columns) {
          if (column.shortfall === 0) continue;
          const kind = column.credential as CredentialKind;
          const staff = onStaff.get(kind);
          const quantity = Math.max(column.shortfall, staff?.missing ?? 0);
          if (staff) onStaff.delete(kind);
          const others = headcount.headcount.columns.filter((c) => c.shortfall > 0).length;
          this.steps.push(
            step('INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', {
              credential: kind,
              quantity,
              explanation:
                `${plural(quantity, 'more person', 'more people')} employed on ${asOf} must hold a valid ${credentialName(kind)} credential ` +
                `(${formatNumber(column.counted)} counted, ${formatNumber(column.required)} required for a company of ${formatNumber(facts.companySize)}).` +
                (others > 1
                  ? ' Columns count separately and one person counts in every column whose credential they hold, so the same people may earn several of these.'
                  : ''),
              effort: quantity * EFFORT.credential[kind],
            }),
          );
        }
      }
    }
    for (const [kind, staff] of onStaff) {
      if (staff.missing === 0) continue;
      this.steps.push(
        step(staff.code, 'ADD_CREDENTIALS', {
          credential: kind,
          quantity: staff.missing,
          explanation: `${plural(staff.missing, 'more person', 'more people')} working at the company on ${asOf} must hold a valid ${credentialName(kind)} credential.`,
          effort: staff.missing * EFFORT.credential[kind],
        }),
      );
    }
  }

  /**
   * Program 2023's single column: a new Professional counts its weight (5), a new Practitioner 1, and
   * a person never counts more than maxPerPerson. New holders are assumed to be people who hold
   * nothing yet (upgrading a Practitioner to Professional adds only 4).
   */
  private practitionerEquivalents(
    shortfall: number,
    weights: Partial<Record<CredentialKind, number>>,
    maxPerPerson: number,
    onStaff: Map<CredentialKind, { code: RequirementCode; missing: number }>,
  ): void {
    const { asOf } = this.input;
    const kinds = (Object.keys(weights) as CredentialKind[]).filter((k) => (weights[k] ?? 0) > 0);
    const heavy = kinds.reduce((a, b) => ((weights[a] ?? 0) >= (weights[b] ?? 0) ? a : b));
    const light = kinds.reduce((a, b) => ((weights[a] ?? 0) <= (weights[b] ?? 0) ? a : b));
    const heavyWeight = Math.min(maxPerPerson, weights[heavy] ?? 1);
    const lightWeight = Math.min(maxPerPerson, weights[light] ?? 1);
    const mustHeavy = onStaff.get(heavy)?.missing ?? 0;
    // Every count of heavy holders from the on-staff minimum to enough on their own; the light fill the rest.
    const options: { heavy: number; light: number; effort: number; over: number }[] = [];
    for (let h = mustHeavy; h <= mustHeavy + Math.ceil(shortfall / heavyWeight); h++) {
      const l = heavy === light ? 0 : Math.max(0, Math.ceil((shortfall - h * heavyWeight) / lightWeight));
      if (h * heavyWeight + l * lightWeight < shortfall) continue;
      options.push({
        heavy: h,
        light: l,
        effort: h * EFFORT.credential[heavy] + l * EFFORT.credential[light],
        over: h * heavyWeight + l * lightWeight - shortfall,
      });
    }
    options.sort((a, b) => a.effort - b.effort || a.over - b.over || a.heavy - b.heavy);
    const best = options[0];
    const tie = options.find((o) => o !== best && o.effort === best.effort);
    const alternative = tie ? ` Equally cheap: ${describeMix(tie.heavy, heavy, tie.light, light)}.` : '';
    const staff = onStaff.get(heavy);
    let heavyForHeadcount = best.heavy;
    if (staff && staff.missing > 0) {
      heavyForHeadcount -= staff.missing;
      this.steps.push(
        step(staff.code, 'ADD_CREDENTIALS', {
          credential: heavy,
          quantity: staff.missing,
          explanation:
            `${plural(staff.missing, 'more person', 'more people')} working at the company on ${asOf} must hold a valid ${credentialName(heavy)} credential; ` +
            `each also counts ${heavyWeight} toward the ${credentialNoun(2, PRACTITIONER_EQUIVALENT)} of INDIVIDUAL_CERTIFICATIONS.`,
          effort: staff.missing * EFFORT.credential[heavy],
        }),
      );
      onStaff.delete(heavy);
    }
    const need = `${plural(shortfall, `more ${credentialNoun(1, PRACTITIONER_EQUIVALENT)}`, `more ${credentialNoun(2, PRACTITIONER_EQUIVALENT)}`)}`;
    const how = `A new ${credentialName(heavy)} counts ${heavyWeight}, a new ${credentialName(light)} ${lightWeight}; a person counts at most ${maxPerPerson}, so a ${credentialName(light)} who upgrades to ${credentialName(heavy)} adds only ${heavyWeight - lightWeight}.`;
    if (heavyForHeadcount > 0) {
      this.steps.push(
        step('INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', {
          credential: heavy,
          quantity: heavyForHeadcount,
          explanation: `The headcount needs ${need}: certify ${describeMix(heavyForHeadcount, heavy, best.light, light)} among people who hold neither yet. ${how}${alternative}`,
          effort: heavyForHeadcount * EFFORT.credential[heavy],
        }),
      );
    }
    if (best.light > 0) {
      this.steps.push(
        step('INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', {
          credential: light,
          quantity: best.light,
          explanation:
            `The headcount needs ${need}: ${heavyForHeadcount > 0 || best.heavy > 0 ? `besides the ${plural(best.heavy, `new ${credentialName(heavy)}`)}, ` : ''}` +
            `certify ${plural(best.light, `more ${credentialName(light)}`)} among people who hold no counted credential yet. ${how}${alternative}`,
          effort: best.light * EFFORT.credential[light],
        }),
      );
    }
  }

  /** PUBLIC_FEATURE_MAPPING and TARGET_CAPABILITY_MAPPING; false when coverage cannot be planned. */
  private coverage(): boolean {
    const publicRule = this.rule('PUBLIC_FEATURE_MAPPING');
    if (publicRule && this.failing.has('PUBLIC_FEATURE_MAPPING')) {
      const structure = this.input.structure;
      if (!structure) return false;
      const chosen = chooseCapabilities(structure, this.input.facts.coveredCapabilities, this.input.pendingCapabilities, publicRule.coverageRule);
      this.coverageSteps('PUBLIC_FEATURE_MAPPING', chosen);
    }
    if (this.rule('TARGET_CAPABILITY_MAPPING') && this.failing.has('TARGET_CAPABILITY_MAPPING')) {
      const facts = this.facts();
      const covered = new Set(facts.coveredCapabilities);
      let targets = [...new Set(facts.targetCapabilities)];
      let declare = '';
      if (targets.length === 0) {
        // An application must declare at least one target; the cheapest is one already covered.
        const first = facts.coveredCapabilities[0] ?? this.input.structure?.capabilities[0]?.slug;
        if (!first) return false;
        targets = [first];
        declare = `Declare ${first} as the application's target capability. `;
      }
      const missing = targets.filter((t) => !covered.has(t));
      const pending = new Set(this.input.pendingCapabilities);
      if (missing.length === 0) {
        this.steps.push(
          step('TARGET_CAPABILITY_MAPPING', 'MAP_CAPABILITIES', {
            capabilities: targets,
            quantity: 0,
            explanation: `${declare}It is already covered by approved public mappings.`,
            effort: 0,
          }),
        );
      } else {
        const chosen = { review: missing.filter((m) => pending.has(m)), map: missing.filter((m) => !pending.has(m)), alternatives: '' };
        if (declare && chosen.map.length) chosen.alternatives = declare.trim();
        this.coverageSteps('TARGET_CAPABILITY_MAPPING', chosen, targets);
      }
    }
    return true;
  }

  private coverageSteps(requirement: RequirementCode, chosen: { review: string[]; map: string[]; alternatives: string }, targets?: string[]): void {
    const { edition } = this.input;
    const why = targets ? `every declared target (${targets.join(', ')})` : `most domains and most capabilities of edition ${edition}`;
    if (chosen.review.length > 0) {
      this.steps.push(
        step(requirement, 'GET_REVIEWED', {
          reviewOf: 'MAPPING',
          capabilities: chosen.review,
          quantity: chosen.review.length,
          explanation:
            `Public mappings to ${joinWords(chosen.review)} await review; once a reviewer approves them they count toward ${why}.${chosen.map.length ? '' : ` ${chosen.alternatives}`}`.trim(),
          effort: chosen.review.length * EFFORT.review,
        }),
      );
    }
    if (chosen.map.length > 0) {
      const extra = targets && targets.length === 1 && this.input.facts.targetCapabilities.length === 0 ? 'Declare it as the target and map' : 'Map';
      this.steps.push(
        step(requirement, 'MAP_CAPABILITIES', {
          capabilities: chosen.map,
          quantity: chosen.map.length,
          explanation: `${extra} product features to ${plural(chosen.map.length, 'more capability', 'more capabilities')} (${chosen.map.join(', ')}) with public mappings, and have them approved, to cover ${why}.${chosen.alternatives ? ` ${chosen.alternatives}` : ''}`,
          effort: chosen.map.length * EFFORT.mapping,
        }),
      );
    }
  }

  private evidenceRequirements(): void {
    const { asOf } = this.input;
    for (const rule of this.rules) {
      if (!('evidence' in rule) || !this.failing.has(rule.code)) continue;
      const tally = tallyEvidence(this.facts().evidence, rule.evidence.codes, asOf, rule.evidence.windowMonths);
      this.evidenceSteps(
        rule.code,
        rule.evidence.codes[0],
        rule.evidence.minItems,
        tally.vetted.length,
        tally.unvetted.length,
        rule.evidence.windowMonths,
      );
    }
  }

  private evidenceSteps(
    requirement: RequirementCode,
    code: string,
    minItems: number,
    vetted: number,
    unvetted: number,
    windowMonths: number | null,
  ): number {
    const { asOf } = this.input;
    const review = Math.min(unvetted, Math.max(0, minItems - vetted));
    const add = Math.max(0, minItems - vetted - review);
    const when = windowMonths === null ? `dated on or before ${asOf}` : `dated in the ${windowMonths} months up to ${asOf}`;
    if (review > 0) {
      this.steps.push(
        step(requirement, 'GET_REVIEWED', {
          reviewOf: 'EVIDENCE',
          code,
          quantity: review,
          explanation: `${plural(review, `${code} evidence item`)} ${review === 1 ? 'is' : 'are'} recorded but not vetted; a reviewer must vet ${review === 1 ? 'it' : 'them'}.`,
          effort: review * EFFORT.review,
        }),
      );
    }
    if (add > 0) {
      this.steps.push(
        step(requirement, 'ADD_EVIDENCE', {
          code,
          quantity: add,
          explanation: `Record ${plural(add, `more ${code} evidence item`)} (a URL ${when}) and have ${add === 1 ? 'it' : 'them'} vetted.`,
          effort: add * EFFORT.evidence,
        }),
      );
    }
    return review * EFFORT.review + add * EFFORT.evidence;
  }

  /** COMMUNITY_CONTRIBUTIONS: the cheapest of the unmet optional items, as many as still needed. */
  private community(): void {
    const rule = this.rule('COMMUNITY_CONTRIBUTIONS');
    if (!rule || !this.failing.has('COMMUNITY_CONTRIBUTIONS')) return;
    const { asOf, program } = this.input;
    const set = optionalItemSetOf(program, rule.optionalItems);
    const evidence = this.facts().evidence;
    const items = set.items.map((item) => {
      const tally = tallyEvidence(evidence, [item.code], asOf, item.windowMonths);
      const vetted = tally.vetted.length;
      const unvetted = tally.unvetted.length;
      const review = Math.min(unvetted, Math.max(0, item.minItems - vetted));
      const add = Math.max(0, item.minItems - vetted - review);
      return { item, vetted, unvetted, met: vetted >= item.minItems, effort: review * EFFORT.review + add * EFFORT.evidence };
    });
    const needed = set.mustMeet - items.filter((i) => i.met).length;
    const open = items.filter((i) => !i.met).sort((a, b) => a.effort - b.effort);
    const chosen = open.slice(0, needed);
    const next = open[needed];
    const last = chosen[chosen.length - 1];
    const tie = next && last && next.effort === last.effort ? ` Equally cheap: ${next.item.code} instead of ${last.item.code}.` : '';
    for (const c of chosen) {
      const before = this.steps.length;
      this.evidenceSteps('COMMUNITY_CONTRIBUTIONS', c.item.code, c.item.minItems, c.vetted, c.unvetted, c.item.windowMonths);
      for (const s of this.steps.slice(before)) {
        s.explanation = `${s.explanation} This meets the optional item ${c.item.code} (${set.mustMeet} of ${set.items.length} are needed).${tie}`;
      }
    }
  }

  /** ENTERPRISE_POINTS and ENTERPRISE_PROGRAM_POINTS together, within each category's cap. */
  private points(): boolean {
    const totalRule = this.rule('ENTERPRISE_POINTS');
    const programRule = this.rule('ENTERPRISE_PROGRAM_POINTS');
    if (!this.failing.has('ENTERPRISE_POINTS') && !this.failing.has('ENTERPRISE_PROGRAM_POINTS')) return true;
    const tableId = (totalRule ?? programRule)!.pointsTable;
    const table = pointsTableOf(this.input.program, tableId);
    const plan = planPoints(table, this.facts(), this.input.asOf, totalRule !== undefined, programRule !== undefined);
    if (!plan) return false;
    const minimum = table.minimumFromCategory;
    const byRequirement = (category: string): RequirementCode =>
      minimum && category === minimum.category && programRule ? 'ENTERPRISE_PROGRAM_POINTS' : 'ENTERPRISE_POINTS';
    const categoryName = (code: string) => table.categories.find((c) => c.code === code)?.name ?? code;

    for (const requirement of ['ENTERPRISE_PROGRAM_POINTS', 'ENTERPRISE_POINTS'] as const) {
      const mine = plan.items.filter((i) => byRequirement(i.category) === requirement);
      if (mine.length === 0) continue;
      const context =
        requirement === 'ENTERPRISE_PROGRAM_POINTS'
          ? `At least ${minimum!.points} points must come from "${categoryName(minimum!.category)}" (${formatNumber(plan.programPoints)} now, cap ${formatNumber(plan.rooms.get(minimum!.category)!.cap)}).`
          : `${formatNumber(table.threshold)} points are needed after category caps (${formatNumber(plan.total)} now).`;
      for (const r of group(mine.filter((i) => i.kind === 'review'))) {
        this.steps.push(
          step(requirement, 'GET_REVIEWED', {
            reviewOf: 'ACTIVITY',
            code: r.code,
            quantity: r.count,
            explanation: `${plural(r.count, `${r.code} activity`, `${r.code} activities`)} ${r.count === 1 ? 'is' : 'are'} recorded but not validated; once a reviewer validates ${r.count === 1 ? 'it' : 'them'}, ${formatNumber(r.gain)} points count. ${context}${plan.alternative}`,
            effort: r.count * EFFORT.review,
          }),
        );
      }
      for (const c of group(mine.filter((i) => i.kind === 'credential'))) {
        const kind = c.credential!;
        this.steps.push(
          step(requirement, 'ADD_CREDENTIALS', {
            credential: kind,
            quantity: c.count,
            explanation: `Certify ${plural(c.count, 'more person', 'more people')} as ${credentialName(kind)} (${c.points} points each in "${categoryName(c.category)}", ${formatNumber(c.gain)} after its cap). ${context}${plan.alternative}`,
            effort: c.count * EFFORT.credential[kind],
          }),
        );
      }
      const activities = group(mine.filter((i) => i.kind === 'activity'));
      if (activities.length > 0) {
        const gain = activities.reduce((sum, a) => sum + a.gain, 0);
        const listed = activities.map(
          (a) => `${a.count}× ${a.code} (${a.points} points${a.count > 1 ? ' each' : ''}, "${categoryName(a.category)}")`,
        );
        const validation = activities.filter((a) => a.requiresValidation).map((a) => a.code);
        this.steps.push(
          step(requirement, 'ADD_ACTIVITIES', {
            quantity: gain,
            activities: activities.map((a) => ({ code: a.code, count: a.count, points: a.points })),
            explanation:
              `Record activities worth ${plural(gain, 'point')} within their categories' caps, dated on ${this.input.asOf} or in the window each allows: ${joinWords(listed)}.` +
              `${validation.length ? ` ${joinWords(validation)} ${validation.length === 1 ? 'counts' : 'count'} only once a reviewer validates it.` : ''} ${context}${plan.alternative}`,
            effort: activities.reduce((sum, a) => sum + a.count, 0) * EFFORT.activity,
          }),
        );
      }
    }
    return true;
  }
}

function describeMix(heavyCount: number, heavy: CredentialKind, lightCount: number, light: CredentialKind): string {
  const parts: string[] = [];
  if (heavyCount > 0) parts.push(plural(heavyCount, credentialName(heavy), credentialNoun(2, heavy)));
  if (lightCount > 0) parts.push(plural(lightCount, credentialName(light), credentialNoun(2, light)));
  return joinWords(parts);
}

// ----------------------------------------------------------------------------- coverage choice

/**
 * One smallest set of uncovered capabilities that makes coverage meet the rule: first the fewest
 * capabilities that reach enough new domains (a capability that opens an uncovered domain beats two
 * that don't), then capabilities in the edition's order up to the capability count. Capabilities
 * with mappings awaiting review are preferred: they need a review, not new work.
 */
export function chooseCapabilities(
  structure: EditionStructure,
  coveredSlugs: string[],
  pendingSlugs: string[],
  rule: 'MOST' | 'ALL',
): { review: string[]; map: string[]; alternatives: string } {
  const covered = new Set(coveredSlugs);
  const pending = new Set(pendingSlugs);
  const candidates = structure.capabilities.filter((c) => !covered.has(c.slug));
  // Pending first, then the edition's order: the search below keeps the first minimum it meets.
  candidates.sort((a, b) => Number(pending.has(b.slug)) - Number(pending.has(a.slug)));
  const coveredDomains = new Set(structure.capabilities.filter((c) => covered.has(c.slug)).flatMap((c) => c.domainIds));
  const domainsNeeded = Math.max(
    0,
    coverageNeeded(rule, structure.domains.length) - structure.domains.filter((d) => coveredDomains.has(d.id)).length,
  );
  const capabilitiesNeeded = Math.max(
    0,
    coverageNeeded(rule, structure.capabilities.length) - structure.capabilities.filter((c) => covered.has(c.slug)).length,
  );

  const opens = (set: typeof candidates) => new Set(set.flatMap((c) => c.domainIds).filter((d) => !coveredDomains.has(d))).size;
  let domainSet: typeof candidates = [];
  if (domainsNeeded > 0) {
    const useful = candidates.filter((c) => c.domainIds.some((d) => !coveredDomains.has(d)));
    domainSet = smallestCover(useful, domainsNeeded, opens) ?? [];
  }
  const chosen = [...domainSet];
  for (const c of candidates) {
    if (chosen.length >= capabilitiesNeeded) break;
    if (!chosen.includes(c)) chosen.push(c);
  }
  const spare = candidates.length - chosen.length;
  const fill = chosen.length - domainSet.length;
  const alternatives =
    fill > 0 && spare > 0
      ? `Any ${plural(fill, 'other uncovered capability', 'other uncovered capabilities')} would do as well (${formatNumber(spare + fill)} to choose from); these come first${pending.size ? ' among those awaiting review, then' : ''} in the edition's order.`
      : '';
  const order = new Map(structure.capabilities.map((c, i) => [c.slug, i]));
  const slugs = chosen.map((c) => c.slug).sort((a, b) => order.get(a)! - order.get(b)!);
  return { review: slugs.filter((s) => pending.has(s)), map: slugs.filter((s) => !pending.has(s)), alternatives };
}

/** The smallest subset (in candidate order) opening at least `needed` new domains; null if none does. */
function smallestCover<T>(candidates: T[], needed: number, opens: (set: T[]) => number): T[] | null {
  for (let size = 1; size <= candidates.length; size++) {
    const found = firstCombination(candidates, size, (set) => opens(set) >= needed);
    if (found) return found;
  }
  return null;
}

function firstCombination<T>(items: T[], size: number, accept: (set: T[]) => boolean): T[] | null {
  const picked: T[] = [];
  const walk = (start: number): T[] | null => {
    if (picked.length === size) return accept(picked) ? [...picked] : null;
    for (let i = start; i <= items.length - (size - picked.length); i++) {
      picked.push(items[i]);
      const found = walk(i + 1);
      picked.pop();
      if (found) return found;
    }
    return null;
  };
  return walk(0);
}

// ------------------------------------------------------------------------------- points choice

interface PointsOption {
  kind: 'review' | 'credential' | 'activity';
  code: string;
  credential: CredentialKind | null;
  category: string;
  points: number;
  effort: number;
  /** At most this many (once-only rows, pending items); null: as many as wanted. */
  limit: number | null;
  requiresValidation: boolean;
}

interface ChosenPoints extends PointsOption {
  /** Points counted after the category's cap. */
  gain: number;
}

interface PointsPlan {
  items: ChosenPoints[];
  total: number;
  programPoints: number;
  rooms: Map<string, { cap: number; room: number }>;
  alternative: string;
}

function group(items: ChosenPoints[]): (ChosenPoints & { count: number })[] {
  const byCode = new Map<string, ChosenPoints & { count: number }>();
  for (const item of items) {
    const key = `${item.kind}:${item.code}`;
    const entry = byCode.get(key);
    if (entry) {
      entry.count += 1;
      entry.gain += item.gain;
    } else byCode.set(key, { ...item, count: 1 });
  }
  return [...byCode.values()];
}

/** What can still earn points: pending validations, new credentials (Training rows), new activities. */
function pointsOptions(table: PointsTable, facts: OrganizationFacts, asOf: string): PointsOption[] {
  const options: PointsOption[] = [];
  for (const category of table.categories) {
    for (const activity of category.activities) {
      const base = { code: activity.code, category: category.code, points: activity.points, requiresValidation: activity.requiresValidation };
      if (activity.counting === 'PER_PERSON_WITH_CREDENTIAL') {
        if (activity.credential)
          options.push({ ...base, kind: 'credential', credential: activity.credential, effort: EFFORT.credential[activity.credential], limit: null });
        continue;
      }
      const eligible = facts.activities.filter((a: ActivityFact) => a.code === activity.code && isWithinWindow(a.date, asOf, activity.windowMonths));
      const confirmed = eligible.filter((a) => a.validated || !activity.requiresValidation).length;
      const waiting = activity.requiresValidation ? eligible.length - confirmed : 0;
      if (activity.counting === 'ONCE') {
        if (confirmed > 0) continue;
        if (waiting > 0) options.push({ ...base, kind: 'review', credential: null, effort: EFFORT.review, limit: 1 });
        else options.push({ ...base, kind: 'activity', credential: null, effort: EFFORT.activity, limit: 1 });
        continue;
      }
      if (waiting > 0) options.push({ ...base, kind: 'review', credential: null, effort: EFFORT.review, limit: waiting });
      options.push({ ...base, kind: 'activity', credential: null, effort: EFFORT.activity, limit: null });
    }
  }
  return options;
}

/** Counted points per category now (validated activities and valid credentials only). */
function countedByCategory(table: PointsTable, facts: OrganizationFacts, asOf: string): Map<string, number> {
  const holders = countedPeople(facts.people, asOf);
  const counted = new Map<string, number>();
  for (const category of table.categories) {
    let earned = 0;
    for (const activity of category.activities) {
      if (activity.counting === 'PER_PERSON_WITH_CREDENTIAL') {
        earned += activity.credential ? holders.filter((h) => h.has(activity.credential!)).length * activity.points : 0;
        continue;
      }
      const confirmed = facts.activities.filter(
        (a) => a.code === activity.code && isWithinWindow(a.date, asOf, activity.windowMonths) && (a.validated || !activity.requiresValidation),
      ).length;
      earned += (activity.counting === 'ONCE' ? Math.min(1, confirmed) : confirmed) * activity.points;
    }
    counted.set(category.code, Math.min(earned, category.cap));
  }
  return counted;
}

/**
 * The cheapest set of items (in effort units) that lifts the total after caps to the threshold and
 * the minimum category to its minimum. Per category, a small knapsack gives the cheapest way to add
 * each number of points within the room left under its cap; a second pass combines the categories.
 * The numbers are small (caps of 25–50, a threshold of 100), so this is exact and instant.
 */
export function planPoints(table: PointsTable, facts: OrganizationFacts, asOf: string, needTotal: boolean, needProgram: boolean): PointsPlan | null {
  const counted = countedByCategory(table, facts, asOf);
  const total = [...counted.values()].reduce((a, b) => a + b, 0);
  const minimum = table.minimumFromCategory;
  const programPoints = minimum ? (counted.get(minimum.category) ?? 0) : 0;
  const missingTotal = needTotal ? Math.max(0, table.threshold - total) : 0;
  const missingProgram = needProgram && minimum ? Math.max(0, minimum.points - programPoints) : 0;
  const rooms = new Map(table.categories.map((c) => [c.code, { cap: c.cap, room: c.cap - (counted.get(c.code) ?? 0) }]));
  const options = pointsOptions(table, facts, asOf);

  const solve = (forbidden: string | null) => {
    const perCategory = table.categories.map((category) => {
      const room = rooms.get(category.code)!.room;
      const mine = options.filter((o) => o.category === category.code && `${o.kind}:${o.code}` !== forbidden);
      return {
        code: category.code,
        best: cheapestGains(mine, Math.min(room, Math.max(missingTotal, category.code === minimum?.category ? missingProgram : 0))),
      };
    });
    // Combine: cost[t] = cheapest way to add at least t points overall (t capped at missingTotal).
    let combined: { effort: number; items: ChosenPoints[] }[] = Array.from({ length: missingTotal + 1 }, (_, t) =>
      t === 0 ? { effort: 0, items: [] } : { effort: Infinity, items: [] },
    );
    for (const category of perCategory) {
      const next = combined.map(() => ({ effort: Infinity, items: [] as ChosenPoints[] }));
      const mustReach = category.code === minimum?.category ? missingProgram : 0;
      for (let t = 0; t <= missingTotal; t++) {
        if (combined[t].effort === Infinity) continue;
        category.best.forEach((choice, gain) => {
          if (gain < mustReach || choice.effort === Infinity) return;
          const reached = Math.min(missingTotal, t + gain);
          const effort = combined[t].effort + choice.effort;
          if (effort < next[reached].effort) next[reached] = { effort, items: [...combined[t].items, ...choice.items] };
        });
      }
      combined = next;
    }
    return combined[missingTotal];
  };

  const best = solve(null);
  if (best.effort === Infinity) return null;
  // An equally cheap alternative exists when forbidding one of the chosen kinds of item costs nothing.
  let alternative = '';
  for (const item of group(best.items)) {
    const other = solve(`${item.kind}:${item.code}`);
    if (other.effort === best.effort) {
      const described = group(other.items).map((o) => `${o.count}× ${o.code}`);
      alternative = ` Equally cheap: ${joinWords(described)}.`;
      break;
    }
  }
  return { items: best.items, total, programPoints, rooms, alternative };
}

/**
 * For one category: best[g] = the cheapest items adding exactly g counted points (g up to the room
 * used; the last entry also stands for "g or more" once the cap is reached).
 */
function cheapestGains(options: PointsOption[], limit: number): { effort: number; items: ChosenPoints[] }[] {
  const best: { effort: number; items: ChosenPoints[] }[] = Array.from({ length: limit + 1 }, (_, g) =>
    g === 0 ? { effort: 0, items: [] } : { effort: Infinity, items: [] },
  );
  // Expand limited options into single copies and unlimited ones into as many as could help.
  const copies: PointsOption[] = [];
  for (const o of options) {
    const n = o.limit ?? Math.ceil(limit / o.points);
    for (let i = 0; i < n; i++) copies.push(o);
  }
  for (const o of copies) {
    for (let g = limit; g >= 0; g--) {
      if (best[g].effort === Infinity) continue;
      const reached = Math.min(limit, g + o.points);
      if (reached === g) continue;
      const effort = best[g].effort + o.effort;
      if (effort < best[reached].effort) {
        best[reached] = { effort, items: [...best[g].items, { ...o, gain: reached - g }] };
      }
    }
  }
  return best;
}
