import { type UserErrorData, userError } from '../errors';
import { checkName } from '../input-checks';

/** Shape checks of an organization's own fields; returns every problem, with the input field at fault. */
export function validateOrganizationFields(input: { name?: string | null; employeeCount?: number | null }): UserErrorData[] {
  const errors: UserErrorData[] = [];
  if (input.name !== undefined) {
    checkName(input.name, 'input.name', errors, "The organization's name");
  }
  if (input.employeeCount !== undefined) {
    const count = input.employeeCount;
    if (count === null || !Number.isInteger(count) || count < 0) {
      errors.push(userError('NEGATIVE_EMPLOYEE_COUNT', `employeeCount must be zero or more; got ${count}`, 'input.employeeCount'));
    }
  }
  return errors;
}

/**
 * Would making `parentId` the parent of `id` close a loop? Walks up from the new parent through the
 * known parent links; `parentOf` answers for every ancestor (the caller loads the chain).
 */
export function wouldCreateCycle(id: string, parentId: string, parentOf: (id: string) => string | null | undefined): boolean {
  const seen = new Set<string>();
  for (let current: string | null | undefined = parentId; current; current = parentOf(current)) {
    if (current === id) return true;
    if (seen.has(current)) return true; // an existing loop: refuse rather than spin
    seen.add(current);
  }
  return false;
}

/** Employment dates: until (inclusive last day) may not come before from. */
export function validateEmployment(from: string | null | undefined, until: string | null | undefined): UserErrorData[] {
  if (from && until && until < from) {
    return [userError('INVALID_EMPLOYMENT_DATES', `employedUntil (${until}) is before employedFrom (${from})`, 'input.employedUntil')];
  }
  return [];
}

/** A credential must be awarded before it expires (expiresOn is the first day it no longer counts). */
export function validateCredentialDates(awardedOn: string, expiresOn: string | null | undefined): UserErrorData[] {
  if (expiresOn && expiresOn <= awardedOn) {
    return [userError('EXPIRES_BEFORE_AWARDED', `expiresOn (${expiresOn}) must be after awardedOn (${awardedOn})`, 'input.expiresOn')];
  }
  return [];
}
