import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  AWARD_VALIDITY_BASES,
  CERTIFICATION_KINDS,
  INSTRUCTOR_REQUIREMENT_CODES,
  REQUIREMENT_CODES,
} from '../../domain/certification';
import { BADGE_REASONS } from '../../domain/badges/open-badge';
import { CREDENTIAL_KINDS, MEMBERSHIP_LEVELS } from '../../domain/membership/membership';
import { graphqlEnum } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { PayloadType } from '../../graphql/payload';
import { UserErrorType } from '../../graphql/user-error.type';
import type { UserErrorData } from '../../domain/errors';
import { EVIDENCE_STATUSES } from './entities/evidence.entity';
import { FrameworkEditionRef, OrganizationRef, ProductRef } from './certification.stubs';

export const CertificationKindEnum = graphqlEnum(
  CERTIFICATION_KINDS,
  'CertificationKind',
  'A FinOps Foundation member certification: PLATFORM, SPECIALTY_SOLUTION, SERVICE_PROVIDER, TRAINING_PARTNER, ENTERPRISE.',
);
export const RequirementCodeEnum = graphqlEnum(REQUIREMENT_CODES, 'RequirementCode', 'A certification requirement (certification-rules.md); stable.');
export const RequirementStatusEnum = graphqlEnum(['MET', 'NOT_MET', 'NEEDS_REVIEW'] as const, 'RequirementStatus', 'NEEDS_REVIEW: a human must still confirm.');
export const EvaluationOutcomeEnum = graphqlEnum(
  ['ELIGIBLE', 'NOT_ELIGIBLE', 'NEEDS_REVIEW'] as const,
  'EvaluationOutcome',
  'ELIGIBLE when every requirement is MET; NOT_ELIGIBLE when any is NOT_MET; otherwise NEEDS_REVIEW.',
);
export const EvidenceStatusEnum = graphqlEnum(EVIDENCE_STATUSES, 'EvidenceStatus', 'Unvetted evidence leaves its requirement NEEDS_REVIEW; rejected evidence does not count.');
export const EvidenceDecisionEnum = graphqlEnum(['VETTED', 'REJECTED'] as const, 'EvidenceDecision');
export const ApplicationStatusEnum = graphqlEnum(APPLICATION_STATUSES, 'ApplicationStatus');
export const ApplicationActionEnum = graphqlEnum(
  APPLICATION_ACTIONS,
  'ApplicationAction',
  'SUBMIT (the vendor), STAFF_VET and RECORD_LIVE_DEMO (a REVIEWER), APPROVE (the TAC), REJECT with a reason (TAC or REVIEWER).',
);
export const AwardValidityBasisEnum = graphqlEnum(AWARD_VALIDITY_BASES, 'AwardValidityBasis');
export const InstructorRequirementCodeEnum = graphqlEnum(INSTRUCTOR_REQUIREMENT_CODES, 'InstructorRequirementCode');
// The same enums membership declares (identical values and descriptions), used by the what-if input.
export const MembershipLevelEnum = graphqlEnum(MEMBERSHIP_LEVELS, 'MembershipLevel', 'FinOps Foundation membership level.');
export const CredentialKindEnum = graphqlEnum(CREDENTIAL_KINDS, 'CredentialKind', 'An individual certification, training or role.');

// ------------------------------------------------------------------------------------ programs

@ObjectType('ProgramInterpretation', { description: 'A decision the program takes where the Foundation\'s pages leave a rule open.' })
export class ProgramInterpretationType {
  @Field(() => String)
  topic!: string;

  @Field(() => String)
  text!: string;
}

@ObjectType('ProgramBasis', { description: 'What the program is based on.' })
export class ProgramBasisType {
  @Field(() => String)
  summary!: string;

  @Field(() => [String])
  sources!: string[];
}

@ObjectType('ProgramRequirement', { description: 'A requirement a certification of the program lists, in the order evaluations report it.' })
export class ProgramRequirementType {
  @Field(() => RequirementCodeEnum)
  code!: string;

