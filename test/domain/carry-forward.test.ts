import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCarryForward, type CarrySource, type ExistingTarget } from '../../src/domain/catalog/carry-forward';
import type { MappingStatus } from '../../src/domain/catalog/mapping-status';
import { buildLineageIndex, type LineageResult } from '../../src/domain/framework/lineage';
import { lineageInputFromSeeds, parseFrameworkSeeds } from '../../src/domain/framework/validate-framework-seeds';

// A hand-made lineage keeps each case readable; the last test runs the real seeds end to end.
const LINEAGE: Record<string, LineageResult[]> = {
  'cost-allocation': [{ relation: 'RENAME', capability: 'allocation' }],
  'manage-shared-cloud-cost': [{ relation: 'MERGE', capability: 'allocation' }],
  forecasting: [{ relation: 'SAME', capability: 'forecasting' }],
  'onboarding-workloads': [
    { relation: 'SPLIT', capability: 'architecting-workload-placement' },
    { relation: 'SPLIT', capability: 'finops-practice-operations' },
  ],
  'measure-unit-costs': [
    { relation: 'RELATED', capability: 'kpis-benchmarking' },
    { relation: 'RENAME', capability: 'unit-economics' },
  ],
  'establish-finops-culture': [{ relation: 'MERGE', capability: 'finops-practice-operations' }],
  'old-thing': [{ relation: 'REMOVED', capability: null }],
};
const lineage = (slug: string) => {
  const r = LINEAGE[slug];
  if (!r) throw new Error(`no lineage for ${slug}`);
  return r;
};

let nextId = 0;
function source(featureId: string, capability: string, status: MappingStatus, extra: Partial<CarrySource> = {}): CarrySource {
  return {
    id: extra.id ?? `m${++nextId}`,
    featureId,
    capability,
    status,
    public: true,
    relationship: 'INTERSECTS',
    strength: null,
    rationale: null,
    evidenceUrl: null,
    approvedAt: status === 'APPROVED' || status === 'SUPERSEDED' ? '2024-01-15' : null,
    ...extra,
  };
}

const plan = (sources: CarrySource[], existingTargets: ExistingTarget[] = []) => planCarryForward({ sources, lineage, existingTargets });
const brief = (p: ReturnType<typeof plan>) => p.carried.map((c) => [c.featureId, c.capability, c.status, c.relation, c.sourceMappingIds]);

describe('planCarryForward: status by relation', () => {
  it.each<[string, MappingStatus, [string, MappingStatus][]]>([
    ['forecasting', 'APPROVED', [['forecasting', 'APPROVED']]],
    ['forecasting', 'CHANGES_REQUESTED', [['forecasting', 'CHANGES_REQUESTED']]],
    ['forecasting', 'PROPOSED', [['forecasting', 'PROPOSED']]],
    ['cost-allocation', 'APPROVED', [['allocation', 'APPROVED']]],
    ['manage-shared-cloud-cost', 'CHANGES_REQUESTED', [['allocation', 'CHANGES_REQUESTED']]],
    [
      'onboarding-workloads',
      'APPROVED',
      [
        ['architecting-workload-placement', 'PROPOSED'],
        ['finops-practice-operations', 'PROPOSED'],
      ],
    ],
    [
      'measure-unit-costs',
      'APPROVED',
      [
        ['kpis-benchmarking', 'PROPOSED'],
        ['unit-economics', 'APPROVED'],
      ],
    ],
  ])('%s %s → %j', (capability, status, expected) => {
    const s = source('f1', capability, status);
    const p = plan([s]);
    expect(p.carried.map((c) => [c.capability, c.status])).toEqual(expected);
    expect(p.supersededSourceIds).toEqual([s.id]);
    expect(p.dropped).toEqual([]);
  });
});

