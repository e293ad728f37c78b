import { print } from 'graphql';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProductCoverageAsOfDocument, ProductCoverageDocument, UpdateOrganizationDocument } from '../../src/client/generated/graphql';
import { responseCacheCounters } from '../../src/cache/response-cache';
import { sqlRows } from '../../src/db/sql';
import { addFeature, approve, createOrganization, createProduct, importCsv, mappingsOf, vendor } from '../subgraphs/catalog-helpers';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';

// The gateway's public response cache: exact invalidation through the per-product revision the
// triggers bump in the writing transaction, never a signed-in caller's answer, ETag/304 over GET.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RESPONSE_CACHE: 'on' });
});
afterAll(async () => {
  await t?.stop();
});

const COVERAGE = print(ProductCoverageDocument);

async function revisionOf(productId: string): Promise<number> {
  const rows = await sqlRows<{ revision: string }>(
    t.app.db.orm.em.fork(),
    'select count(*)::text as revision from product_revision where product_id = ?',
    [productId],
  );
  return Number(rows[0]?.revision ?? 0);
}

/** A counter's change over fn. */
async function delta<T>(fn: () => Promise<T>): Promise<{ result: T; hits: number; misses: number; uncacheable: number }> {
  const before = { ...responseCacheCounters };
  const result = await fn();
  return {
    result,
    hits: responseCacheCounters.hits - before.hits,
    misses: responseCacheCounters.misses - before.misses,
    uncacheable: responseCacheCounters.uncacheable - before.uncacheable,
  };
}

/** A product with two approved public mappings (2026) and one still PROPOSED. */
async function productWithMappings(): Promise<{ organizationId: string; productId: string }> {
  const organizationId = await createOrganization(t);
  const productId = await createProduct(t, organizationId);
  await importCsv(t, organizationId, productId, '2026', 'feature,capability\nAlerts,budgeting\nTags,allocation\nPlans,forecasting');
  const mappings = await mappingsOf(t, productId, '2026');
  await approve(
    t,
    mappings.filter((m) => m.capability !== 'forecasting').map((m) => m.id),
  );
  return { organizationId, productId };
}

function slugsOf(product: { features: { mappings: { capability: { slug: string } | null }[] | null }[] | null }): string[] {
  return product.features!.flatMap((f) => f.mappings!.map((m) => m.capability?.slug ?? '(none)')).sort();
}

