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

/** An expected failure of a mutation, returned in its payload rather than thrown. */
export interface UserErrorData {
  code: string;
  message: string;
  field: string | null;
}

export function userError(code: string, message: string, field: string | null = null): UserErrorData {
  return { code, message, field };
}

/** A name already taken, compared ignoring case (organizations; products within their organization). */
export function duplicateName(message: string): UserErrorData {
  return userError('DUPLICATE_NAME', message, 'input.name');
}
