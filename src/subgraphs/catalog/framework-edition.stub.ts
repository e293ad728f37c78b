import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The framework's FrameworkEdition, by id (the framework resolves it by id or by slug). */
@ObjectType('FrameworkEdition')
@Directive('@key(fields: "id")')
export class FrameworkEditionStub {
  @Field(() => ID)
  id!: string;

  /** Resolved from the framework snapshot (framework-labels.resolver.ts); shared with the framework subgraph. */
  @Field(() => String)
  @Directive('@shareable')
  slug?: string;
}
