import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Membership's Organization, as the catalog knows it: by id, to hang `products` on. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationStub {
  @Field(() => ID)
  id!: string;

  /** Read from membership's table (read-only) so a product's page needs no second hop; shared with membership. */
  @Field(() => String)
  @Directive('@shareable')
  name?: string;
}
