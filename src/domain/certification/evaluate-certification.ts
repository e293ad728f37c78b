import { DomainError } from '../errors';
import { CREDENTIAL_KINDS, MEMBERSHIP_LEVELS } from '../membership/membership';
import { countedPeople } from './as-of';
import { evaluateHeadcount } from './count-headcount';
import { assertIsoDate } from './dates';
import { evaluateCommunityContributions } from './evaluate-community-items';
import { evaluateFeatureMapping, evaluateTargetMapping } from './evaluate-coverage';
import { evaluateEvidenceRequirement } from './evaluate-evidence';
import type {
  CoverageFacts,
  Evaluation,
  EvaluationOutcome,
  HeadcountResult,
  OrganizationFacts,
  PersonFact,
  PointsResult,
  RequirementResult,
} from './evaluation-types';
import { credentialName, credentialNoun, formatNumber, plural, withNote } from './explain';
import { headcountTableOf, kindRules, optionalItemSetOf, pointsTableOf, programKinds, type RequirementRule, type Rulebook } from './rulebook';
import { isCertificationKind, type CertificationKind, type CredentialOnStaffRequirementCode, type MembershipRequirementCode } from './vocabulary';
import { evaluatePointsTotal, evaluateProgramPoints, scorePoints, type PointsScore } from './score-points';

// The rule engine behind EvaluateCertification and SimulateCertification. It takes a program
// (a parsed rulebook), the kind applied for, the as-of date, the framework edition evaluated and the
// organization's facts, and answers every requirement of that kind in the program's order, each
// with an explanation a reviewer can check by hand. A certification that is not (yet) earned is a
// normal answer, not an error: only malformed input or a kind the program lacks throws.

export interface EvaluateCertificationInput {
  program: Rulebook;
  kind: CertificationKind;
  asOf: string;
  /** The framework edition evaluated: the program's own, or a caller's override. */
  edition: string;
  facts: OrganizationFacts;
}

/** ELIGIBLE when every requirement is MET; NOT_ELIGIBLE when any is NOT_MET; otherwise NEEDS_REVIEW. */
export function outcomeOf(requirements: { status: RequirementResult['status'] }[]): EvaluationOutcome {
  if (requirements.some((r) => r.status === 'NOT_MET')) return 'NOT_ELIGIBLE';
  if (requirements.every((r) => r.status === 'MET')) return 'ELIGIBLE';
  return 'NEEDS_REVIEW';
}

export function evaluateCertification(input: EvaluateCertificationInput): Evaluation {
  const { program, asOf, edition, facts } = input;
  validateInput(input);
  const rules = kindRules(program, input.kind);

  let headcount: HeadcountResult | null = null;
  let coverage: CoverageFacts | null = null;
  let points: PointsResult | null = null;
  // Both points requirements read one score; computing it once keeps their numbers consistent.
  const scores = new Map<string, PointsScore>();
  const scoreOf = (tableId: string): PointsScore => {
    let score = scores.get(tableId);
    if (!score) {
      score = scorePoints(pointsTableOf(program, tableId), facts.people, facts.activities, asOf);
      scores.set(tableId, score);
    }
    return score;
  };

  const requirements = rules.requirements.map((rule): RequirementResult => {
    switch (rule.code) {
      case 'FINOPS_MEMBERSHIP':
      case 'LF_MEMBERSHIP':
      case 'GENERAL_OR_PREMIER_MEMBERSHIP':
        return evaluateMembership(rule, facts);
      case 'INDIVIDUAL_CERTIFICATIONS': {
        const result = evaluateHeadcount(rule, headcountTableOf(program, rule.headcountTable), facts.companySize, facts.people, asOf);
        headcount = result.headcount;
        return result.requirement;
      }
      case 'PUBLIC_FEATURE_MAPPING':
        coverage = facts.coverage;
        return evaluateFeatureMapping(rule, facts.coverage, edition, program.frameworkEdition);
      case 'TARGET_CAPABILITY_MAPPING':
        return evaluateTargetMapping(rule, facts.targetCapabilities, facts.coveredCapabilities, edition);
      case 'SLACK_SUPPORT_CHANNEL':
      case 'RECORDED_DEMO':
      case 'SERVICES_DESCRIPTION':
      case 'SERVICES_FRAMEWORK_ALIGNMENT':
      case 'TRAINING_PARTNER_CONTRACT':
      case 'FOCUS_CRITERIA':
      case 'COMMUNITY_CRITERIA':
        return evaluateEvidenceRequirement(rule, facts.evidence, asOf);
      case 'PROFESSIONAL_ON_STAFF':
      case 'CERTIFIED_INSTRUCTOR_EMPLOYED':
        return evaluateCredentialOnStaff(rule, facts.people, asOf);
      case 'COMMUNITY_CONTRIBUTIONS':
        return evaluateCommunityContributions(rule, optionalItemSetOf(program, rule.optionalItems), facts.evidence, asOf);
      case 'ENTERPRISE_POINTS':
      case 'ENTERPRISE_PROGRAM_POINTS': {
        const table = pointsTableOf(program, rule.pointsTable);
        const score = scoreOf(rule.pointsTable);
        points = { total: score.total, programPoints: score.programPoints, categories: score.categories };
        return rule.code === 'ENTERPRISE_POINTS' ? evaluatePointsTotal(rule, table, score, asOf) : evaluateProgramPoints(rule, table, score);
      }
    }
  });

  return {
    program: program.slug,
    kind: rules.kind,
    asOf,
    edition,
    outcome: outcomeOf(requirements),
    requirements,
    headcount,
    coverage,
    points,
  };
}

