// Coverage of a product against one Framework edition, the figure certification turns on
// ("covers most domains and most capabilities"). Callers pass ids, not entities, so the same rule
// serves ProductCoverage, the coverage matrix and simulated certifications.

export interface EditionStructure {
  /** In the edition's display order; outputs keep it. */
  domains: { id: string; slug: string }[];
  /** A capability of edition 2023 may sit in several domains; later editions use one each. */
  capabilities: { id: string; slug: string; domainIds: string[] }[];
}

export interface CoverageCount {
  covered: number;
  total: number;
}

export interface DomainCoverage {
  domainId: string;
  covered: number;
  total: number;
}

export interface Coverage {
  domains: CoverageCount;
  capabilities: CoverageCount;
  meetsMost: boolean;
  coveredCapabilityIds: string[];
  uncoveredCapabilityIds: string[];
  byDomain: DomainCoverage[];
}

/**
 * "Most" is strictly more than half: 10 of 18 is most, 9 of 18 and 11 of 22 are not. Integer
 * arithmetic, so no float rounding decides a certification.
 */
export function isMost(covered: number, total: number): boolean {
  return total > 0 && covered * 2 > total;
}

export function computeCoverage(edition: EditionStructure, coveredCapabilityIds: Iterable<string>): Coverage {
  const covered = new Set(coveredCapabilityIds);
  const byDomainId = new Map<string, DomainCoverage>();
  for (const d of edition.domains) byDomainId.set(d.id, { domainId: d.id, covered: 0, total: 0 });

  const coveredIds: string[] = [];
  const uncoveredIds: string[] = [];
  for (const capability of edition.capabilities) {
    const isCovered = covered.has(capability.id);
    (isCovered ? coveredIds : uncoveredIds).push(capability.id);
    // A capability listed in several domains counts once per domain (2023), and once overall.
    // A domain id listed twice on one capability is still one membership.
    for (const domainId of new Set(capability.domainIds)) {
      const entry = byDomainId.get(domainId);
      if (!entry) continue;
      entry.total += 1;
      if (isCovered) entry.covered += 1;
    }
  }

  const byDomain = [...byDomainId.values()];
  const domains = { covered: byDomain.filter((d) => d.covered > 0).length, total: byDomain.length };
  const capabilities = { covered: coveredIds.length, total: edition.capabilities.length };
  return {
    domains,
    capabilities,
    meetsMost: isMost(domains.covered, domains.total) && isMost(capabilities.covered, capabilities.total),
    coveredCapabilityIds: coveredIds,
    uncoveredCapabilityIds: uncoveredIds,
    byDomain,
  };
}

/**
 * Whether a mapping counts towards its edition's coverage. Only reviewed, published work counts.
 * SUPERSEDED keeps counting when it had been approved: carrying mappings forward must not rewrite
 * the coverage (and certifications) of the edition they came from.
 */
export function countsForCoverage(m: { status: string; public: boolean; approvedAt: string | null }): boolean {
  if (!m.public) return false;
  if (m.status === 'APPROVED') return true;
  return m.status === 'SUPERSEDED' && m.approvedAt !== null;
}