describe('public response cache', () => {
  it('answers a repeated anonymous read from the cache, with one statement instead of the operation', async () => {
    const { productId } = await productWithMappings();
    const first = await delta(() => t.countStatements(() => t.data(ProductCoverageDocument, { id: productId, edition: '2026' })));
    expect(first).toMatchObject({ hits: 0, misses: 1 });
    const second = await delta(() => t.countStatements(() => t.data(ProductCoverageDocument, { id: productId, edition: '2026' })));
    expect(second).toMatchObject({ hits: 1, misses: 0 });
    expect(second.result.result).toEqual(first.result.result);
    expect(second.result.statements).toBe(1);
    expect(first.result.statements).toBeGreaterThan(1);
    expect(slugsOf(second.result.result.product!)).toEqual(['allocation', 'budgeting']);
    expect(second.result.result.product!.coverage!.capabilities.covered).toBe(2);
  });

  it('a write bumps the product revision in its transaction and the next read is fresh', async () => {
    const { organizationId, productId } = await productWithMappings();
    await t.data(ProductCoverageDocument, { id: productId, edition: '2026' });
    const before = await revisionOf(productId);
    expect(before).toBeGreaterThan(0);

    const proposed = (await mappingsOf(t, productId, '2026')).find((m) => m.capability === 'forecasting')!;
    await approve(t, [proposed.id]);
    expect(await revisionOf(productId)).toBeGreaterThan(before);

    const after = await delta(() => t.data(ProductCoverageDocument, { id: productId, edition: '2026' }));
    expect(after).toMatchObject({ hits: 0, misses: 1 });
    expect(slugsOf(after.result.product!)).toEqual(['allocation', 'budgeting', 'forecasting']);
    expect(after.result.product!.coverage!.capabilities.covered).toBe(3);

    // A new feature (another table, another trigger) bumps it too; the public sees a feature only once
    // it has a published mapping, so the fresh answer still lists the three.
    const beforeFeature = await revisionOf(productId);
    await addFeature(t, productId, 'Brand new feature');
    expect(await revisionOf(productId)).toBeGreaterThan(beforeFeature);
    const withFeature = await delta(() => t.data(ProductCoverageDocument, { id: productId, edition: '2026' }));
    expect(withFeature).toMatchObject({ hits: 0, misses: 1 });
    expect(withFeature.result.product!.features!.map((f) => f.name).sort()).toEqual(['Alerts', 'Plans', 'Tags']);
    // Mapped and approved, it shows.
    await importCsv(t, organizationId, productId, '2026', 'feature,capability\nVisible new feature,budgeting');
    const fresh = (await mappingsOf(t, productId, '2026')).filter((m) => m.status === 'PROPOSED').map((m) => m.id);
    await approve(t, fresh);
    const published = await t.data(ProductCoverageDocument, { id: productId, edition: '2026' });
    expect(published.product!.features!.map((f) => f.name).sort()).toEqual(['Alerts', 'Plans', 'Tags', 'Visible new feature']);
  });

  it('coverage as of a day is kept per day and refreshed by the next write like the rest', async () => {
    const { productId } = await productWithMappings();
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const asOf = (day: string) => delta(() => t.data(ProductCoverageAsOfDocument, { id: productId, edition: '2026', asOf: day }));
    const covered = (r: Awaited<ReturnType<typeof asOf>>) => r.result.product!.coverage!.capabilities.covered;

    const first = await asOf(today);
    expect([first.misses, covered(first)]).toEqual([1, 2]);
    const again = await asOf(today);
    expect([again.hits, covered(again)]).toEqual([1, 2]);
    // The two mappings were approved today: the day before, nothing was covered (another key, its own answer).
    const before = await asOf(yesterday);
    expect([before.misses, covered(before)]).toEqual([1, 0]);

    const proposed = (await mappingsOf(t, productId, '2026')).find((m) => m.capability === 'forecasting')!;
    await approve(t, [proposed.id]);
    const todayAfter = await asOf(today);
    expect([todayAfter.misses, covered(todayAfter)]).toEqual([1, 3]);
    const yesterdayAfter = await asOf(yesterday);
    expect([yesterdayAfter.misses, covered(yesterdayAfter)]).toEqual([1, 0]);
  });

  it('renaming the organization bumps its products', async () => {
    const { organizationId, productId } = await productWithMappings();
    const before = await t.data(ProductCoverageDocument, { id: productId, edition: '2026' });
    const name = unique('Renamed vendor');
    const { updateOrganization } = await t.data(UpdateOrganizationDocument, { input: { id: organizationId, name } }, await as('ADMIN'));
    expect(updateOrganization.errors).toEqual([]);
    const after = await delta(() => t.data(ProductCoverageDocument, { id: productId, edition: '2026' }));
    expect(after.misses).toBe(1);
    expect(after.result.product!.organization!.name).toBe(name);
    expect(before.product!.organization!.name).not.toBe(name);
  });

  it('a 300-row import bumps the revision once per statement, not once per row', async () => {
    const organizationId = await createOrganization(t);
    const productId = await createProduct(t, organizationId);
    const before = await revisionOf(productId);
    const rows = Array.from({ length: 300 }, (_, i) => `Feature ${i},${['budgeting', 'allocation', 'forecasting'][i % 3]}`);
    expect(await importCsv(t, organizationId, productId, '2026', ['feature,capability', ...rows].join('\n'))).toBe(300);
    const bumps = (await revisionOf(productId)) - before;
    expect(bumps).toBeGreaterThanOrEqual(1);
    expect(bumps).toBeLessThanOrEqual(5);
  });

  it("never keeps a signed-in caller's answer: the vendor sees its proposed mapping, the public never does", async () => {
    const { organizationId, productId } = await productWithMappings();
    const asVendor = await vendor(organizationId);
    const own = await delta(() => t.request(ProductCoverageDocument, { id: productId, edition: '2026' }, asVendor));
    expect(own).toMatchObject({ hits: 0, misses: 0, uncacheable: 0 });
    expect(slugsOf(own.result.data!.product!)).toEqual(['allocation', 'budgeting', 'forecasting']);

    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asVendor },
      body: JSON.stringify({ query: COVERAGE, variables: { id: productId, edition: '2026' } }),
    });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('etag')).toBeNull();

    const anonymous = await t.data(ProductCoverageDocument, { id: productId, edition: '2026' });
    expect(slugsOf(anonymous.product!)).toEqual(['allocation', 'budgeting']);
    const again = await delta(() => t.data(ProductCoverageDocument, { id: productId, edition: '2026' }));
    expect(again.hits).toBe(1);
    expect(slugsOf(again.result.product!)).toEqual(['allocation', 'budgeting']);
  });

  it('does not cache reads the revisions do not cover', async () => {
    const { organizationId } = await productWithMappings();
    const query = `query ($id: ID!) { organization(id: $id) { name products { name } } }`;
    const first = await delta(() => t.request(query, { id: organizationId }));
    const second = await delta(() => t.request(query, { id: organizationId }));
    expect(first).toMatchObject({ hits: 0, misses: 0, uncacheable: 1 });
    expect(second).toMatchObject({ hits: 0, misses: 0, uncacheable: 1 });
  });

  it('public GET with a persisted query carries Cache-Control and an ETag, and answers If-None-Match with 304', async () => {
    const { productId } = await productWithMappings();
    const sha256Hash = createHash('sha256').update(COVERAGE).digest('hex');
    const get = (params: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)]));
      return fetch(`${t.url}?${search}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
    };
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const variables = { id: productId, edition: '2026' };
    // Register the query (APQ over GET), then read by hash only.
    const registered = await fetch(
      `${t.url}?${new URLSearchParams({ query: COVERAGE, variables: JSON.stringify(variables), extensions: JSON.stringify(extensions) })}`,
      { headers: { 'apollo-require-preflight': 'true' } },
    );
    expect(registered.status).toBe(200);
    const full = await get({ variables, extensions });
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('public, no-cache');
    const etag = full.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(registered.headers.get('etag')).toBe(etag);
    expect(((await full.json()) as any).data.product.id).toBe(productId);

    const notModified = await get({ variables, extensions }, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');

    // Other variables: another answer, another tag.
    const otherEdition = await get({ variables: { ...variables, edition: '2025' }, extensions }, { 'if-none-match': etag });
    expect(otherEdition.status).toBe(200);
    expect(otherEdition.headers.get('etag')).not.toBe(etag);

    // After a write the old tag no longer matches: a full answer with a new tag.
    await addFeature(t, productId, 'Feature after the tag');
    const changed = await get({ variables, extensions }, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    // (The public sees that feature only once it has a published mapping: same features, newer revision.)
    const body = (await changed.json()) as any;
    expect(body.data.product.features.map((f: { name: string }) => f.name).sort()).toEqual(['Alerts', 'Tags']);

    // A signed-in GET is never public, and never 304 against a public tag.
    const signedIn = await get({ variables, extensions }, { 'if-none-match': changed.headers.get('etag')!, ...(await as('REVIEWER')) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('public response cache switched off', () => {
  it('RESPONSE_CACHE=off runs every read and sends no ETag', async () => {
    const off = await startTestApp({ RESPONSE_CACHE: 'off' });
    try {
      const { productId } = await productWithMappings();
      const counted = await delta(async () => {
        const a = await off.countStatements(() => off.data(ProductCoverageDocument, { id: productId, edition: '2026' }));
        const b = await off.countStatements(() => off.data(ProductCoverageDocument, { id: productId, edition: '2026' }));
        return [a, b];
      });
      expect(counted).toMatchObject({ hits: 0, misses: 0 });
      expect(counted.result[1].statements).toBe(counted.result[0].statements);
      const res = await fetch(off.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: COVERAGE, variables: { id: productId } }),
      });
      expect(res.headers.get('etag')).toBeNull();
    } finally {
      await off.stop();
    }
  });
});