describe('planCarryForward', () => {
  it("collapses a merge into one mapping with the most advanced status and the winner's attributes", () => {
    const proposed = source('f1', 'cost-allocation', 'PROPOSED', { id: 'a', strength: 3, rationale: 'draft' });
    const approved = source('f1', 'manage-shared-cloud-cost', 'APPROVED', {
      id: 'b',
      strength: 8,
      rationale: 'reviewed',
      evidenceUrl: 'https://e.example',
      relationship: 'SUBSET',
      approvedAt: '2024-02-01',
      public: false,
    });
    const changes = source('f1', 'cost-allocation', 'CHANGES_REQUESTED', { id: 'c' });
    const p = plan([proposed, approved, changes]);
    expect(p.carried).toEqual([
      {
        featureId: 'f1',
        capability: 'allocation',
        status: 'APPROVED',
        relation: 'MERGE',
        sourceMappingIds: ['b', 'c', 'a'],
        alreadyPresent: false,
        public: false,
        relationship: 'SUBSET',
        strength: 8,
        rationale: 'reviewed',
        evidenceUrl: 'https://e.example',
        approvedAt: '2024-02-01',
      },
    ]);
    expect(p.supersededSourceIds).toEqual(['a', 'b', 'c']);
  });

  it.each<[string, MappingStatus, MappingStatus, MappingStatus]>([
    ['APPROVED beats CHANGES_REQUESTED', 'APPROVED', 'CHANGES_REQUESTED', 'APPROVED'],
    ['CHANGES_REQUESTED beats PROPOSED', 'PROPOSED', 'CHANGES_REQUESTED', 'CHANGES_REQUESTED'],
    ['PROPOSED twice stays PROPOSED', 'PROPOSED', 'PROPOSED', 'PROPOSED'],
  ])('precedence: %s', (_name, a, b, expected) => {
    const p = plan([source('f1', 'cost-allocation', a), source('f1', 'manage-shared-cloud-cost', b)]);
    expect(p.carried).toHaveLength(1);
    expect(p.carried[0].status).toBe(expected);
  });

  it('a SPLIT arrival (PROPOSED) loses to an APPROVED MERGE into the same target', () => {
    // finops-practice-operations is reached by onboarding-workloads (SPLIT → PROPOSED) and by
    // establish-finops-culture (MERGE, keeps APPROVED): the MERGE one wins with APPROVED.
    const split = source('f1', 'onboarding-workloads', 'APPROVED', { id: 's', rationale: 'split' });
    const merge = source('f1', 'establish-finops-culture', 'APPROVED', { id: 'm', rationale: 'merge' });
    const p = plan([split, merge]);
    expect(brief(p)).toEqual([
      ['f1', 'architecting-workload-placement', 'PROPOSED', 'SPLIT', ['s']],
      ['f1', 'finops-practice-operations', 'APPROVED', 'MERGE', ['m', 's']],
    ]);
    expect(p.carried[1].rationale).toBe('merge');
  });

  it.each<[string, Partial<CarrySource>, Partial<CarrySource>, string, boolean]>([
    ['both public', { id: 'z', rationale: 'renamed' }, { id: 'a', rationale: 'merged' }, 'renamed', true],
    ['the RENAME one private', { id: 'z', public: false, rationale: 'renamed' }, { id: 'a', rationale: 'merged' }, 'renamed', false],
  ])('on a status tie the more faithful relation (RENAME over MERGE) wins, before visibility: %s', (_name, renamed, merged, rationale, isPublic) => {
    const p = plan([source('f1', 'cost-allocation', 'APPROVED', renamed), source('f1', 'manage-shared-cloud-cost', 'APPROVED', merged)]);
    expect(p.carried.map((c) => [c.rationale, c.public, c.relation, c.sourceMappingIds])).toEqual([[rationale, isPublic, 'RENAME', ['z', 'a']]]);
  });

  it('a public source wins a tie of status and relation, whatever the ids', () => {
    const p = plan([
      source('f1', 'cost-allocation', 'PROPOSED', { id: 'a', public: false, rationale: 'private' }),
      source('f1', 'cost-allocation', 'PROPOSED', { id: 'b', public: true, rationale: 'public' }),
    ]);
    expect(p.carried.map((c) => [c.rationale, c.public, c.sourceMappingIds])).toEqual([['public', true, ['b', 'a']]]);
  });

  it('only collapses sources of the same feature', () => {
    const p = plan([source('f2', 'cost-allocation', 'APPROVED', { id: 'x' }), source('f1', 'manage-shared-cloud-cost', 'PROPOSED', { id: 'y' })]);
    expect(brief(p)).toEqual([
      ['f1', 'allocation', 'PROPOSED', 'MERGE', ['y']],
      ['f2', 'allocation', 'APPROVED', 'RENAME', ['x']],
    ]);
  });

  it('drops REMOVED capabilities and reports them', () => {
    const gone = source('f1', 'old-thing', 'APPROVED', { id: 'g' });
    const kept = source('f1', 'forecasting', 'APPROVED', { id: 'k' });
    const p = plan([gone, kept]);
    expect(p.dropped).toEqual([{ sourceMappingId: 'g', featureId: 'f1', capability: 'old-thing' }]);
    expect(p.carried.map((c) => c.capability)).toEqual(['forecasting']);
    expect(p.supersededSourceIds).toEqual(['k']);
  });

  it.each<[MappingStatus]>([['REJECTED'], ['SUPERSEDED']])('skips %s sources: neither carried, dropped nor superseded', (status) => {
    const s = source('f1', 'forecasting', status, { id: 'r' });
    const p = plan([s, source('f1', 'old-thing', status, { id: 'o' })]);
    expect(p.carried).toEqual([]);
    expect(p.dropped).toEqual([]);
    expect(p.supersededSourceIds).toEqual([]);
    expect(p.skippedSourceIds).toEqual(['o', 'r']);
  });

  it('a repeated carry-forward reports what an earlier run carried, and creates nothing', () => {
    const first = plan([source('f1', 'cost-allocation', 'APPROVED', { id: 'a' })]);
    expect(first.carried.map((c) => [c.capability, c.alreadyPresent])).toEqual([['allocation', false]]);
    const again = plan(
      [source('f1', 'cost-allocation', 'SUPERSEDED', { id: 'a' })],
      [{ featureId: 'f1', capability: 'allocation', status: 'APPROVED' }],
    );
    expect(again.carried.map((c) => [c.capability, c.alreadyPresent, c.status, c.sourceMappingIds])).toEqual([
      ['allocation', true, 'APPROVED', ['a']],
    ]);
    expect(again.supersededSourceIds).toEqual([]);
    expect(again.skippedSourceIds).toEqual([]);
  });

  it('does not create a target the feature already has, and reports its existing status', () => {
    const s = source('f1', 'cost-allocation', 'APPROVED', { id: 'a' });
    const p = plan(
      [s, source('f1', 'forecasting', 'PROPOSED', { id: 'b' })],
      [
        { featureId: 'f1', capability: 'allocation', status: 'REJECTED' },
        { featureId: 'f2', capability: 'forecasting', status: 'APPROVED' },
      ],
    );
    expect(p.carried.map((c) => [c.capability, c.alreadyPresent, c.status, c.approvedAt])).toEqual([
      ['allocation', true, 'REJECTED', null],
      ['forecasting', false, 'PROPOSED', null],
    ]);
    // The source did reach the new edition, so it is superseded like any other.
    expect(p.supersededSourceIds).toEqual(['a', 'b']);
  });

  it('keeps approvedAt only for mappings that arrive APPROVED', () => {
    const p = plan([source('f1', 'measure-unit-costs', 'APPROVED', { approvedAt: '2024-03-03' })]);
    expect(p.carried.map((c) => [c.capability, c.status, c.approvedAt])).toEqual([
      ['kpis-benchmarking', 'PROPOSED', null],
      ['unit-economics', 'APPROVED', '2024-03-03'],
    ]);
  });

  it('sorts by feature and capability whatever the input order', () => {
    const p = plan([
      source('f3', 'forecasting', 'PROPOSED'),
      source('f1', 'onboarding-workloads', 'PROPOSED'),
      source('f2', 'cost-allocation', 'PROPOSED'),
      source('f1', 'forecasting', 'PROPOSED'),
    ]);
    expect(p.carried.map((c) => `${c.featureId}/${c.capability}`)).toEqual([
      'f1/architecting-workload-placement',
      'f1/finops-practice-operations',
      'f1/forecasting',
      'f2/allocation',
      'f3/forecasting',
    ]);
  });

  it('carries the seed example from 2023 to 2024 along the real lineage', () => {
    const dir = path.resolve(__dirname, '../../seeds/framework');
    const read = (d: string) =>
      readdirSync(path.join(dir, d)).map((f) => ({ file: f, data: JSON.parse(readFileSync(path.join(dir, d, f), 'utf8')) }));
    const seeds = lineageInputFromSeeds(parseFrameworkSeeds(read('editions'), read('lineage')));
    const tracer = buildLineageIndex(seeds.editions, seeds.transitions).tracer('2023', '2024');
    const costModel = ['manage-shared-cloud-cost', 'cost-allocation', 'analysis-showback', 'chargeback'];
    const utilization = ['workload-management-automation', 'utilization-efficiency', 'policy-governance'];
    const sources = [
      ...costModel.map((c) => source('cost-allocation-model', c, 'APPROVED')),
      ...utilization.map((c) => source('utilization-reporting', c, 'APPROVED')),
    ];
    const p = planCarryForward({ sources, lineage: tracer, existingTargets: [] });
    // "Cost Allocation Model -> allocation (x2, deduplicate), reporting-analytics, invoicing-chargeback;
    //  Real Time Cloud Resource Utilization Data Reporting -> workload-optimization (x2), cloud-policy-governance."
    expect(p.carried.map((c) => [c.featureId, c.capability, c.status, c.sourceMappingIds.length])).toEqual([
      ['cost-allocation-model', 'allocation', 'APPROVED', 2],
      ['cost-allocation-model', 'invoicing-chargeback', 'APPROVED', 1],
      ['cost-allocation-model', 'reporting-analytics', 'APPROVED', 1],
      ['utilization-reporting', 'cloud-policy-governance', 'APPROVED', 1],
      ['utilization-reporting', 'workload-optimization', 'APPROVED', 2],
    ]);
    expect(p.supersededSourceIds).toHaveLength(7);
  });
});