function evaluateMembership(rule: RequirementRule & { code: MembershipRequirementCode }, facts: OrganizationFacts): RequirementResult {
  // The summary would only repeat the finding here, so the explanation states the finding alone.
  const level = facts.finopsMembership;
  let met: boolean;
  let explanation: string;
  switch (rule.code) {
    case 'FINOPS_MEMBERSHIP':
      met = level !== null;
      explanation = met
        ? `The organization is a FinOps Foundation member at the ${level} level (any level qualifies).`
        : 'The organization is not a FinOps Foundation member; membership at any level is required.';
      break;
    case 'GENERAL_OR_PREMIER_MEMBERSHIP':
      met = level === 'GENERAL' || level === 'PREMIER';
      explanation = met
        ? `The organization is a ${level} member of the FinOps Foundation (General or Premier is required).`
        : 'The organization is not a General or Premier member of the FinOps Foundation, which is required.';
      break;
    case 'LF_MEMBERSHIP':
      met = facts.linuxFoundationMember;
      explanation = met ? 'The organization is a Linux Foundation member.' : 'The organization is not a Linux Foundation member, which is required.';
      break;
  }
  return { code: rule.code, status: met ? 'MET' : 'NOT_MET', explanation: withNote(explanation, rule.note), shortfall: null };
}

function evaluateCredentialOnStaff(
  rule: RequirementRule & { code: CredentialOnStaffRequirementCode },
  people: PersonFact[],
  asOf: string,
): RequirementResult {
  const counted = countedPeople(people, asOf);
  const holding = counted.filter((held) => held.has(rule.credential)).length;
  const met = holding >= rule.minPeople;
  const name = credentialName(rule.credential);
  const explanation = `${rule.summary} ${formatNumber(holding)} of the ${plural(counted.length, 'person', 'people')} employed on ${asOf} ${holding === 1 ? 'holds' : 'hold'} a valid ${name} credential (${formatNumber(rule.minPeople)} needed).`;
  const missing = rule.minPeople - holding;
  return {
    code: rule.code,
    status: met ? 'MET' : 'NOT_MET',
    explanation: withNote(explanation, rule.note),
    shortfall: met
      ? null
      : `needs ${formatNumber(missing)} more ${missing === 1 ? 'person' : 'people'} holding a valid ${credentialNoun(1, rule.credential)}`,
  };
}

// Input arrives from a GraphQL what-if as well as from the database, so it is checked here once,
// with the field at fault, instead of letting a bad date silently drop a credential.
function validateInput(input: EvaluateCertificationInput): void {
  const { program, facts } = input;
  if (!isCertificationKind(input.kind)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Unknown certification kind ${JSON.stringify(input.kind)}; program ${program.slug} has ${programKinds(program).join(', ')}`,
      'kind',
    );
  }
  assertIsoDate(input.asOf, 'asOf');
  if (typeof input.edition !== 'string' || input.edition.trim() === '')
    throw new DomainError('BAD_USER_INPUT', 'edition must name a framework edition', 'edition');
  if (!Number.isInteger(facts.companySize) || facts.companySize < 0) {
    throw new DomainError('BAD_USER_INPUT', `companySize must be a whole number of employees, zero or more; got ${facts.companySize}`, 'companySize');
  }
  if (facts.finopsMembership !== null && !(MEMBERSHIP_LEVELS as readonly string[]).includes(facts.finopsMembership)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `finopsMembership must be ${MEMBERSHIP_LEVELS.join(' or ')} or null; got ${JSON.stringify(facts.finopsMembership)}`,
      'finopsMembership',
    );
  }
  facts.people.forEach((person, i) => {
    if (person.employedFrom !== null) assertIsoDate(person.employedFrom, `people[${i}].employedFrom`);
    if (person.employedUntil !== null) assertIsoDate(person.employedUntil, `people[${i}].employedUntil`);
    person.credentials.forEach((credential, j) => {
      const at = `people[${i}].credentials[${j}]`;
      if (!(CREDENTIAL_KINDS as readonly string[]).includes(credential.kind)) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `${at}.kind must be one of ${CREDENTIAL_KINDS.join(', ')}; got ${JSON.stringify(credential.kind)}`,
          `${at}.kind`,
        );
      }
      assertIsoDate(credential.awardedOn, `${at}.awardedOn`);
      if (credential.expiresOn !== null) assertIsoDate(credential.expiresOn, `${at}.expiresOn`);
    });
  });
  facts.evidence.forEach((item, i) => assertIsoDate(item.date, `evidence[${i}].date`));
  facts.activities.forEach((item, i) => assertIsoDate(item.date, `activities[${i}].date`));
}
