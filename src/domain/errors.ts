import type { MappingSheetErrorCode } from './catalog/mapping-sheet';

// Codes a domain rule or a service can fail with. The GraphQL edge maps each to an
// `extensions.code` (see src/graphql/errors.ts); nothing else about the failure leaks out.
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'INVALID_SEED';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * Every code a mutation payload's `errors` can carry: problems with the input only (refusals and
 * conflicts of state are top-level errors, see src/services/run-mutation.ts). Listed in the README.
 */
export type UserErrorCode =
  // an id or slug named in the input that does not exist (or that the caller may not see); bad input the
  // rules refuse without a code of their own
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  // the single checks of free text (src/domain/input-checks.ts)
  | 'EMPTY_NAME'
  | 'TOO_LONG'
  | 'BAD_URL'
  // membership
  | 'NEGATIVE_EMPLOYEE_COUNT'
  | 'NEGATIVE_EXPERIENCE'
  | 'INVALID_EMPLOYMENT_DATES'
  | 'EXPIRES_BEFORE_AWARDED'
  | 'CYCLIC_PARENT'
  // catalog
  | 'BAD_STRENGTH'
  | 'DUPLICATE_FEATURE'
  | 'ALREADY_MAPPED'
  | 'EDITION_NOT_LATER'
  | MappingSheetErrorCode
  // certification
  | 'UNKNOWN_CODE'
  | 'NOT_RECORDABLE'
  | 'AWARD_NOT_APPLICABLE'
  | 'OWN_AWARD'
  | 'AWARD_KIND_MISMATCH'
  | 'AWARD_NOT_VALID'
  | 'PRODUCT_REQUIRED'
  | 'PRODUCT_NOT_APPLICABLE'
  | 'UNKNOWN_CAPABILITY'
  | 'TARGETS_REQUIRED'
  | 'TARGETS_NOT_APPLICABLE'
  | 'DUPLICATE_APPLICATION';

/** An expected failure of a mutation, returned in its payload rather than thrown. */
export interface UserErrorData {
  code: UserErrorCode;
  message: string;
  field: string | null;
}

export function userError(code: UserErrorCode, message: string, field: string | null = null): UserErrorData {
  return { code, message, field };
}
