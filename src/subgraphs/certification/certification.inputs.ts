import { Field, ID, InputType, Int } from 'type-graphql';
import { ApplicationActionEnum, CertificationKindEnum, CredentialKindEnum, EvidenceDecisionEnum, MembershipLevelEnum } from './certification.enums';

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
  @Field(() => Int, { description: "The company size: the top-most parent's employee count." })
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

  @Field(() => String, { nullable: true, description: "Framework edition slug; default: the program's." })
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

  @Field(() => ID, { nullable: true, description: "The organization's product the evidence is about, if any." })
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
    description: "USES_CERTIFIED_PLATFORM / USED_CERTIFIED_SERVICE_PROVIDER: another organization's award, valid on the activity date.",
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

  @Field(() => ID, { nullable: true, description: "Required for PLATFORM and SPECIALTY_SOLUTION: the organization's product." })
  productId?: string | null;

  @Field(() => [String], { nullable: true, description: "SPECIALTY_SOLUTION: capability slugs of the program's edition (at least one)." })
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
