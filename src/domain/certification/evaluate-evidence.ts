import { isWithinWindow, windowStartExclusive } from './dates';
import type { EvidenceFact, RequirementResult, RequirementStatus } from './evaluation-types';
import { plural, withNote } from './explain';
import type { RequirementRule } from './rulebook';
import type { EvidenceRequirementCode } from './vocabulary';

// Evidence-backed requirements: the organization records a dated item (a URL), a reviewer vets it.
// Vetted counts, unvetted means a human still has to look (NEEDS_REVIEW rather than NOT_MET, so the
// applicant is not told "no" about something merely waiting in a queue), rejected is as if absent.

export interface EvidenceTally {
  vetted: EvidenceFact[];
  unvetted: EvidenceFact[];
  rejected: number;
  /** Dated after asOf: recorded, but not yet true on the evaluated date. */
  afterAsOf: number;
  /** Dated before the window opened. */
  tooOld: number;
}

/** Sorts an organization's evidence of the given codes into what counts on asOf within the window. */
export function tallyEvidence(evidence: EvidenceFact[], codes: readonly string[], asOf: string, windowMonths: number | null): EvidenceTally {
  const tally: EvidenceTally = { vetted: [], unvetted: [], rejected: 0, afterAsOf: 0, tooOld: 0 };
  for (const item of evidence) {
    if (!codes.includes(item.code)) continue;
    if (item.status === 'REJECTED') tally.rejected += 1;
    else if (item.date > asOf) tally.afterAsOf += 1;
    else if (!isWithinWindow(item.date, asOf, windowMonths)) tally.tooOld += 1;
    else if (item.status === 'VETTED') tally.vetted.push(item);
    else tally.unvetted.push(item);
  }
  return tally;
}

/** MET on vetted items alone, NEEDS_REVIEW if unvetted ones would make up the number, else NOT_MET. */
export function statusFromTally(tally: EvidenceTally, minItems: number): RequirementStatus {
  if (tally.vetted.length >= minItems) return 'MET';
  if (tally.vetted.length + tally.unvetted.length >= minItems) return 'NEEDS_REVIEW';
  return 'NOT_MET';
}

function latest(items: EvidenceFact[]): string {
  return items.reduce((max, item) => (item.date > max ? item.date : max), items[0]?.date ?? '');
}

/** What was ignored and why, so an applicant can see that a rejected or stale item was not lost. */
export function ignoredText(tally: EvidenceTally, asOf: string, windowMonths: number | null): string {
  const parts: string[] = [];
  if (tally.rejected > 0) parts.push(`${plural(tally.rejected, 'rejected item')} ignored`);
  if (tally.afterAsOf > 0) parts.push(`${plural(tally.afterAsOf, 'item')} dated after ${asOf} ignored`);
  if (tally.tooOld > 0 && windowMonths !== null) {
    parts.push(
      `${plural(tally.tooOld, 'item')} dated on or before ${windowStartExclusive(asOf, windowMonths)} fall outside the ${windowMonths}-month window`,
    );
  }
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

export function evaluateEvidenceRequirement(
  rule: RequirementRule & { code: EvidenceRequirementCode; evidence: { codes: string[]; minItems: number; windowMonths: number | null } },
  evidence: EvidenceFact[],
  asOf: string,
): RequirementResult {
  const { codes, minItems, windowMonths } = rule.evidence;
  const tally = tallyEvidence(evidence, codes, asOf, windowMonths);
  const status = statusFromTally(tally, minItems);
  const scope = windowMonths === null ? `on or before ${asOf}` : `in the ${windowMonths} months up to ${asOf}`;
  const need = minItems === 1 ? 'one item' : `${minItems} items`;
  let found: string;
  if (status === 'MET') {
    found = `Met by ${plural(tally.vetted.length, 'vetted evidence item')} dated ${scope} (latest ${latest(tally.vetted)}).`;
  } else if (status === 'NEEDS_REVIEW') {
    found = `${plural(tally.unvetted.length, 'evidence item')} dated ${scope} ${tally.unvetted.length === 1 ? 'is' : 'are'} not yet vetted (latest ${latest(tally.unvetted)}); a reviewer must confirm before it counts.`;
  } else {
    const have = tally.vetted.length + tally.unvetted.length;
    found = `Needs ${need} of evidence dated ${scope}; ${have === 0 ? 'none is' : `only ${have} ${have === 1 ? 'is' : 'are'}`} recorded.`;
  }
  const shortfall = status === 'MET' || minItems === 1 ? null : `needs ${plural(minItems - tally.vetted.length, 'more vetted evidence item')}`;
  return {
    code: rule.code,
    status,
    explanation: withNote(`${rule.summary} ${found.replace(/\.$/, '')}${ignoredText(tally, asOf, windowMonths)}.`, rule.note),
    shortfall,
  };
}
