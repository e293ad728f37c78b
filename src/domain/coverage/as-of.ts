// Coverage "as of" a calendar day means as it stood at the END of that day, in UTC: every change
// made during the day counts, none made after. History rows hold [validFrom, validTo).

/** The instant a day ends (the next day's first instant, UTC), for "valid_from < end <= valid_to". */
export function endOfDayUtc(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString();
}
