import { daysInMonth, isIsoDate } from '../calendar';
import { DomainError } from '../errors';

export { isIsoDate };

// Certification rules work on calendar dates, never instants: a credential awarded "on 2024-03-01"
// is valid that whole day wherever the reviewer sits. Dates therefore stay ISO 'YYYY-MM-DD' strings,
// which order correctly as plain strings, and only month arithmetic needs to look inside them.

/** Throws BAD_USER_INPUT naming the field, so a caller's typo never becomes a silent "not counted". */
export function assertIsoDate(value: unknown, field: string): string {
  if (!isIsoDate(value)) {
    throw new DomainError('BAD_USER_INPUT', `${field} must be a calendar date 'YYYY-MM-DD'; got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/**
 * Moves a date by whole months. When the target month is shorter, the day is clamped to its last
 * day (2024-02-29 minus 12 months is 2023-02-28; 2024-03-31 minus 1 month is 2024-02-29), which is
 * how people read "a year ago" and keeps the result a real date.
 */
export function addMonths(date: string, months: number): string {
  const iso = assertIsoDate(date, 'date');
  if (!Number.isInteger(months)) throw new DomainError('BAD_USER_INPUT', `months must be a whole number; got ${months}`);
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return `${String(newYear).padStart(4, '0')}-${String(newMonth).padStart(2, '0')}-${String(newDay).padStart(2, '0')}`;
}

export function minusMonths(date: string, months: number): string {
  return addMonths(date, -months);
}

/**
 * "In the last N months" is the half-open window (asOf - N months, asOf]: an item dated exactly N
 * months before asOf has had its anniversary and no longer counts; one a day younger still does.
 * A null window means "any date up to asOf".
 */
export function isWithinWindow(date: string, asOf: string, windowMonths: number | null): boolean {
  if (date > asOf) return false;
  if (windowMonths === null) return true;
  return date > minusMonths(asOf, windowMonths);
}

/** The first day that falls outside the window, for explanations ("items dated after 2024-06-30"). */
export function windowStartExclusive(asOf: string, windowMonths: number): string {
  return minusMonths(asOf, windowMonths);
}
