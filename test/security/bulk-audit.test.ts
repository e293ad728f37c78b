import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CarryMappingsForwardDetailDocument, ImportMappingsDetailDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { createExampleCopy, createOrganization, createProduct, mappingsOf } from '../subgraphs/catalog-helpers';

// Issue 11 item 15: every mapping a bulk operation creates or changes has its own audit events,
// written in one statement whatever their number.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const TRAIL = `query ($id: ID!) { auditTrail(objectId: $id, first: 10) { totalCount nodes { action actorId objectType before after } } }`;

type Event = { action: string; actorId: string; objectType: string; before: unknown; after: Record<string, unknown> };
async function trail(id: string): Promise<Event[]> {
  const data = await t.data<{ auditTrail: { nodes: Event[] } }, { id: string }>(TRAIL, { id }, await as('REVIEWER'));
  return data.auditTrail.nodes;
}

describe('per-object audit of bulk operations', () => {
  it("importMappings: one IMPORT_MAPPING event under each new mapping, beside the product's; statements flat in the rows", async () => {
    const organizationId = await createOrganization(t);
    const vendor = await as('VENDOR', organizationId, 'bulk@vendor');
    const sheet = (n: number) =>
      ['feature,capability', ...Array.from({ length: n }, (_, i) => `Audited ${i},${i % 2 ? 'budgeting' : 'allocation'}`)].join('\n');
    const run = async (n: number) => {
      const productId = await createProduct(t, organizationId);
      const { result, statements } = await t.countStatements(() =>
        t.data(ImportMappingsDetailDocument, { input: { productId, edition: '2026', format: 'CSV', content: sheet(n) } }, vendor),
      );
      expect(result.importMappings.created).toBe(n);
      return { productId, statements };
    };
    const small = await run(3);
    const large = await run(120);
    expect(large.statements).toBe(small.statements);

    const mappings = await mappingsOf(t, small.productId, '2026');
    expect(mappings).toHaveLength(3);
    for (const m of mappings) {
      const events = await trail(m.id);
      expect(events).toEqual([
        {
          action: 'IMPORT_MAPPING',
          actorId: 'bulk@vendor',
          objectType: 'Mapping',
          before: null,
          after: { productId: small.productId, featureId: expect.any(String), edition: '2026', capability: m.capability, status: 'PROPOSED' },
        },
      ]);
    }
    expect((await trail(small.productId)).map((e) => [e.action, e.after.mappingsCreated])).toContainEqual(['IMPORT_MAPPINGS', 3]);
    expect((await mappingsOf(t, large.productId, '2026')).length).toBe(120);
    const someLarge = (await mappingsOf(t, large.productId, '2026'))[117];
    expect((await trail(someLarge.id)).map((e) => e.action)).toEqual(['IMPORT_MAPPING']);
  });

  it('carryMappingsForward: CARRY_MAPPING_FORWARD under each new mapping, SUPERSEDE_MAPPING under each source it supersedes', async () => {
    const { organizationId, productId } = await createExampleCopy(t);
    const statusBefore = new Map((await mappingsOf(t, productId, '2023')).map((m) => [m.id, m.status]));
    const { carryMappingsForward: result } = await t.data(
      CarryMappingsForwardDetailDocument,
      { input: { productId, fromEdition: '2023', toEdition: '2024' } },
      await as('VENDOR', organizationId, 'carrier@vendor'),
    );
    expect(result.errors).toEqual([]);
    const created = result.carried.filter((c) => c.mappingId !== null);
    expect(created.length).toBeGreaterThan(5);
    for (const c of created.slice(0, 4)) {
      const events = await trail(c.mappingId!);
      expect(events.map((e) => [e.action, e.actorId, e.objectType])).toEqual([['CARRY_MAPPING_FORWARD', 'carrier@vendor', 'Mapping']]);
      expect(events[0].after).toMatchObject({ productId, edition: '2024', capability: c.capability.slug, status: c.status, relation: c.relation });
    }
    const superseded = (await mappingsOf(t, productId, '2023')).filter((m) => m.status === 'SUPERSEDED');
    expect(superseded).toHaveLength(result.superseded);
    for (const m of superseded.slice(0, 4)) {
      const events = await trail(m.id);
      expect(['APPROVED', 'PROPOSED']).toContain(statusBefore.get(m.id));
      expect(events.at(-1)).toEqual({
        action: 'SUPERSEDE_MAPPING',
        actorId: 'carrier@vendor',
        objectType: 'Mapping',
        before: { status: statusBefore.get(m.id) },
        after: { productId, status: 'SUPERSEDED', carriedTo: '2024' },
      });
    }
  });
});