  @Field(() => String)
  summary!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('ProgramCertification', { description: 'One certification kind of a program and its requirements.' })
export class ProgramCertificationType {
  @Field(() => CertificationKindEnum)
  kind!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [ProgramRequirementType])
  requirements!: ProgramRequirementType[];
}

/** Backed by a parsed Rulebook; kinds, frameworkEdition and certifications are field resolvers. */
@ObjectType('CertificationProgram', { description: 'A versioned certification rulebook (e.g. "2023", "2025"), held as data.' })
export class CertificationProgramType {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  effectiveFrom!: string;

  @Field(() => Boolean, { description: 'Used when a caller names no program.' })
  isDefault!: boolean;

  @Field(() => Int, { description: 'How long an award under this program is valid.' })
  awardValidityMonths!: number;

  @Field(() => AwardValidityBasisEnum, { description: 'PUBLISHED by the Foundation, or a product DEFAULT.' })
  awardValidityBasis!: string;

  @Field(() => ProgramBasisType)
  basis!: ProgramBasisType;

  @Field(() => [ProgramInterpretationType])
  interpretations!: ProgramInterpretationType[];
}

// ------------------------------------------------------------------------------------ evaluation

@ObjectType('RequirementResult', { description: 'One requirement, judged: status, a human-readable explanation and what is missing.' })
export class RequirementResultType {
  @Field(() => RequirementCodeEnum)
  code!: string;

  @Field(() => RequirementStatusEnum)
  status!: string;

  @Field(() => String)
  explanation!: string;

  @Field(() => String, { nullable: true, description: 'What is short, in words ("needs 3 more Practitioner-equivalents"); null when nothing is.' })
  shortfall!: string | null;
}

@ObjectType('HeadcountColumn', { description: 'One column of the headcount table.' })
export class HeadcountColumnType {
  @Field(() => String, { description: 'PRACTITIONER_EQUIVALENT (program 2023) or a credential kind (2025: PRACTITIONER, PROFESSIONAL, FOCUS_ANALYST).' })
  credential!: string;

  @Field(() => Int)
  required!: number;

  @Field(() => Int)
  counted!: number;

  @Field(() => Int)
  shortfall!: number;
}

@ObjectType('Headcount', { description: 'Individual certifications counted against the tier of the company size.' })
export class HeadcountType {
  @Field(() => Int, { description: 'The employee count of the top-most parent organization.' })
  companySize!: number;

  @Field(() => [HeadcountColumnType])
  columns!: HeadcountColumnType[];
}

@ObjectType('EvaluationCoverageCount')
export class EvaluationCoverageCountType {
  @Field(() => Int)
  covered!: number;

  @Field(() => Int)
  total!: number;
}

@ObjectType('EvaluationCoverage', { description: 'Coverage of the product evaluated, in the edition evaluated.' })
export class EvaluationCoverageType {
  @Field(() => EvaluationCoverageCountType)
  domains!: EvaluationCoverageCountType;

  @Field(() => EvaluationCoverageCountType)
  capabilities!: EvaluationCoverageCountType;

  @Field(() => Boolean, { description: 'Both counts strictly more than half.' })
  meetsMost!: boolean;
}

@ObjectType('PointsCategory', { description: 'Enterprise points of one category: before the cap, after it, and what the cap cost.' })
export class PointsCategoryType {
  @Field(() => String)
  category!: string;

  @Field(() => Int, { description: 'Before the cap.' })
  earned!: number;

  @Field(() => Int, { description: 'After the cap.' })
  counted!: number;

  @Field(() => Int)
  cap!: number;

  @Field(() => Int)
  lostToCap!: number;
}

@ObjectType('EnterprisePoints')
export class EnterprisePointsType {
  @Field(() => Int, { description: 'After caps, validated activities only.' })
  total!: number;

  @Field(() => Int, { description: '"Demonstrate FinOps Program", after its cap.' })
  programPoints!: number;

  @Field(() => [PointsCategoryType])
  categories!: PointsCategoryType[];
}

/** Backed by the evaluator's Evaluation (program and edition are slugs, resolved by field resolvers). */
@ObjectType('CertificationEvaluation', { description: 'Every requirement of a certification judged on a date, under a program, against an edition.' })
export class CertificationEvaluationType {
  @Field(() => CertificationKindEnum)
  kind!: string;

