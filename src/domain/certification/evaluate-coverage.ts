import type { CoverageCount, CoverageFacts, RequirementResult } from './evaluation-types';
import { formatNumber, joinWords, plural, withNote } from './explain';
import type { RequirementRule } from './rulebook';
import type { CoverageRule } from './vocabulary';

// Mapping requirements. Coverage itself (which capabilities and domains a product's approved,
// public mappings reach) is computed by the coverage module from the catalog; here it is only
// judged against the program's rule, so the same numbers can be judged under "most" (2023, 2025)
// or "all" (the older wording) without recomputing anything.

/** The smallest count that satisfies the rule: strictly more than half for MOST, every one for ALL. */
export function coverageNeeded(rule: CoverageRule, total: number): number {
  return rule === 'ALL' ? total : Math.floor(total / 2) + 1;
}

function meets(rule: CoverageRule, coverage: CoverageFacts): boolean {
  if (rule === 'MOST') return coverage.meetsMost; // the coverage module's verdict is authoritative
  const full = (c: CoverageCount) => c.total > 0 && c.covered >= c.total;
  return full(coverage.domains) && full(coverage.capabilities);
}

export function evaluateFeatureMapping(
  rule: RequirementRule & { code: 'PUBLIC_FEATURE_MAPPING'; coverageRule: CoverageRule },
  coverage: CoverageFacts | null,
  edition: string,
  programEdition: string,
): RequirementResult {
  const editionText = edition === programEdition ? `edition ${edition}` : `edition ${edition} (overriding the program's ${programEdition})`;
  const ruleText = rule.coverageRule === 'MOST' ? '"most" means strictly more than half' : 'every domain and every capability';
  if (coverage === null) {
    return {
      code: rule.code,
      status: 'NOT_MET',
      explanation: withNote(`${rule.summary} No product coverage was given for ${editionText}: name the product the application is for.`, rule.note),
      shortfall: null,
    };
  }
  const met = meets(rule.coverageRule, coverage);
  const { domains, capabilities } = coverage;
  const explanation = `${rule.summary} Approved public mappings cover ${formatNumber(domains.covered)} of ${formatNumber(domains.total)} domains and ${formatNumber(capabilities.covered)} of ${formatNumber(capabilities.total)} capabilities of ${editionText} (${ruleText}).`;
  const short: string[] = [];
  if (!met) {
    const d = coverageNeeded(rule.coverageRule, domains.total) - domains.covered;
    const c = coverageNeeded(rule.coverageRule, capabilities.total) - capabilities.covered;
    if (d > 0) short.push(plural(d, 'more domain'));
    if (c > 0) short.push(plural(c, 'more capability', 'more capabilities'));
  }
  return {
    code: rule.code,
    status: met ? 'MET' : 'NOT_MET',
    explanation: withNote(explanation, rule.note),
    shortfall: short.length > 0 ? `needs ${joinWords(short)}` : null,
  };
}

export function evaluateTargetMapping(
  rule: RequirementRule & { code: 'TARGET_CAPABILITY_MAPPING' },
  targetCapabilities: string[],
  coveredCapabilities: string[],
  edition: string,
): RequirementResult {
  const targets = [...new Set(targetCapabilities)];
  if (targets.length === 0) {
    return {
      code: rule.code,
      status: 'NOT_MET',
      explanation: withNote(`${rule.summary} The application declares no target capability; at least one is needed.`, rule.note),
      shortfall: null,
    };
  }
  const covered = new Set(coveredCapabilities);
  const missing = targets.filter((t) => !covered.has(t));
  const explanation =
    missing.length === 0
      ? `${rule.summary} All ${plural(targets.length, 'declared target')} of edition ${edition} are covered by approved public mappings (${targets.join(', ')}).`
      : `${rule.summary} ${formatNumber(targets.length - missing.length)} of ${plural(targets.length, 'declared target')} of edition ${edition} are covered; not covered: ${missing.join(', ')}.`;
  return {
    code: rule.code,
    status: missing.length === 0 ? 'MET' : 'NOT_MET',
    explanation: withNote(explanation, rule.note),
    shortfall:
      missing.length === 0
        ? null
        : `needs approved public mappings for ${plural(missing.length, 'more target capability', 'more target capabilities')}: ${missing.join(', ')}`,
  };
}
