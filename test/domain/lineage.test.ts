import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import {
  LINEAGE_RELATIONS,
  buildLineageIndex,
  traceLineage,
  weakestRelation,
  type EditionCapabilities,
  type LineageRelation,
  type LineageTransition,
} from '../../src/domain/framework/lineage';
import { lineageInputFromSeeds, parseFrameworkSeeds } from '../../src/domain/framework/validate-framework-seeds';

const SEEDS = path.resolve(__dirname, '../../seeds/framework');

function readDir(dir: string) {
  return readdirSync(path.join(SEEDS, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: `seeds/framework/${dir}/${f}`, data: JSON.parse(readFileSync(path.join(SEEDS, dir, f), 'utf8')) }));
}

const real = lineageInputFromSeeds(parseFrameworkSeeds(readDir('editions'), readDir('lineage')));
const realIndex = buildLineageIndex(real.editions, real.transitions);

describe('weakestRelation', () => {
  it.each<[LineageRelation, LineageRelation, LineageRelation]>([
    ['SAME', 'SAME', 'SAME'],
    ['SAME', 'RENAME', 'RENAME'],
    ['RENAME', 'MOVED_DOMAIN', 'RENAME'],
    ['MERGE', 'RENAME', 'MERGE'],
    ['SPLIT', 'MERGE', 'SPLIT'],
    ['RELATED', 'SPLIT', 'RELATED'],
    ['REMOVED', 'SAME', 'REMOVED'],
  ])('weakest of %s and %s is %s', (a, b, expected) => {
    expect(weakestRelation(a, b)).toBe(expected);
    expect(weakestRelation(b, a)).toBe(expected);
  });

  it('lists relations strongest first', () => {
    expect(LINEAGE_RELATIONS).toEqual(['SAME', 'MOVED_DOMAIN', 'RENAME', 'MERGE', 'SPLIT', 'RELATED', 'REMOVED']);
  });
});

describe('traceLineage over the real seeds', () => {
  it.each([
    ['2023', 'cost-allocation', '2026', [{ relation: 'RENAME', capability: 'allocation' }]],
    [
      '2023',
      'onboarding-workloads',
      '2026',
      [
        { relation: 'SPLIT', capability: 'architecting-workload-placement' },
        { relation: 'SPLIT', capability: 'finops-practice-operations' },
      ],
    ],
    [
      '2023',
      'measure-unit-costs',
      '2026',
      [
        { relation: 'RELATED', capability: 'kpis-benchmarking' },
        { relation: 'RENAME', capability: 'unit-economics' },
      ],
    ],
    ['2023', 'manage-shared-cloud-cost', '2024', [{ relation: 'MERGE', capability: 'allocation' }]],
    ['2023', 'onboarding-workloads', '2025', [{ relation: 'MOVED_DOMAIN', capability: 'onboarding-workloads' }]],
    ['2024', 'benchmarking', '2026', [{ relation: 'RENAME', capability: 'kpis-benchmarking' }]],
    ['2024', 'forecasting', '2025', [{ relation: 'SAME', capability: 'forecasting' }]],
    ['2023', 'forecasting', '2026', [{ relation: 'SAME', capability: 'forecasting' }]],
    ['2026', 'allocation', '2026', [{ relation: 'SAME', capability: 'allocation' }]],
    [
      '2023',
      'asset-management',
      '2026',
      [
        { relation: 'RENAME', capability: 'intersecting-disciplines' },
        { relation: 'RELATED', capability: 'licensing-saas' },
        { relation: 'RELATED', capability: 'sustainability' },
      ],
    ],
  ])('%s %s → %s', (fromEdition, capability, toEdition, expected) => {
    expect(traceLineage({ ...real, fromEdition, capability, toEdition })).toEqual(expected);
    expect(realIndex.trace(fromEdition, capability, toEdition)).toEqual(expected);
  });

  it('a tracer answers for every 2023 capability into 2026 and never loses one silently', () => {
    const trace = realIndex.tracer('2023', '2026');
    const caps2023 = real.editions[0].capabilities;
    expect(caps2023).toHaveLength(18);
    for (const cap of caps2023) {
      const results = trace(cap);
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((r) => r.capability === null || real.editions[3].capabilities.includes(r.capability))).toBe(true);
    }
  });
});

