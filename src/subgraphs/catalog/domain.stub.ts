import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The framework's Domain, by id, for coverage by domain. */
@ObjectType('Domain')
@Directive('@key(fields: "id")')
export class DomainStub {
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
