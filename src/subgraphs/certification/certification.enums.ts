import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  AWARD_VALIDITY_BASES,
  CERTIFICATION_KINDS,
  INSTRUCTOR_REQUIREMENT_CODES,
  REQUIREMENT_CODES,
} from '../../domain/certification';
import { BADGE_REASONS } from '../../domain/badges/open-badge';
import { CREDENTIAL_KINDS, MEMBERSHIP_LEVELS } from '../../domain/membership/membership';
import { graphqlEnum } from '../../graphql/enums';
import { EVIDENCE_STATUSES } from './entities/evidence.entity';

// The certification subgraph's GraphQL enums, each from the domain's list of values.

export const CertificationKindEnum = graphqlEnum(
  CERTIFICATION_KINDS,
  'CertificationKind',
  'A FinOps Foundation member certification: PLATFORM, SPECIALTY_SOLUTION, SERVICE_PROVIDER, TRAINING_PARTNER, ENTERPRISE.',
);
export const RequirementCodeEnum = graphqlEnum(REQUIREMENT_CODES, 'RequirementCode', 'A certification requirement (certification-rules.md); stable.');
export const RequirementStatusEnum = graphqlEnum(
  ['MET', 'NOT_MET', 'NEEDS_REVIEW'] as const,
  'RequirementStatus',
  'NEEDS_REVIEW: a human must still confirm.',
);
export const EvaluationOutcomeEnum = graphqlEnum(
  ['ELIGIBLE', 'NOT_ELIGIBLE', 'NEEDS_REVIEW'] as const,
  'EvaluationOutcome',
  'ELIGIBLE when every requirement is MET; NOT_ELIGIBLE when any is NOT_MET; otherwise NEEDS_REVIEW.',
);
export const EvidenceStatusEnum = graphqlEnum(
  EVIDENCE_STATUSES,
  'EvidenceStatus',
  'Unvetted evidence leaves its requirement NEEDS_REVIEW; rejected evidence does not count.',
);
export const EvidenceDecisionEnum = graphqlEnum(['VETTED', 'REJECTED'] as const, 'EvidenceDecision');
export const ApplicationStatusEnum = graphqlEnum(APPLICATION_STATUSES, 'ApplicationStatus');
export const ApplicationActionEnum = graphqlEnum(
  APPLICATION_ACTIONS,
  'ApplicationAction',
  'SUBMIT (the vendor), STAFF_VET and RECORD_LIVE_DEMO (a REVIEWER), APPROVE (the TAC), REJECT with a reason (TAC or REVIEWER).',
);
export const AwardValidityBasisEnum = graphqlEnum(AWARD_VALIDITY_BASES, 'AwardValidityBasis');
export const InstructorRequirementCodeEnum = graphqlEnum(INSTRUCTOR_REQUIREMENT_CODES, 'InstructorRequirementCode');
// The same enums membership declares (identical values and descriptions), used by the what-if input.
export const MembershipLevelEnum = graphqlEnum(MEMBERSHIP_LEVELS, 'MembershipLevel', 'FinOps Foundation membership level.');
export const CredentialKindEnum = graphqlEnum(CREDENTIAL_KINDS, 'CredentialKind', 'An individual certification, training or role.');

export const AwardStatusEnum = graphqlEnum(
  ['VALID', 'NOT_YET_VALID', 'EXPIRED', 'REVOKED'] as const,
  'AwardStatus',
  'Where an award stands on a day: REVOKED (from the day of revocation on) wins over the dates.',
);
export const BadgeReasonEnum = graphqlEnum(
  BADGE_REASONS,
  'BadgeVerificationReason',
  'Why a badge is not valid: BAD_SIGNATURE (altered, or not signed with a published key), MALFORMED (not a vc+jwt Open Badge), ' +
    'EXPIRED, NOT_YET_VALID, REVOKED, UNKNOWN_AWARD (genuine signature, award not on record).',
);