  @Field(() => Date)
  asOf!: string;

  @Field(() => EvaluationOutcomeEnum)
  outcome!: string;

  @Field(() => [RequirementResultType])
  requirements!: RequirementResultType[];

  @Field(() => HeadcountType, { nullable: true, description: 'For kinds that list INDIVIDUAL_CERTIFICATIONS.' })
  headcount!: HeadcountType | null;

  @Field(() => EvaluationCoverageType, { nullable: true, description: 'For kinds that list PUBLIC_FEATURE_MAPPING.' })
  coverage!: EvaluationCoverageType | null;

  @Field(() => EnterprisePointsType, { nullable: true, description: 'For kinds scored with a points table (ENTERPRISE).' })
  points!: EnterprisePointsType | null;
}

// ------------------------------------------------------------------------------------ evidence and activities

/** Backed by the Evidence entity. */
@ObjectType('CertificationEvidence', { description: 'An item of evidence an organization submitted, and its vetting.' })
export class EvidenceType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'A requirement code (SLACK_SUPPORT_CHANNEL …) or an optional community item code.' })
  code!: string;

  @Field(() => String)
  url!: string;

  @Field(() => Date)
  date!: string;

  @Field(() => EvidenceStatusEnum)
  status!: string;

  @Field(() => String, { nullable: true, description: 'The reviewer\'s note.' })
  note!: string | null;

  @Field(() => Int)
  version!: number;
}

/** Backed by the EnterpriseActivity entity. */
@ObjectType('EnterpriseActivity', { description: 'An activity recorded for Certified Enterprise points.' })
export class ActivityType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  code!: string;

  @Field(() => Date)
  date!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Boolean, { description: 'False while an activity that requires validation (INTERNAL_FINOPS_TOOL) waits for a reviewer.' })
  validated!: boolean;

  @Field(() => Int)
  version!: number;
}

// ------------------------------------------------------------------------------------ applications and awards

/** Backed by the CertificationApplication entity. */
@ObjectType('CertificationApplication', { description: 'An application for a certification, and where it stands in the workflow.' })
export class ApplicationType {
  @Field(() => ID)
  id!: string;

  @Field(() => CertificationKindEnum)
  kind!: string;

  @Field(() => [String], { description: 'SPECIALTY_SOLUTION: capability slugs of the edition the solution targets.' })
  targetCapabilities!: string[];

  @Field(() => ApplicationStatusEnum)
  status!: string;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => Int, { description: 'Pass it as expectedVersion to advance only what you have seen.' })
  version!: number;
}

/** Backed by the CertificationAward entity. */
@ObjectType('CertificationAward', { description: 'A certification the Foundation awarded: what the Landscape shows.' })
export class AwardType {
  @Field(() => ID)
  id!: string;

  @Field(() => CertificationKindEnum)
  kind!: string;

  @Field(() => Date)
  issuedOn!: string;

  @Field(() => Date, { description: 'First day the award is no longer valid.' })
  expiresOn!: string;
}

export const { Connection: AwardConnection } = ConnectionType(AwardType, 'CertificationAward');

export const AwardStatusEnum = graphqlEnum(
  ['VALID', 'NOT_YET_VALID', 'EXPIRED', 'REVOKED'] as const,
  'AwardStatus',
  'Where an award stands on a day: REVOKED (from the day of revocation on) wins over the dates.',
);
export const BadgeReasonEnum = graphqlEnum(
  BADGE_REASONS,
  'BadgeVerificationReason',
  'Why a badge is not valid: BAD_SIGNATURE (altered, or not signed with a published key), MALFORMED (not a vc+jwt Open Badge), ' +
    'EXPIRED, NOT_YET_VALID, REVOKED, UNKNOWN_AWARD (genuine signature, award not on record).',
);

@ObjectType('Badge', {
  description:
    'The award as an Open Badges 3.0 credential (W3C VC Data Model 2.0) secured as a JWT (typ vc+jwt, EdDSA or ES256); ' +
    'the public keys are at /.well-known/jwks.json.',
})
export class BadgeType {
  @Field(() => String, { description: 'The signed credential (compact JWS).' })
  jwt!: string;

