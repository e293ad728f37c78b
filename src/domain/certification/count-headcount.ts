import type { CredentialKind } from '../membership/membership';
import { countedPeople } from './as-of';
import type { HeadcountColumn, HeadcountResult, PersonFact, RequirementResult } from './evaluation-types';
import { credentialName, credentialNoun, formatNumber, joinWords, plural, tierLabel, withNote } from './explain';
import type { HeadcountTable, HeadcountTier, RequirementRule } from './rulebook';
import { PRACTITIONER_EQUIVALENT } from './vocabulary';

// INDIVIDUAL_CERTIFICATIONS: how many certified people an organization of this size must employ.
// Two counting rules exist in the Foundation's history, and both are data: 2023 weighs credentials
// into one "Practitioner-equivalent" column (a Professional is worth 5); 2025 counts each credential
// in its own column with no substitution.

/** The tier a company size falls in. parseRulebook guarantees tiers cover 0..∞ without gaps. */
export function findTier(table: HeadcountTable, companySize: number): HeadcountTier {
  const tier = table.tiers.find((t) => t.minSize <= companySize && (t.maxSize === null || companySize <= t.maxSize));
  if (!tier) throw new Error(`headcount table ${table.id} has no tier for size ${companySize}`);
  return tier;
}

export interface HeadcountCount {
  headcount: HeadcountResult;
  tier: HeadcountTier;
  /** People employed on asOf (whether or not they hold anything). */
  employed: number;
  /** How the counted number was reached, for the explanation. */
  breakdown: string;
}

export function countHeadcount(table: HeadcountTable, companySize: number, people: PersonFact[], asOf: string): HeadcountCount {
  const tier = findTier(table, companySize);
  const holders = countedPeople(people, asOf);
  const counting = table.counting;

  if (counting.mode === 'PRACTITIONER_EQUIVALENT') {
    // Weights are summed per person and capped, so Professional + Practitioner is 5, not 6.
    let counted = 0;
    const groups = new Map<string, { kinds: CredentialKind[]; value: number; people: number }>();
    for (const held of holders) {
      // Heaviest first, so the explanation reads "Professional and Practitioner".
      const kinds = (Object.keys(counting.weights) as CredentialKind[])
        .filter((k) => held.has(k))
        .sort((a, b) => (counting.weights[b] ?? 0) - (counting.weights[a] ?? 0));
      if (kinds.length === 0) continue;
      const value = Math.min(
        counting.maxPerPerson,
        kinds.reduce((sum, k) => sum + (counting.weights[k] ?? 0), 0),
      );
      counted += value;
      const key = kinds.join('+');
      const group = groups.get(key) ?? { kinds, value, people: 0 };
      group.people += 1;
      groups.set(key, group);
    }
    const required = tier.required[PRACTITIONER_EQUIVALENT] ?? 0;
    const parts = [...groups.values()]
      .sort((a, b) => b.value - a.value)
      .map((g) => `${plural(g.people, 'person', 'people')} holding ${joinWords(g.kinds.map(credentialName))} (${g.value} each)`);
    return {
      tier,
      employed: holders.length,
      headcount: { companySize, columns: [column(PRACTITIONER_EQUIVALENT, required, counted)] },
      breakdown: parts.length > 0 ? parts.join(', ') : 'nobody holding a counted credential',
    };
  }

  // Separate columns: a person counts once in every column whose credential they hold.
  const columns = counting.columns.map((kind) => column(kind, tier.required[kind] ?? 0, holders.filter((held) => held.has(kind)).length));
  return {
    tier,
    employed: holders.length,
    headcount: { companySize, columns },
    breakdown: 'one person may count in several columns',
  };
}

function column(credential: string, required: number, counted: number): HeadcountColumn {
  return { credential, required, counted, shortfall: Math.max(0, required - counted) };
}

/** "needs 20 more Practitioners, 2 more Professionals and 15 more FOCUS Analysts"; null when nothing is short. */
export function headcountShortfall(columns: HeadcountColumn[]): string | null {
  const short = columns.filter((c) => c.shortfall > 0).map((c) => `${formatNumber(c.shortfall)} more ${credentialNoun(c.shortfall, c.credential)}`);
  return short.length > 0 ? `needs ${joinWords(short)}` : null;
}

export function evaluateHeadcount(
  rule: RequirementRule & { code: 'INDIVIDUAL_CERTIFICATIONS' },
  table: HeadcountTable,
  companySize: number,
  people: PersonFact[],
  asOf: string,
): { requirement: RequirementResult; headcount: HeadcountResult } {
  const { headcount, tier, employed, breakdown } = countHeadcount(table, companySize, people, asOf);
  const met = headcount.columns.every((c) => c.shortfall === 0);
  const tierText = `Company size ${formatNumber(companySize)} falls in the tier "${tierLabel(tier.minSize, tier.maxSize)}" of the table "${table.name}"`;
  const figures = headcount.columns
    .map((c) => `${credentialNoun(2, c.credential)}: ${formatNumber(c.counted)} counted, ${formatNumber(c.required)} required`)
    .join('; ');
  const how =
    table.counting.mode === 'PRACTITIONER_EQUIVALENT'
      ? `Among the ${plural(employed, 'person', 'people')} employed on ${asOf}: ${breakdown}; a person counts at most ${table.counting.maxPerPerson}.`
      : `Each column counts the people employed on ${asOf} (${formatNumber(employed)}) who hold that valid credential; ${breakdown}.`;
  let explanation = `${tierText}. ${figures}. ${how}`;
  if (tier.note) explanation += ` Tier: ${tier.note}`;
  return {
    headcount,
    requirement: {
      code: rule.code,
      status: met ? 'MET' : 'NOT_MET',
      explanation: withNote(explanation, rule.note),
      shortfall: headcountShortfall(headcount.columns),
    },
  };
}
