import { Directive, Field, ID, ObjectType } from 'type-graphql';

// Entities other subgraphs own, as this subgraph knows them. Organization gains certification
// fields here, so it is resolvable; Product and FrameworkEdition are only pointed at.

/** Membership's Organization, extended with evaluations, evidence, activities, applications and awards. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID)
  id!: string;
}

/** The catalog's Product, by id. */
@ObjectType('Product')
@Directive('@key(fields: "id", resolvable: false)')
export class ProductRef {
  @Field(() => ID)
  id!: string;
}

/** The framework's FrameworkEdition, by slug (programs name their edition by slug). */
@ObjectType('FrameworkEdition')
@Directive('@key(fields: "slug", resolvable: false)')
export class FrameworkEditionRef {
  @Field(() => String)
  slug!: string;
}

export const organizationRef = (id: string): OrganizationRef => ({ id });
export const productRef = (id: string | null | undefined): ProductRef | null => (id ? { id } : null);
export const editionRef = (slug: string): FrameworkEditionRef => ({ slug });
