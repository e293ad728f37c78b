import { Field, ObjectType } from 'type-graphql';
import type { UserErrorData } from '../../domain/errors';
import { PayloadType } from '../../graphql/payload';
import { UserErrorType } from '../../graphql/user-error.type';
import { ActivityType, ApplicationType, AwardType, EvidenceType } from './certification.types';

// What each certification mutation returns: its record, or the input problems that stopped it.

export const RecordEvidencePayload = PayloadType('RecordEvidencePayload', 'evidence', EvidenceType);
export const VetEvidencePayload = PayloadType('VetEvidencePayload', 'evidence', EvidenceType);
export const RecordActivityPayload = PayloadType('RecordActivityPayload', 'activity', ActivityType);
export const ValidateActivityPayload = PayloadType('ValidateActivityPayload', 'activity', ActivityType);
export const CreateApplicationPayload = PayloadType('CreateApplicationPayload', 'application', ApplicationType);
export const RevokeAwardPayload = PayloadType('RevokeAwardPayload', 'award', AwardType);

@ObjectType('AdvanceApplicationPayload')
export class AdvanceApplicationPayload {
  @Field(() => ApplicationType, { nullable: true })
  application!: unknown;

  @Field(() => AwardType, { nullable: true, description: 'The award an approval created.' })
  award!: unknown;

  @Field(() => [UserErrorType], { description: 'Empty when the mutation succeeded; otherwise nothing was written.' })
  errors!: UserErrorData[];
}
