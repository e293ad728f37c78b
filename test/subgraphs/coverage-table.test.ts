import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddFeatureDocument, CarryMappingsForwardDocument, MapFeatureDocument, ReviewMappingDocument } from '../../src/client/generated/graphql';
import { sqlRows } from '../../src/db/sql';
import { countsForCoverage } from '../../src/domain/coverage/compute-coverage';
import { coveredCapabilityRows, rebuildCoverage } from '../../src/subgraphs/catalog';
import { todayIso } from '../../src/domain/calendar';
import { startTestApp, type TestApp } from '../support/test-app';
import { createOrganization, createProduct, importCsv, reviewer, vendor } from './catalog-helpers';

// product_coverage and mapping_history are written by triggers, not by the services. This drives a
// random (seeded, so repeatable) sequence of writes through the product's mutations AND through
// direct SQL (bulk updates as the benchmark does, withdrawals, visibility, supersession, deletes of
// mappings and features, a feature moving to another product), and after every step checks:
//   - the table equals coverage computed from the mappings by the domain's countsForCoverage,
//     with the number of counting mappings per (product, edition, capability);
//   - each mapping has exactly one open history row, equal to its current status/visibility/approval;
//   - coverage from the history at the end of today equals the table.
// Run on the embedded database by default and on PostgreSQL 15 with TEST_DATABASE_URL.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

interface MappingState {
  id: string;
  featureId: string;
  productId: string;
  editionId: string;
  capabilityId: string;
  status: string;
  public: boolean;
  approvedAt: string | null;
}

const db = () => t.app.db.orm.em.fork();

async function mappingsOf(productIds: string[]): Promise<MappingState[]> {
  return sqlRows<MappingState>(
    db(),
    `select m.id, m.feature_id as "featureId", f.product_id as "productId", m.edition_id as "editionId", m.capability_id as "capabilityId",
            m.status, m.public, m.approved_at::text as "approvedAt"
       from mapping m join feature f on f.id = m.feature_id where f.product_id = any(?::uuid[]) order by m.id`,
    [productIds],
  );
}

