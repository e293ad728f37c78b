import { ignoredText, statusFromTally, tallyEvidence } from './evaluate-evidence';
import type { EvidenceFact, RequirementResult, RequirementStatus } from './evaluation-types';
import { formatNumber, joinWords, withNote } from './explain';
import type { OptionalItemSet, RequirementRule } from './rulebook';
import type { OptionalItemCode } from './vocabulary';

// COMMUNITY_CONTRIBUTIONS: "must meet N of the optional items". Each item is its own small
// evidence rule (a count and maybe a 12-month window); the requirement then counts items, keeping
// apart those met on vetted evidence and those that would be met once pending evidence is vetted,
// so a queue of unvetted items reads as NEEDS_REVIEW rather than as a refusal.

export interface OptionalItemResult {
  code: OptionalItemCode;
  /** MET on vetted evidence, NEEDS_REVIEW if met only by counting unvetted evidence, else NOT_MET. */
  status: RequirementStatus;
  vetted: number;
  unvetted: number;
  required: number;
  windowMonths: number | null;
}

export interface OptionalItemsResult {
  items: OptionalItemResult[];
  /** Items met on vetted evidence alone. */
  met: number;
  /** Items met when unvetted evidence is counted too. */
  metIncludingUnvetted: number;
}

export function evaluateOptionalItems(set: OptionalItemSet, evidence: EvidenceFact[], asOf: string): OptionalItemsResult {
  const items = set.items.map((item): OptionalItemResult => {
    const tally = tallyEvidence(evidence, [item.code], asOf, item.windowMonths);
    return {
      code: item.code,
      status: statusFromTally(tally, item.minItems),
      vetted: tally.vetted.length,
      unvetted: tally.unvetted.length,
      required: item.minItems,
      windowMonths: item.windowMonths,
    };
  });
  const met = items.filter((i) => i.status === 'MET').length;
  return { items, met, metIncludingUnvetted: met + items.filter((i) => i.status === 'NEEDS_REVIEW').length };
}

function describe(item: OptionalItemResult): string {
  const window = item.windowMonths === null ? '' : ` in the last ${item.windowMonths} months`;
  const pending = item.unvetted > 0 ? ` (+${item.unvetted} unvetted)` : '';
  return `${item.code} ${item.vetted}${pending} of ${item.required}${window}`;
}

export function evaluateCommunityContributions(
  rule: RequirementRule & { code: 'COMMUNITY_CONTRIBUTIONS' },
  set: OptionalItemSet,
  evidence: EvidenceFact[],
  asOf: string,
): RequirementResult {
  const result = evaluateOptionalItems(set, evidence, asOf);
  const need = set.mustMeet;
  const status: RequirementStatus = result.met >= need ? 'MET' : result.metIncludingUnvetted >= need ? 'NEEDS_REVIEW' : 'NOT_MET';

  const group = (s: RequirementStatus) => result.items.filter((i) => i.status === s).map(describe);
  const parts = [
    `met on vetted evidence: ${joinWords(group('MET')) || 'none'}`,
    ...(group('NEEDS_REVIEW').length > 0 ? [`met only with unvetted evidence: ${joinWords(group('NEEDS_REVIEW'))}`] : []),
    ...(group('NOT_MET').length > 0 ? [`not met: ${joinWords(group('NOT_MET'))}`] : []),
  ];
  // Rejected and out-of-window evidence across all items, so nothing silently disappears.
  const allCodes = set.items.map((i) => i.code);
  const ignored = ignoredText(tallyEvidence(evidence, allCodes, asOf, null), asOf, null);

  const lead = `Needs at least ${need} of the ${set.items.length} listed items; ${formatNumber(result.met)} met on vetted evidence as of ${asOf}`;
  const explanation = `${lead}${status === 'NEEDS_REVIEW' ? `, ${formatNumber(result.metIncludingUnvetted)} once pending evidence is vetted` : ''}. Items: ${parts.join('; ')}${ignored}.`;
  const missing = need - result.met;
  return {
    code: rule.code,
    status,
    explanation: withNote(withNote(explanation, set.note), rule.note),
    shortfall: status === 'NOT_MET' ? `needs ${formatNumber(missing)} more of the ${set.items.length} listed items` : null,
  };
}
