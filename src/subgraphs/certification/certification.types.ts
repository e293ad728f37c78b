import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import {
  ApplicationStatusEnum,
  AwardValidityBasisEnum,
  BadgeReasonEnum,
  CertificationKindEnum,
  EvaluationOutcomeEnum,
  EvidenceStatusEnum,
  InstructorRequirementCodeEnum,
  RequirementCodeEnum,
  RequirementStatusEnum,
} from './certification.enums';

// The certification subgraph's object types: programs, evaluations, the records an organization
// keeps (evidence, activities, applications, awards) and badges. Enums, inputs and payloads have
// files of their own.

// ------------------------------------------------------------------------------------ programs

@ObjectType('ProgramInterpretation', { description: "A decision the program takes where the Foundation's pages leave a rule open." })
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
  @Field(() => String, {
    description: 'PRACTITIONER_EQUIVALENT (program 2023) or a credential kind (2025: PRACTITIONER, PROFESSIONAL, FOCUS_ANALYST).',
  })
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

  @Field(() => String, { nullable: true, description: "The reviewer's note." })
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
