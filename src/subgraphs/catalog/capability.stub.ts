import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The framework's Capability, by id; the catalog adds `mappings`. */
@ObjectType('Capability')
@Directive('@key(fields: "id")')
export class CapabilityStub {
  @Field(() => ID)
  id!: string;
}
