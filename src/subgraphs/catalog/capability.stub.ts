import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The framework's Capability, by id; the catalog adds `mappings`. */
@ObjectType('Capability')
@Directive('@key(fields: "id")')
export class CapabilityStub {
  @Field(() => ID)
  id!: string;

  /** Resolved from the framework snapshot (framework-labels.resolver.ts); shared with the framework subgraph. */
  @Field(() => String)
  @Directive('@shareable')
  slug?: string;

  /** Resolved from the framework snapshot (framework-labels.resolver.ts); shared with the framework subgraph. */
  @Field(() => String)
  @Directive('@shareable')
  name?: string;
}
