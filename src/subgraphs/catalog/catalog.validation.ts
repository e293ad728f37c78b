import { userError, type UserErrorData } from '../../domain/errors';
import { MAX_EVIDENCE_URL_LENGTH, MAX_FEATURE_NAME_LENGTH, MAX_RATIONALE_LENGTH } from '../../domain/catalog/mapping-sheet';

// Shape checks of catalog inputs, each reported as a payload error on its field. Rules that need
// the database (existence, duplicates) are the services'.

export const MAX_NAME_LENGTH = MAX_FEATURE_NAME_LENGTH;
export const MAX_DESCRIPTION_LENGTH = 4000;
export const MAX_NOTE_LENGTH = 4000;

export function checkName(value: string, field: string, errors: UserErrorData[]): string {
  const name = value.trim();
  if (!name) errors.push(userError('EMPTY_NAME', 'The name is empty', field));
  else if (name.length > MAX_NAME_LENGTH) errors.push(userError('NAME_TOO_LONG', `The name is longer than ${MAX_NAME_LENGTH} characters`, field));
  return name;
}

export function checkText(value: string | null | undefined, max: number, field: string, errors: UserErrorData[]): string | null {
  const text = value?.trim() ?? '';
  if (text.length > max) errors.push(userError('TOO_LONG', `Longer than ${max} characters`, field));
  return text === '' ? null : text;
}

/** An absolute http(s) URL, or null when none was given. */
export function checkUrl(value: string | null | undefined, field: string, errors: UserErrorData[], code = 'BAD_URL'): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  let ok = text.length <= MAX_EVIDENCE_URL_LENGTH;
  if (ok) {
    try {
      const url = new URL(text);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      ok = false;
    }
  }
  if (!ok) errors.push(userError(code, `"${text.slice(0, 100)}" is not an http or https URL`, field));
  return text;
}

export function checkStrength(value: number | null | undefined, field: string, errors: UserErrorData[]): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 10) {
    errors.push(userError('BAD_STRENGTH', `strength must be a whole number from 1 to 10; got ${value}`, field));
  }
  return value;
}

export function checkRationale(value: string | null | undefined, field: string, errors: UserErrorData[]): string | null {
  const text = value?.trim() ?? '';
  if (text.length > MAX_RATIONALE_LENGTH) {
    errors.push(userError('RATIONALE_TOO_LONG', `The rationale is longer than ${MAX_RATIONALE_LENGTH} characters`, field));
  }
  return text === '' ? null : text;
}
