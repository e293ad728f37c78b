import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCoverage, countsForCoverage, isMost, type EditionStructure } from '../../src/domain/coverage/compute-coverage';

// Ids differ from slugs on purpose: coverage works on ids, slugs are only for display.
function structureOf(file: string): EditionStructure {
  const seed = JSON.parse(readFileSync(path.resolve(__dirname, '../../seeds/framework/editions', file), 'utf8'));
  return {
    domains: seed.domains.map((d: { slug: string }) => ({ id: `d:${d.slug}`, slug: d.slug })),
    capabilities: seed.capabilities.map((c: { slug: string; domains: string[] }) => ({
      id: `c:${c.slug}`,
      slug: c.slug,
      domainIds: c.domains.map((d) => `d:${d}`),
    })),
  };
}

const e2023 = structureOf('2023.json');
const e2024 = structureOf('2024.json');
const ids = (...slugs: string[]) => slugs.map((s) => `c:${s}`);
const capsOfDomain = (e: EditionStructure, domain: string) => e.capabilities.filter((c) => c.domainIds.includes(`d:${domain}`)).map((c) => c.id);

describe('isMost', () => {
  it.each([
    [10, 18, true],
    [9, 18, false],
    [11, 22, false],
    [12, 22, true],
    [4, 6, true],
    [3, 6, false],
    [3, 4, true],
    [2, 4, false],
    [1, 1, true],
    [0, 0, false],
    [0, 5, false],
  ])('%i of %i → %s', (covered, total, expected) => {
    expect(isMost(covered, total)).toBe(expected);
  });
});

describe('computeCoverage', () => {
  it('an empty product covers nothing', () => {
    const c = computeCoverage(e2024, []);
    expect(c.domains).toEqual({ covered: 0, total: 4 });
    expect(c.capabilities).toEqual({ covered: 0, total: 22 });
    expect(c.meetsMost).toBe(false);
    expect(c.coveredCapabilityIds).toEqual([]);
    expect(c.uncoveredCapabilityIds).toEqual(e2024.capabilities.map((x) => x.id));
    expect(c.byDomain.map((d) => [d.domainId, d.covered, d.total])).toEqual([
      ['d:understand-cloud-usage-cost', 0, 4],
      ['d:quantify-business-value', 0, 5],
      ['d:optimize-cloud-usage-cost', 0, 5],
      ['d:manage-finops-practice', 0, 8],
    ]);
  });

  it.each([
    [
      'all capabilities of one 2024 domain',
      e2024,
      capsOfDomain(e2024, 'manage-finops-practice'),
      { covered: 1, total: 4 },
      { covered: 8, total: 22 },
      false,
    ],
    // 12 of 22 capabilities but spread over only two domains: most capabilities, not most domains.
    [
      'two whole 2024 domains (12 of 22)',
      e2024,
      [...capsOfDomain(e2024, 'manage-finops-practice'), ...capsOfDomain(e2024, 'understand-cloud-usage-cost')],
      { covered: 2, total: 4 },
      { covered: 12, total: 22 },
      false,
    ],
    [
      'exactly half of 2024 capabilities, every domain (11 of 22)',
      e2024,
      e2024.capabilities.filter((_, i) => i % 2 === 0).map((c) => c.id),
      { covered: 4, total: 4 },
      { covered: 11, total: 22 },
      false,
    ],
    [
      'one more than half of 2024 capabilities, every domain (12 of 22)',
      e2024,
      [...e2024.capabilities.filter((_, i) => i % 2 === 0).map((c) => c.id), 'c:allocation'],
      { covered: 4, total: 4 },
      { covered: 12, total: 22 },
      true,
    ],
    [
      'exactly half of 2023 capabilities (9 of 18)',
      e2023,
      e2023.capabilities.slice(0, 9).map((c) => c.id),
      { covered: 6, total: 6 },
      { covered: 9, total: 18 },
      false,
    ],
    [
      'one more than half of 2023 capabilities (10 of 18)',
      e2023,
      e2023.capabilities.slice(0, 10).map((c) => c.id),
      { covered: 6, total: 6 },
      { covered: 10, total: 18 },
      true,
    ],
    [
      'ids of another edition and duplicates are ignored',
      e2023,
      ['c:allocation', 'c:unit-economics', 'c:forecasting', 'c:forecasting', 'nonsense'],
      { covered: 2, total: 6 },
      { covered: 1, total: 18 },
      false,
    ],
  ])('%s', (_name, edition, covered, domains, capabilities, meetsMost) => {
    const c = computeCoverage(edition, covered);
    expect(c.domains).toEqual(domains);
    expect(c.capabilities).toEqual(capabilities);
    expect(c.meetsMost).toBe(meetsMost);
    expect(c.coveredCapabilityIds.length + c.uncoveredCapabilityIds.length).toBe(capabilities.total);
  });

  it('a 2023 capability in several domains covers each of them', () => {
    // Data Analysis and Showback sits in five of the six 2023 domains.
    const c = computeCoverage(e2023, new Set(ids('analysis-showback')));
    expect(c.domains).toEqual({ covered: 5, total: 6 });
    expect(c.capabilities).toEqual({ covered: 1, total: 18 });
    expect(c.byDomain.filter((d) => d.covered === 0).map((d) => d.domainId)).toEqual(['d:performance-tracking-benchmarking']);
    // Per-domain totals count the shared capability in every domain it belongs to.
    expect(c.byDomain.reduce((sum, d) => sum + d.total, 0)).toBe(e2023.capabilities.reduce((sum, cap) => sum + cap.domainIds.length, 0));
    expect(c.meetsMost).toBe(false);
  });

  it('lists covered and uncovered ids in the edition order, whatever the input order', () => {
    const c = computeCoverage(e2023, ids('chargeback', 'forecasting', 'cost-allocation'));
    expect(c.coveredCapabilityIds).toEqual(ids('cost-allocation', 'forecasting', 'chargeback'));
    expect(c.uncoveredCapabilityIds).not.toContain('c:forecasting');
    expect(c.uncoveredCapabilityIds[0]).toBe('c:analysis-showback');
  });

  it('the seed example: the 14 capabilities of the seed-filled rows cover 6/6 domains and 14/18 → most', () => {
    const example = JSON.parse(
      // The project's own copy of the Foundation's feature-mapping example.
      readFileSync(path.resolve(__dirname, '../fixtures/feature-mapping-example.json'), 'utf8'),
    ) as { rows: { capabilities: string[]; filledBy: string }[] };
    const slugs = example.rows.filter((r) => r.filledBy === 'seed').flatMap((r) => r.capabilities);
    expect(new Set(slugs).size).toBe(14);
    const c = computeCoverage(e2023, ids(...slugs));
    expect(c.domains).toEqual({ covered: 6, total: 6 });
    expect(c.capabilities).toEqual({ covered: 14, total: 18 });
    expect(c.meetsMost).toBe(true);
    expect(c.uncoveredCapabilityIds).toEqual(ids('manage-anomalies', 'forecasting', 'measure-unit-costs', 'budget-management'));
  });
});

