import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapabilityLineageDocument, FrameworkEditionDocument, FrameworkEditionsDocument } from '../../src/client/generated/graphql';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  // Statement counts here are the operations' own: with the response cache on, a repeated anonymous
  // read would be one statement (its revisions) and a first one one more (test/app/response-cache.test.ts).
  t = await startTestApp({ RESPONSE_CACHE: 'off' });
});
afterAll(async () => {
  await t?.stop();
});

describe('framework through the gateway', () => {
  it('lists every edition with its domains and capabilities; only the newest is current', async () => {
    const { frameworkEditions } = await t.data(FrameworkEditionsDocument, {});
    const summary = frameworkEditions!.map((e) => [e.slug, e.domains.length, e.capabilities.length, e.isCurrent]);
    expect(summary).toEqual([
      ['2023', 6, 18, false],
      ['2024', 4, 22, false],
      ['2025', 4, 22, false],
      ['2026', 4, 22, true],
    ]);
  });

  it('keeps edition 2023 many-to-many: a capability in several domains', async () => {
    const { frameworkEdition } = await t.data(FrameworkEditionDocument, { edition: '2023' });
    const showback = frameworkEdition!.capabilities.find((c) => c.slug === 'analysis-showback')!;
    expect(showback.domains.map((d) => d.slug)).toEqual([
      'understanding-cloud-usage-cost',
      'real-time-decision-making',
      'cloud-rate-optimization',
      'cloud-usage-optimization',
      'organizational-alignment',
    ]);
    const org = frameworkEdition!.domains.find((d) => d.slug === 'organizational-alignment')!;
    expect(org.capabilities.map((c) => c.slug)).toContain('analysis-showback');
    // The tree and the flat list agree: every capability under a domain names that domain.
    for (const domain of frameworkEdition!.domains) {
      for (const c of domain.capabilities) {
        const flat = frameworkEdition!.capabilities.find((x) => x.slug === c.slug)!;
        expect(flat.domains.map((d) => d.slug)).toContain(domain.slug);
      }
    }
  });

  it('answers an unknown edition with NOT_FOUND naming the slug', async () => {
    const body = await t.request(FrameworkEditionDocument, { edition: '1999' });
    expect(body.data?.frameworkEdition).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(body.errors?.[0].message).toContain('1999');
  });

  it.each([
    ['2023', 'cost-allocation', '2026', [['RENAME', 'allocation']]],
    [
      '2023',
      'onboarding-workloads',
      '2026',
      [
        ['SPLIT', 'architecting-workload-placement'],
        ['SPLIT', 'finops-practice-operations'],
      ],
    ],
    ['2023', 'manage-shared-cloud-cost', '2024', [['MERGE', 'allocation']]],
    ['2023', 'onboarding-workloads', '2024', [['MOVED_DOMAIN', 'onboarding-workloads']]],
    ['2024', 'cloud-sustainability', '2026', [['RENAME', 'sustainability']]],
    ['2025', 'forecasting', '2026', [['SAME', 'forecasting']]],
    [
      '2023',
      'measure-unit-costs',
      '2026',
      [
        ['RELATED', 'kpis-benchmarking'],
        ['RENAME', 'unit-economics'],
      ],
    ],
  ])('lineage of %s %s to %s', async (edition, capability, toEdition, expected) => {
    const { capabilityLineage } = await t.data(CapabilityLineageDocument, { edition, capability, toEdition });
    expect(capabilityLineage!.map((r) => [r.relation, r.capability?.slug])).toEqual(expected);
  });

  it.each([
    [{ edition: '2023', capability: 'no-such-thing', toEdition: '2026' }, 'NOT_FOUND', 'no-such-thing'],
    [{ edition: '2023', capability: 'forecasting', toEdition: '2099' }, 'NOT_FOUND', '2099'],
    [{ edition: '2026', capability: 'forecasting', toEdition: '2023' }, 'BAD_USER_INPUT', '2023'],
  ])('lineage with bad input %j is %s', async (variables, code, mentioned) => {
    const body = await t.request(CapabilityLineageDocument, variables);
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(body.errors?.[0].message).toContain(mentioned);
  });

  it('reads the framework in a fixed number of statements, whatever the edition size', async () => {
    const small = await t.countStatements(() => t.data(FrameworkEditionDocument, { edition: '2023' }));
    const large = await t.countStatements(() => t.data(FrameworkEditionDocument, { edition: '2026' }));
    const all = await t.countStatements(() => t.data(FrameworkEditionsDocument, {}));
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
    expect(all.statements).toBe(small.statements);
  });
});
