import { Directive, Field, ObjectType } from 'type-graphql';

/** An expected failure of a mutation: nothing was written. Shared by every subgraph's payloads. */
@ObjectType('UserError', { description: 'Why a mutation did nothing: a stable code, a message and the input field at fault.' })
@Directive('@shareable')
export class UserErrorType {
  @Field(() => String, { description: 'A stable, machine-readable code such as NOT_FOUND or EMPTY_NAME.' })
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field at fault, as a path such as "input.name".' })
  field!: string | null;
}