  @Field(() => String, { description: 'Where the same JWT is served (application/vc+jwt).' })
  url!: string;

  @Field(() => String, { description: 'An accessible SVG image of the badge, for web pages.' })
  imageUrl!: string;

  @Field(() => String, { description: 'A page that verifies the badge and says the result in words (also the credential id).' })
  verificationUrl!: string;
}

@ObjectType('BadgeVerification', { description: 'The result of checking a badge JWT: never an error for a bad token.' })
export class BadgeVerificationType {
  @Field(() => Boolean)
  valid!: boolean;

  @Field(() => BadgeReasonEnum, { nullable: true, description: 'Null when valid.' })
  reason!: string | null;

  @Field(() => String, { description: 'The outcome in words.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The published key (kid) that signed it, when the signature checked out.' })
  kid!: string | null;

  @Field(() => AwardType, { nullable: true, description: 'The award the badge names, when its signature is genuine and the award is on record.' })
  award!: unknown;
}

@ObjectType('InstructorRequirementGap', { description: 'A Certified Instructor requirement the person does not meet.' })
export class InstructorRequirementGapType {
  @Field(() => InstructorRequirementCodeEnum)
  code!: string;

  @Field(() => String)
  explanation!: string;
}

@ObjectType('InstructorQualification', { description: 'Whether a person may be recorded as a FinOps Certified Instructor (program 2023).' })
export class InstructorQualificationType {
  @Field(() => Boolean)
  qualified!: boolean;

  @Field(() => [InstructorRequirementGapType], { description: 'Every requirement not met, at once.' })
  missing!: InstructorRequirementGapType[];

  @Field(() => Date)
  asOf!: string;
}

// ------------------------------------------------------------------------------------ inputs

@InputType('SimulatedCredentialInput')
export class SimulatedCredentialInput {
  @Field(() => CredentialKindEnum)
  kind!: string;

  @Field(() => Date)
  awardedOn!: string;

  @Field(() => Date, { nullable: true, description: 'Exclusive; null: does not expire.' })
  expiresOn?: string | null;
}

@InputType('SimulatedPersonInput')
export class SimulatedPersonInput {
  @Field(() => Date, { nullable: true })
  employedFrom?: string | null;

  @Field(() => Date, { nullable: true, description: 'Inclusive last day.' })
  employedUntil?: string | null;

  @Field(() => [SimulatedCredentialInput], { nullable: true })
  credentials?: SimulatedCredentialInput[] | null;
}

@InputType('SimulatedEvidenceInput')
export class SimulatedEvidenceInput {
  @Field(() => String)
  code!: string;

  @Field(() => Date)
  date!: string;
}

@InputType('SimulatedActivityInput')
export class SimulatedActivityInput {
  @Field(() => String)
  code!: string;

  @Field(() => Date)
  date!: string;

  @Field(() => Boolean, { nullable: true, description: 'Default true; false for an internal tool a reviewer has not validated.' })
  validated?: boolean | null;
}

@InputType('SimulatedOrganizationInput')
export class SimulatedOrganizationInput {
  @Field(() => Int, { description: 'The company size: the top-most parent\'s employee count.' })
  employeeCount!: number;

  @Field(() => MembershipLevelEnum, { nullable: true })
  finopsMembership?: 'PREMIER' | 'GENERAL' | null;

  @Field(() => Boolean)
  linuxFoundationMember!: boolean;

  @Field(() => [SimulatedPersonInput], { nullable: true })
  people?: SimulatedPersonInput[] | null;

  @Field(() => [SimulatedEvidenceInput], { nullable: true, description: 'Counts as vetted.' })
  evidence?: SimulatedEvidenceInput[] | null;

  @Field(() => [SimulatedActivityInput], { nullable: true })
  activities?: SimulatedActivityInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Capability slugs of the edition covered by approved public mappings.' })
  coveredCapabilities?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'SPECIALTY_SOLUTION: the capability slugs the application targets.' })
  targetCapabilities?: string[] | null;
}

@InputType('SimulateCertificationInput')
export class SimulateCertificationInput {
  @Field(() => String)
  program!: string;

