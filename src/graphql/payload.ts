import { type ClassType, Field, ObjectType } from 'type-graphql';
import type { UserErrorData } from '../domain/errors';
import { UserErrorType } from './user-error.type';

/**
 * A mutation payload: the changed object under `field` (null when nothing was written) and the
 * expected failures in `errors`. One factory keeps every payload of every subgraph the same shape.
 */
export function PayloadType(name: string, field: string, type: ClassType | (() => unknown), description?: string): ClassType {
  @ObjectType(name, { description })
  class Payload {
    @Field(() => [UserErrorType], { description: 'Empty when the mutation succeeded; otherwise nothing was written.' })
    errors!: UserErrorData[];
  }
  Field(() => type, { nullable: true })(Payload.prototype, field);
  return Payload;
}

export function failed<K extends string>(field: K, errors: UserErrorData[]): { errors: UserErrorData[] } & Record<K, null> {
  return { [field]: null, errors } as { errors: UserErrorData[] } & Record<K, null>;
}
