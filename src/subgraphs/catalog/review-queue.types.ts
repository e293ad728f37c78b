import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ReviewDecision } from '../../domain/catalog/review-mapping';
import type { UserErrorData } from '../../domain/errors';
import { ConnectionType } from '../../graphql/pagination';
import { UserErrorType } from '../../graphql/user-error.type';
import { MappingType, ReviewDecisionEnum } from './catalog.types';

export const { Connection: ReviewQueueConnection } = ConnectionType(MappingType, 'ReviewQueue');

/** The most mappings one batch decision may carry (a 200-row sheet fits with room to spare). */
export const MAX_BATCH_REVIEW = 500;

@InputType({ description: 'One mapping of a batch decision, with the version the reviewer saw.' })
export class ReviewItemInput {
  @Field(() => ID)
  mappingId!: string;

  @Field(() => Int, { nullable: true, description: 'The version the reviewer saw; a different current version is a CONFLICT for the whole batch.' })
  expectedVersion?: number | null;
}

@InputType({ description: `One decision over up to ${MAX_BATCH_REVIEW} mappings, all or nothing.` })
export class ReviewMappingsInput {
  @Field(() => [ReviewItemInput])
  items!: ReviewItemInput[];

  @Field(() => ReviewDecisionEnum)
  decision!: ReviewDecision;

  @Field(() => String, { nullable: true, description: 'The reason, recorded with every mapping of the batch.' })
  note?: string | null;
}

@ObjectType('ReviewMappingsPayload', { description: 'Every mapping of the batch with its new status, or none (errors say why).' })
export class ReviewMappingsPayload {
  @Field(() => [MappingType], { description: 'In the order of the input; empty when errors is not.' })
  mappings!: unknown[];

  @Field(() => Int, { description: 'How many mappings were decided.' })
  reviewed!: number;

  @Field(() => [UserErrorType], { description: 'Empty when the batch was decided; otherwise nothing was written.' })
  errors!: UserErrorData[];
}