async function check(productIds: string[], step: string): Promise<void> {
  const mappings = await mappingsOf(productIds);
  const expected = new Map<string, number>();
  for (const m of mappings) {
    if (!countsForCoverage(m)) continue;
    const key = `${m.productId}/${m.editionId}/${m.capabilityId}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  const table = await sqlRows<{ key: string; mappings: number }>(
    db(),
    `select product_id || '/' || edition_id || '/' || capability_id as key, mappings from product_coverage where product_id = any(?::uuid[])`,
    [productIds],
  );
  expect(Object.fromEntries(table.map((r) => [r.key, r.mappings])), `product_coverage after ${step}`).toEqual(Object.fromEntries(expected));

  const open = await sqlRows<MappingState>(
    db(),
    `select h.mapping_id as id, h.feature_id as "featureId", h.product_id as "productId", h.edition_id as "editionId", h.capability_id as "capabilityId",
            h.status, h.public, h.approved_at::text as "approvedAt"
       from mapping_history h where h.product_id = any(?::uuid[]) and h.valid_to is null order by h.mapping_id`,
    [productIds],
  );
  expect(open, `open history rows after ${step}`).toEqual(mappings);

  const editions = [...new Set(mappings.map((m) => m.editionId))];
  const fromHistory = await coveredCapabilityRows(db(), productIds, editions.length ? editions : [productIds[0]], todayIso());
  const historyKeys = fromHistory.map((r) => `${r.productId}/${r.editionId}/${r.capabilityId}`).sort();
  expect(historyKeys, `coverage from history at the end of today after ${step}`).toEqual([...expected.keys()].sort());
}

async function slugs(edition: string): Promise<string[]> {
  const rows = await sqlRows<{ slug: string }>(
    db(),
    `select c.slug from capability c join framework_edition e on e.id = c.edition_id where e.slug = ? order by c.slug`,
    [edition],
  );
  return rows.map((r) => r.slug);
}

describe('product_coverage and mapping_history follow every write', () => {
  it('match coverage computed from the mappings after each of 60 random writes (mutations and direct SQL)', async () => {
    const rand = random(20261130);
    const pick = <T>(list: T[]): T | undefined => (list.length ? list[Math.floor(rand() * list.length)] : undefined);
    const organizationId = await createOrganization(t);
    const products = [await createProduct(t, organizationId), await createProduct(t, organizationId), await createProduct(t, organizationId)];
    const caps2026 = (await slugs('2026')).slice(0, 8);
    const caps2025 = (await slugs('2025')).slice(0, 8);
    for (const [i, productId] of products.entries()) {
      // Several features per capability, so a capability can have more than one counting mapping.
      const rows = Array.from({ length: 10 }, (_, k) => `Feature ${k % 4},${caps2026[(i + k) % caps2026.length]}`);
      await importCsv(t, organizationId, productId, '2026', ['feature,capability', ...new Set(rows)].join('\n'));
    }
    await importCsv(
      t,
      organizationId,
      products[0],
      '2025',
      ['feature,capability', ...caps2025.slice(0, 5).map((c, k) => `Old feature ${k % 2},${c}`)].join('\n'),
    );
    await check(products, 'the imports');

    const headers = await reviewer();
    const vendorHeaders = await vendor(organizationId, 'vendor@test');
    const carried = new Set<string>();
    const counts: Record<string, number> = {};
    for (let step = 0; step < 60; step++) {
      const mappings = await mappingsOf(products);
      const pending = mappings.filter((m) => m.status === 'PROPOSED' || m.status === 'CHANGES_REQUESTED');
      const approved = mappings.filter((m) => m.status === 'APPROVED');
      const op = pick([
        'approve',
        'approve',
        'reject',
        'changes',
        'withdraw',
        'visibility',
        'bulk',
        'supersede',
        'deleteMapping',
        'deleteFeature',
        'map',
        'carry',
        'move',
      ])!;
      switch (op) {
        case 'approve':
        case 'reject':
        case 'changes': {
          const m = pick(pending);
          if (!m) break;
          const decision = op === 'approve' ? 'APPROVE' : op === 'reject' ? 'REJECT' : 'REQUEST_CHANGES';
          const { reviewMapping } = await t.data(ReviewMappingDocument, { input: { mappingId: m.id, decision } }, headers);
          expect(reviewMapping.errors).toEqual([]);
          break;
        }
        case 'withdraw': {
          const m = pick(approved);
          if (m) await sqlRows(db(), `update mapping set status = 'REJECTED', version = version + 1 where id = ?`, [m.id]);
          break;
        }
        case 'visibility': {
          const m = pick(mappings);
          if (m) await sqlRows(db(), `update mapping set public = not public, version = version + 1 where id = ?`, [m.id]);
          break;
        }
        case 'bulk': {
          // As the benchmark does: one UPDATE approving every pending mapping of a product.
          const productId = pick(products)!;
          await sqlRows(
            db(),
            `update mapping m set status = 'APPROVED', approved_at = now(), reviewed_by = 'bulk', reviewed_at = now()
               from feature f where f.id = m.feature_id and f.product_id = ? and m.status in ('PROPOSED', 'CHANGES_REQUESTED')`,
            [productId],
          );
          break;
        }
        case 'supersede': {
          const m = pick(mappings.filter((x) => x.status !== 'SUPERSEDED'));
          if (m) await sqlRows(db(), `update mapping set status = 'SUPERSEDED' where id = ?`, [m.id]);
          break;
        }
        case 'deleteMapping': {
          const m = pick(mappings);
          if (m) await sqlRows(db(), `delete from mapping where id = ?`, [m.id]);
          break;
        }
        case 'deleteFeature': {
          const m = pick(mappings);
          if (m) await sqlRows(db(), `delete from feature where id = ?`, [m.featureId]);
          break;
        }
        case 'map': {
          const productId = pick(products)!;
          const { addFeature } = await t.data(AddFeatureDocument, { input: { productId, name: `Mapped ${step}` } }, vendorHeaders);
          expect(addFeature.errors).toEqual([]);
          const { mapFeature } = await t.data(
            MapFeatureDocument,
            { input: { featureId: addFeature.feature!.id, edition: '2026', capability: pick(caps2026)!, public: rand() < 0.8 } },
            vendorHeaders,
          );
          expect(mapFeature.errors).toEqual([]);
          break;
        }
        case 'carry': {
          const productId = products[0];
          if (carried.has(productId)) break;
          carried.add(productId);
          const { carryMappingsForward } = await t.data(
            CarryMappingsForwardDocument,
            { input: { productId, fromEdition: '2025', toEdition: '2026' } },
            vendorHeaders,
          );
          expect(carryMappingsForward.errors).toEqual([]);
          break;
        }
        case 'move': {
          // A feature moving to another product (no mutation does it; SQL may).
          const m = pick(mappings);
          const target = pick(products.filter((p) => p !== m?.productId));
          if (m && target) {
            await sqlRows(db(), `update feature set product_id = ?, name = name || ' (moved ' || ? || ')' where id = ?`, [target, step, m.featureId]);
          }
          break;
        }
      }
      counts[op] = (counts[op] ?? 0) + 1;
      await check(products, `step ${step} (${op})`);
    }
    // Every kind of write was exercised.
    expect(Object.keys(counts).sort()).toEqual(
      [
        'approve',
        'bulk',
        'carry',
        'changes',
        'deleteFeature',
        'deleteMapping',
        'map',
        'move',
        'reject',
        'supersede',
        'visibility',
        'withdraw',
      ].sort(),
    );

    // Deleting a product takes its coverage rows and history with it.
    await sqlRows(db(), `delete from product where id = ?`, [products[2]]);
    const left = await sqlRows<{ n: number }>(
      db(),
      `select (select count(*) from product_coverage where product_id = ?)::int + (select count(*) from mapping_history where product_id = ?)::int as n`,
      [products[2], products[2]],
    );
    expect(left[0].n).toBe(0);
    await check(products.slice(0, 2), 'deleting a product');

    // The rebuild recomputes the same table: nothing was wrong.
    const rebuilt = await rebuildCoverage(db());
    expect(rebuilt.changed).toBe(0);
    expect(rebuilt.after).toBe(rebuilt.before);
  });
});
