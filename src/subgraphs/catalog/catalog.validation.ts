import { userError, type UserErrorData } from '../../domain/errors';

// Shape checks of catalog inputs that are the catalog's own (the shared ones, names, lengths and URLs,
// are src/domain/input-checks.ts), each reported as a payload error on its field. Rules that need the
// database (existence, duplicates) are the services'.

export function checkStrength(value: number | null | undefined, field: string, errors: UserErrorData[]): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 10) {
    errors.push(userError('BAD_STRENGTH', `strength must be a whole number from 1 to 10; got ${value}`, field));
  }
  return value;
}
