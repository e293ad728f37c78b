// The words the certification rules are written in: the kinds, the requirement codes of the API
// contract, the codes evidence and activities are recorded under, and the modes a rulebook may
// choose. Code knows this vocabulary; a rulebook (seeds/certifications/*.json) only picks from it.

export const CERTIFICATION_KINDS = ['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE'] as const;
export type CertificationKind = (typeof CERTIFICATION_KINDS)[number];

/** The kinds that certify one product: the caller names it, and only its evidence and mappings count. */
export const PRODUCT_KINDS: readonly CertificationKind[] = ['PLATFORM', 'SPECIALTY_SOLUTION'];

/** Every requirement code of the contract (certification-rules.md), in the order the rules list them. */
export const REQUIREMENT_CODES = [
  'FINOPS_MEMBERSHIP',
  'LF_MEMBERSHIP',
  'GENERAL_OR_PREMIER_MEMBERSHIP',
  'INDIVIDUAL_CERTIFICATIONS',
  'PUBLIC_FEATURE_MAPPING',
  'TARGET_CAPABILITY_MAPPING',
  'SLACK_SUPPORT_CHANNEL',
  'RECORDED_DEMO',
  'SERVICES_DESCRIPTION',
  'SERVICES_FRAMEWORK_ALIGNMENT',
  'PROFESSIONAL_ON_STAFF',
  'TRAINING_PARTNER_CONTRACT',
  'CERTIFIED_INSTRUCTOR_EMPLOYED',
  'COMMUNITY_CONTRIBUTIONS',
  'FOCUS_CRITERIA',
  'COMMUNITY_CRITERIA',
  'ENTERPRISE_POINTS',
  'ENTERPRISE_PROGRAM_POINTS',
] as const;
export type RequirementCode = (typeof REQUIREMENT_CODES)[number];

// Codes that take the same parameters share a name here, so a rule of the model (rulebook.ts) can
// be typed once for all of them. The evaluator still switches on each code: a code in none of these
// groups (INDIVIDUAL_CERTIFICATIONS, the points codes, ...) has a rule shape of its own.
export type MembershipRequirementCode = 'FINOPS_MEMBERSHIP' | 'LF_MEMBERSHIP' | 'GENERAL_OR_PREMIER_MEMBERSHIP';
export const EVIDENCE_REQUIREMENT_CODES = [
  'SLACK_SUPPORT_CHANNEL',
  'RECORDED_DEMO',
  'SERVICES_DESCRIPTION',
  'SERVICES_FRAMEWORK_ALIGNMENT',
  'TRAINING_PARTNER_CONTRACT',
  'FOCUS_CRITERIA',
  'COMMUNITY_CRITERIA',
] as const;
export type EvidenceRequirementCode = (typeof EVIDENCE_REQUIREMENT_CODES)[number];
export type CredentialOnStaffRequirementCode = 'PROFESSIONAL_ON_STAFF' | 'CERTIFIED_INSTRUCTOR_EMPLOYED';

/** Optional community items (program 2023); recorded as evidence with these codes. */
export const OPTIONAL_ITEM_CODES = [
  'OPEN_SOURCE_MATERIALS',
  'CUSTOMER_CASE_STUDIES',
  'WORKING_GROUP_CONTRIBUTOR',
  'BLOG_OR_PODCAST',
  'FOCUS_PARTICIPATION',
  'TAC_OR_BOARD_SEAT',
] as const;
export type OptionalItemCode = (typeof OPTIONAL_ITEM_CODES)[number];

/** Enterprise points activities. The Training rows come from people's credentials, the rest are recorded. */
export const ENTERPRISE_ACTIVITY_CODES = [
  'PROFESSIONAL_CERTIFICATION',
  'PRACTITIONER_CERTIFICATION',
  'PERSONA_TRAINING',
  'MEETUP_ORGANIZER',
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
] as const;
export type EnterpriseActivityCode = (typeof ENTERPRISE_ACTIVITY_CODES)[number];

/** Codes RecordEvidence accepts: evidence-backed requirements and the optional community items. */
export const EVIDENCE_CODES = [...EVIDENCE_REQUIREMENT_CODES, ...OPTIONAL_ITEM_CODES] as const;
export type EvidenceCode = (typeof EVIDENCE_CODES)[number];

export const HEADCOUNT_COUNTING_MODES = ['PRACTITIONER_EQUIVALENT', 'SEPARATE_COLUMNS'] as const;
export type HeadcountCountingMode = (typeof HEADCOUNT_COUNTING_MODES)[number];
/** The single column name of a PRACTITIONER_EQUIVALENT table (the contract's headcount column). */
export const PRACTITIONER_EQUIVALENT = 'PRACTITIONER_EQUIVALENT';

/** MOST: strictly more than half of the domains and of the capabilities; ALL: every one (the "2023-all" wording). */
export const COVERAGE_RULES = ['MOST', 'ALL'] as const;
export type CoverageRule = (typeof COVERAGE_RULES)[number];

export const ACTIVITY_COUNTING_MODES = ['PER_PERSON_WITH_CREDENTIAL', 'ONCE', 'PER_OCCURRENCE'] as const;
export type ActivityCountingMode = (typeof ACTIVITY_COUNTING_MODES)[number];

/** Whether the award validity is published by the Foundation or a product default. */
export const AWARD_VALIDITY_BASES = ['PUBLISHED', 'DEFAULT'] as const;
export type AwardValidityBasis = (typeof AWARD_VALIDITY_BASES)[number];

function isOneOf<const T extends readonly string[]>(values: T, value: unknown): value is T[number] {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
export const isCertificationKind = (v: unknown): v is CertificationKind => isOneOf(CERTIFICATION_KINDS, v);
export const isEnterpriseActivityCode = (v: unknown): v is EnterpriseActivityCode => isOneOf(ENTERPRISE_ACTIVITY_CODES, v);
export const isEvidenceCode = (v: unknown): v is EvidenceCode => isOneOf(EVIDENCE_CODES, v);