// A small synthetic framework: A → B → C, with a removal, a strongest-path choice and a dead end.
const editions: EditionCapabilities[] = [
  { edition: 'a', capabilities: ['x', 'y', 'gone', 'dead-end', 'fork'] },
  { edition: 'b', capabilities: ['x2', 'y2', 'orphan', 'p', 'q'] },
  { edition: 'c', capabilities: ['z', 'w'] },
];
const transitions: LineageTransition[] = [
  {
    fromEdition: 'a',
    toEdition: 'b',
    links: [
      { from: 'x', to: ['x2'], relation: 'RENAME' },
      { from: 'x', to: ['y2'], relation: 'RELATED' },
      { from: 'y', to: ['y2'], relation: 'SAME' },
      { from: 'gone', to: [], relation: 'REMOVED' },
      { from: 'dead-end', to: ['orphan'], relation: 'SAME' },
      { from: 'fork', to: ['p', 'orphan'], relation: 'SPLIT' },
    ],
  },
  {
    fromEdition: 'b',
    toEdition: 'c',
    links: [
      // x reaches z twice: via x2 (RENAME then MERGE = MERGE) and via y2 (RELATED then SAME = RELATED).
      { from: 'x2', to: ['z'], relation: 'MERGE' },
      { from: 'y2', to: ['z'], relation: 'SAME' },
      { from: 'p', to: ['w'], relation: 'MOVED_DOMAIN' },
      // 'orphan' and 'q' have no links: they were dropped without an explicit REMOVED.
    ],
  },
];

describe('traceLineage over a synthetic framework', () => {
  it.each([
    ['explicit REMOVED', 'gone', 'b', [{ relation: 'REMOVED', capability: null }]],
    ['explicit REMOVED, followed further', 'gone', 'c', [{ relation: 'REMOVED', capability: null }]],
    ['no link out of the successor', 'dead-end', 'c', [{ relation: 'REMOVED', capability: null }]],
    ['strongest of two paths to one capability', 'x', 'c', [{ relation: 'MERGE', capability: 'z' }]],
    [
      'both targets one step ahead',
      'x',
      'b',
      [
        { relation: 'RENAME', capability: 'x2' },
        { relation: 'RELATED', capability: 'y2' },
      ],
    ],
    ['a branch that dies beside one that lives', 'fork', 'c', [{ relation: 'SPLIT', capability: 'w' }]],
    [
      'a split, one step',
      'fork',
      'b',
      [
        { relation: 'SPLIT', capability: 'orphan' },
        { relation: 'SPLIT', capability: 'p' },
      ],
    ],
  ])('%s', (_name, capability, toEdition, expected) => {
    expect(traceLineage({ editions, transitions, fromEdition: 'a', capability, toEdition })).toEqual(expected);
  });

  it.each([
    ['unknown from edition', 'zz', 'x', 'c', 'NOT_FOUND', 'zz'],
    ['unknown to edition', 'a', 'x', 'zz', 'NOT_FOUND', 'zz'],
    ['capability not in the from edition', 'a', 'x2', 'c', 'NOT_FOUND', 'x2'],
    ['capability not in the from edition, same edition', 'b', 'no-such-slug', 'b', 'NOT_FOUND', 'no-such-slug'],
    ['backwards', 'c', 'z', 'a', 'BAD_USER_INPUT', 'older'],
  ])('%s throws %s', (_name, fromEdition, capability, toEdition, code, inMessage) => {
    let thrown: unknown;
    try {
      traceLineage({ editions, transitions, fromEdition, capability, toEdition });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe(code);
    expect((thrown as DomainError).message).toContain(inMessage);
  });

  it('a missing step between consecutive editions is NOT_FOUND', () => {
    expect(() => traceLineage({ editions, transitions: [transitions[0]], fromEdition: 'a', capability: 'x', toEdition: 'c' })).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    // The gap does not matter to questions that don't cross it.
    expect(traceLineage({ editions, transitions: [transitions[0]], fromEdition: 'a', capability: 'y', toEdition: 'b' })).toEqual([
      { relation: 'SAME', capability: 'y2' },
    ]);
  });
});
