import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CREDENTIAL_KINDS, MEMBERSHIP_LEVELS } from '../../domain/membership/membership';
import { graphqlEnum } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { PayloadType } from '../../graphql/payload';
import { Credential } from './entities/credential.entity';

export const MembershipLevelEnum = graphqlEnum(MEMBERSHIP_LEVELS, 'MembershipLevel', 'FinOps Foundation membership level.');
export const CredentialKindEnum = graphqlEnum(CREDENTIAL_KINDS, 'CredentialKind', 'An individual certification, training or role.');

// Backed by the entities of the same name; computed fields are field resolvers.

@ObjectType('Organization', { description: 'A company or business unit: vendor, service provider, training partner or enterprise.' })
@Directive('@key(fields: "id")')
export class OrganizationType {
  @Field(() => ID)
  id!: string;

  @Directive('@shareable')
  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: 'Its own employee count (a business unit may be smaller than its company).' })
  employeeCount!: number;

  @Field(() => MembershipLevelEnum, { nullable: true, description: 'Null when not a FinOps Foundation member.' })
  finopsMembership!: string | null;

  @Field(() => Boolean)
  linuxFoundationMember!: boolean;
}

@ObjectType('Person', { description: 'Someone employed (now or once) by an organization.' })
@Directive('@key(fields: "id")')
export class PersonType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date, { nullable: true })
  employedFrom!: string | null;

  @Field(() => Date, { nullable: true, description: 'Last day of employment (inclusive); null while employed.' })
  employedUntil!: string | null;

  @Field(() => Boolean, { description: 'An individual community participant of the FinOps Foundation.' })
  communityParticipant!: boolean;

  @Field(() => Int, { nullable: true, description: 'Months of FinOps or related experience.' })
  finopsExperienceMonths!: number | null;

  @Field(() => Boolean, { description: 'Has public speaking or advocacy experience in FinOps.' })
  publicSpeaking!: boolean;
}

@ObjectType('Credential', { description: 'A credential a person holds: counts from awardedOn until the day before expiresOn.' })
export class CredentialType {
  @Field(() => ID)
  id!: string;

  @Field(() => CredentialKindEnum)
  kind!: string;

  @Field(() => Date)
  awardedOn!: string;

  @Field(() => Date, { nullable: true, description: 'First day it no longer counts; null when it does not expire.' })
  expiresOn!: string | null;
}

export const { Connection: OrganizationConnection } = ConnectionType(OrganizationType, 'Organization');

@InputType()
export class CreateOrganizationInput {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  employeeCount!: number;

  @Field(() => ID, { nullable: true, description: 'The parent organization, whose size is the company size.' })
  parentOrganizationId?: string | null;

  @Field(() => MembershipLevelEnum, { nullable: true })
  finopsMembership?: 'PREMIER' | 'GENERAL' | null;

  @Field(() => Boolean)
  linuxFoundationMember!: boolean;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Int, { nullable: true })
  employeeCount?: number | null;

  @Field(() => ID, { nullable: true, description: 'A new parent; see clearParent to remove it.' })
  parentOrganizationId?: string | null;

  @Field(() => Boolean, { nullable: true })
  clearParent?: boolean | null;

  @Field(() => MembershipLevelEnum, { nullable: true })
  finopsMembership?: 'PREMIER' | 'GENERAL' | null;

  @Field(() => Boolean, { nullable: true, description: 'Set true to record that it is no longer a FinOps member.' })
  clearFinopsMembership?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  linuxFoundationMember?: boolean | null;
}

@InputType()
export class AddPersonInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date, { nullable: true })
  employedFrom?: string | null;

  @Field(() => Date, { nullable: true })
  employedUntil?: string | null;

  @Field(() => Boolean, { nullable: true })
  communityParticipant?: boolean | null;

  @Field(() => Int, { nullable: true })
  finopsExperienceMonths?: number | null;

  @Field(() => Boolean, { nullable: true })
  publicSpeaking?: boolean | null;
}

@InputType()
export class RecordCredentialInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => CredentialKindEnum)
  kind!: Credential['kind'];

  @Field(() => Date)
  awardedOn!: string;

  @Field(() => Date, { nullable: true })
  expiresOn?: string | null;
}

export const CreateOrganizationPayload = PayloadType('CreateOrganizationPayload', 'organization', OrganizationType);
export const UpdateOrganizationPayload = PayloadType('UpdateOrganizationPayload', 'organization', OrganizationType);
export const AddPersonPayload = PayloadType('AddPersonPayload', 'person', PersonType);
export const RecordCredentialPayload = PayloadType('RecordCredentialPayload', 'credential', CredentialType);
