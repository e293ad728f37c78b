// Calendar dates stay ISO 'YYYY-MM-DD' strings end to end (they order correctly as plain strings and no
// time zone can shift them). This is the one check of that form, used by the Date scalar, the seeds, the
// rulebooks and the certification rules.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The days of a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids any local DST shift.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar date in 'YYYY-MM-DD' form (2023-02-29 is not one). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Today's date in UTC: the one place the calendar rules read the clock. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