describe('countsForCoverage', () => {
  it.each([
    ['public APPROVED', { status: 'APPROVED', public: true, approvedAt: '2025-01-10' }, true],
    ['public SUPERSEDED after approval', { status: 'SUPERSEDED', public: true, approvedAt: '2024-05-01' }, true],
    ['public SUPERSEDED never approved', { status: 'SUPERSEDED', public: true, approvedAt: null }, false],
    ['private APPROVED', { status: 'APPROVED', public: false, approvedAt: '2025-01-10' }, false],
    ['private SUPERSEDED after approval', { status: 'SUPERSEDED', public: false, approvedAt: '2024-05-01' }, false],
    ['PROPOSED', { status: 'PROPOSED', public: true, approvedAt: null }, false],
    ['REJECTED', { status: 'REJECTED', public: true, approvedAt: null }, false],
    ['CHANGES_REQUESTED', { status: 'CHANGES_REQUESTED', public: true, approvedAt: null }, false],
  ])('%s → %s', (_name, mapping, expected) => {
    expect(countsForCoverage(mapping)).toBe(expected);
  });

  it('private and unapproved mappings do not move coverage', () => {
    const mappings = [
      { capabilityId: 'c:allocation', status: 'APPROVED', public: true, approvedAt: '2025-01-01' },
      { capabilityId: 'c:forecasting', status: 'APPROVED', public: false, approvedAt: '2025-01-01' },
      { capabilityId: 'c:budgeting', status: 'PROPOSED', public: true, approvedAt: null },
      { capabilityId: 'c:benchmarking', status: 'SUPERSEDED', public: true, approvedAt: '2024-06-01' },
      { capabilityId: 'c:rate-optimization', status: 'REJECTED', public: true, approvedAt: null },
    ];
    const c = computeCoverage(
      e2024,
      mappings.filter(countsForCoverage).map((m) => m.capabilityId),
    );
    expect(c.coveredCapabilityIds).toEqual(ids('allocation', 'benchmarking'));
    expect(c.domains).toEqual({ covered: 2, total: 4 });
  });
});
