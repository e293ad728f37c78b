import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Membership's Organization, as the catalog knows it: by id, to hang `products` on. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationStub {
  @Field(() => ID)
  id!: string;
}
