import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { seesPrivateOf } from '../../domain/access/policy';
import { DomainError } from '../../domain/errors';
import type { Context } from '../../graphql/context';
import { toConnection } from '../../graphql/pagination';
import { Credential } from './entities/credential.entity';
import { Organization } from './entities/organization.entity';
import { Person } from './entities/person.entity';
import { membershipLoaders } from './membership.loaders';
import { MembershipService } from './membership.service';
import {
  AddPersonInput,
  AddPersonPayload,
  CreateOrganizationInput,
  CreateOrganizationPayload,
  CredentialType,
  OrganizationConnection,
  OrganizationType,
  PersonType,
  RecordCredentialInput,
  RecordCredentialPayload,
  UpdateOrganizationInput,
  UpdateOrganizationPayload,
} from './membership.types';

function service(ctx: Context): MembershipService {
  return new MembershipService(ctx.em, membershipLoaders(ctx), ctx.viewer);
}

@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Query(() => OrganizationType, { nullable: true, description: 'One organization; an unknown id is a NOT_FOUND error.' })
  organization(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Organization> {
    return service(ctx).organization(id);
  }

  @Query(() => OrganizationConnection, { nullable: true, description: 'Organizations by name, a page at a time.' })
  async organizations(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true, description: 'Case-insensitive part of the name.' }) search?: string,
  ) {
    return toConnection(await service(ctx).organizations({ first, after, search }));
  }

  @Mutation(() => CreateOrganizationPayload)
  createOrganization(@Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput, @Ctx() ctx: Context) {
    return service(ctx).createOrganization(input);
  }

  @Mutation(() => UpdateOrganizationPayload)
  updateOrganization(@Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput, @Ctx() ctx: Context) {
    return service(ctx).updateOrganization(input);
  }

  @FieldResolver(() => OrganizationType, { nullable: true })
  parent(@Root() org: Organization, @Ctx() ctx: Context) {
    return org.parent ? membershipLoaders(ctx).organization.load(org.parent.id) : null;
  }

  @FieldResolver(() => Int, { description: "The employee count that sets the headcount tier: the top-most parent's." })
  companySize(@Root() org: Organization, @Ctx() ctx: Context): Promise<number> {
    return service(ctx).companySize(org);
  }

  @FieldResolver(() => [PersonType], {
    description: 'Everyone it employs or employed, by name; visible to the organization itself and Foundation staff, empty for others.',
  })
  async people(@Root() org: Organization, @Ctx() ctx: Context): Promise<Person[]> {
    if (!seesPrivateOf(ctx.viewer, org.id)) return [];
    return membershipLoaders(ctx).peopleByOrganization.load(org.id);
  }
}

@Resolver(() => PersonType)
export class PersonResolver {
  @Query(() => PersonType, { nullable: true, description: 'One person; an unknown id is a NOT_FOUND error.' })
  async person(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Person> {
    const person = await service(ctx).person(id);
    // Someone else's staff is simply not there, as if the id were unknown.
    if (!seesPrivateOf(ctx.viewer, person.organization.id)) throw new DomainError('NOT_FOUND', `No person with id "${id}"`, 'id');
    return person;
  }

  @Mutation(() => AddPersonPayload)
  addPerson(@Arg('input', () => AddPersonInput) input: AddPersonInput, @Ctx() ctx: Context) {
    return service(ctx).addPerson(input);
  }

  @Mutation(() => RecordCredentialPayload)
  recordCredential(@Arg('input', () => RecordCredentialInput) input: RecordCredentialInput, @Ctx() ctx: Context) {
    return service(ctx).recordCredential(input);
  }

  @FieldResolver(() => OrganizationType)
  organization(@Root() person: Person, @Ctx() ctx: Context) {
    return membershipLoaders(ctx).organization.load(person.organization.id);
  }

  @FieldResolver(() => [CredentialType])
  credentials(@Root() person: Person, @Ctx() ctx: Context): Promise<Credential[]> {
    return membershipLoaders(ctx).credentialsByPerson.load(person.id);
  }
}

// Reference resolvers used by the gateway's _entities calls; batched through the same loaders.
export const membershipReferenceResolvers = {
  Organization: { __resolveReference: (ref: { id: string }, ctx: Context) => membershipLoaders(ctx).organization.load(ref.id) },
  Person: { __resolveReference: (ref: { id: string }, ctx: Context) => membershipLoaders(ctx).person.load(ref.id) },
};