  @Field(() => CertificationKindEnum)
  kind!: string;

  @Field(() => Date, { nullable: true, description: 'Default: today.' })
  asOf?: string | null;

  @Field(() => String, { nullable: true, description: 'Framework edition slug; default: the program\'s.' })
  edition?: string | null;

  @Field(() => SimulatedOrganizationInput)
  organization!: SimulatedOrganizationInput;
}

@InputType('RecordEvidenceInput')
export class RecordEvidenceInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String, { description: 'A requirement code backed by evidence, or an optional community item code.' })
  code!: string;

  @Field(() => String, { description: 'http(s) URL.' })
  url!: string;

  @Field(() => Date)
  date!: string;

  @Field(() => ID, { nullable: true, description: 'The organization\'s product the evidence is about, if any.' })
  productId?: string | null;
}

@InputType('VetEvidenceInput')
export class VetEvidenceInput {
  @Field(() => ID)
  evidenceId!: string;

  @Field(() => EvidenceDecisionEnum)
  decision!: 'VETTED' | 'REJECTED';

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'Refuse with CONFLICT if the evidence has changed since this version.' })
  expectedVersion?: number | null;
}

@InputType('RecordActivityInput')
export class RecordActivityInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String, { description: 'An Enterprise activity code that is recorded (Training rows come from credentials).' })
  code!: string;

  @Field(() => Date)
  date!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'USES_CERTIFIED_PLATFORM / USED_CERTIFIED_SERVICE_PROVIDER: another organization\'s award, valid on the activity date.',
  })
  awardId?: string | null;
}

@InputType('ValidateActivityInput')
export class ValidateActivityInput {
  @Field(() => ID)
  activityId!: string;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@InputType('CreateApplicationInput')
export class CreateApplicationInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => CertificationKindEnum)
  kind!: string;

  @Field(() => String, { nullable: true, description: 'Program slug; default: the default program.' })
  program?: string | null;

  @Field(() => ID, { nullable: true, description: 'Required for PLATFORM and SPECIALTY_SOLUTION: the organization\'s product.' })
  productId?: string | null;

  @Field(() => [String], { nullable: true, description: 'SPECIALTY_SOLUTION: capability slugs of the program\'s edition (at least one).' })
  targetCapabilities?: string[] | null;
}

@InputType('AdvanceApplicationInput')
export class AdvanceApplicationInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => ApplicationActionEnum)
  action!: string;

  @Field(() => String, { nullable: true, description: 'Required for REJECT; shown to the applicant.' })
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: 'Refuse with CONFLICT if the application has changed since this version.' })
  expectedVersion?: number | null;
}

@InputType('RevokeAwardInput')
export class RevokeAwardInput {
  @Field(() => ID)
  awardId!: string;

  @Field(() => String, { description: 'Why (required, at most 2,000 characters); recorded in the audit trail and shown to the awardee and staff.' })
  reason!: string;
}

// ------------------------------------------------------------------------------------ payloads

export const RecordEvidencePayload = PayloadType('RecordEvidencePayload', 'evidence', EvidenceType);
export const VetEvidencePayload = PayloadType('VetEvidencePayload', 'evidence', EvidenceType);
export const RecordActivityPayload = PayloadType('RecordActivityPayload', 'activity', ActivityType);
export const ValidateActivityPayload = PayloadType('ValidateActivityPayload', 'activity', ActivityType);
export const CreateApplicationPayload = PayloadType('CreateApplicationPayload', 'application', ApplicationType);
export const RevokeAwardPayload = PayloadType('RevokeAwardPayload', 'award', AwardType);

@ObjectType('AdvanceApplicationPayload')
export class AdvanceApplicationPayload {
  @Field(() => ApplicationType, { nullable: true })
  application!: unknown;

  @Field(() => AwardType, { nullable: true, description: 'The award an approval created.' })
  award!: unknown;

  @Field(() => [UserErrorType], { description: 'Empty when the mutation succeeded; otherwise nothing was written.' })
  errors!: UserErrorData[];
}

export { FrameworkEditionRef, OrganizationRef, ProductRef };
