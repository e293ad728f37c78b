import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CarryMappingsForwardDocument,
  EvaluateCertificationInDocument,
  ProductCoverageAsOfDocument,
  ProductCoverageDocument,
} from '../../src/client/generated/graphql';
import { sqlRows } from '../../src/db/sql';
import { todayIso } from '../../src/domain/calendar';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { approve, createExampleCopy, createOrganization, createProduct, importCsv, mappingsOf, vendor } from './catalog-helpers';
import { backdateHistory } from './certification-helpers';

// Product.coverage(edition, asOf): coverage as it stood at the end of a day (UTC), from the history
// the triggers on `mapping` write. The tests move history rows to past days with SQL (a change made
// "now" is moved to a chosen instant), then ask through the gateway for the days around each change.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const db = () => t.app.db.orm.em.fork();

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

async function coverageAsOf(id: string, edition: string, asOf: string) {
  const { product } = await t.data(ProductCoverageAsOfDocument, { id, edition, asOf });
  return product!.coverage;
}

/** Moves the change a mapping went through "now" (its open row began now) to `at`. */
async function backdateLastChange(mappingId: string, at: string): Promise<void> {
  const rows = await sqlRows<{ n: number }>(
    db(),
    `with latest as (select max(valid_from) as t from mapping_history where mapping_id = ?),
          a as (update mapping_history h set valid_to = ?::timestamptz from latest where h.mapping_id = ? and h.valid_to = latest.t returning 1),
          b as (update mapping_history h set valid_from = ?::timestamptz from latest where h.mapping_id = ? and h.valid_to is null and h.valid_from = latest.t returning 1)
     select ((select count(*) from a) + (select count(*) from b))::int as n`,
    [mappingId, at, mappingId, at, mappingId],
  );
  expect(rows[0].n).toBe(2);
}

describe('Product.coverage(asOf)', () => {
  it('counts an approval from its day on, a withdrawal (rejection) and a move to private from theirs', async () => {
    const organizationId = await createOrganization(t);
    const productId = await createProduct(t, organizationId);
    // Four capabilities of 2026, in four different domains (of 4 in 2026).
    const capabilities = await sqlRows<{ slug: string }>(
      db(),
      `select distinct on (d.position) c.slug
         from capability c join capability_domain cd on cd.capability_id = c.id join framework_domain d on d.id = cd.domain_id
         join framework_edition e on e.id = c.edition_id
        where e.slug = '2026' order by d.position, c.position`,
    );
    expect(capabilities).toHaveLength(4);
    await importCsv(t, organizationId, productId, '2026', ['feature,capability', ...capabilities.map((c, i) => `Feature ${i},${c.slug}`)].join('\n'));
    const mappings = await mappingsOf(t, productId, '2026');
    await approve(
      t,
      mappings.map((m) => m.id),
    );
    // Proposed and approved on 2026-03-01.
    await backdateHistory(t, productId, '2026-03-01T09:00:00Z');

    expect(await coverageAsOf(productId, '2026', '2026-02-28')).toEqual({
      domains: { covered: 0, total: 4 },
      capabilities: { covered: 0, total: 22 },
      meetsMost: false,
    });
    expect(await coverageAsOf(productId, '2026', '2026-03-01')).toEqual({
      domains: { covered: 4, total: 4 },
      capabilities: { covered: 4, total: 22 },
      meetsMost: false,
    });

    // Withdrawn (rejected after approval; no mutation does this, SQL may) on 2026-05-01 at 10:00.
    const [first, second] = mappings.sort((a, b) => a.capability.localeCompare(b.capability));
    await sqlRows(db(), `update mapping set status = 'REJECTED', version = version + 1 where id = ?`, [first.id]);
    await backdateLastChange(first.id, '2026-05-01T10:00:00Z');
    // Made private on 2026-06-01 a second before midnight: it no longer counts at the end of that day.
    await sqlRows(db(), `update mapping set public = false, version = version + 1 where id = ?`, [second.id]);
    await backdateLastChange(second.id, '2026-06-01T23:59:59Z');

    const capabilitiesOn = async (asOf: string) => (await coverageAsOf(productId, '2026', asOf))!.capabilities.covered;
    expect(await capabilitiesOn('2026-04-30')).toBe(4);
    expect(await capabilitiesOn('2026-05-01')).toBe(3);
    expect(await capabilitiesOn('2026-05-31')).toBe(3);
    expect(await capabilitiesOn('2026-06-01')).toBe(2);
    expect(await capabilitiesOn(todayIso())).toBe(2);
    // Without asOf: now, unchanged.
    const { product } = await t.data(ProductCoverageDocument, { id: productId, edition: '2026' });
    expect(product!.coverage!.capabilities).toEqual({ covered: 2, total: 22 });
  });

  it("carrying forward keeps the source edition's past and present coverage, and the target's starts today", async () => {
    const { organizationId, productId } = await createExampleCopy(t);
    await backdateHistory(t, productId, '2023-06-01T08:00:00Z');
    expect(await coverageAsOf(productId, '2023', '2023-05-31')).toEqual({
      domains: { covered: 0, total: 6 },
      capabilities: { covered: 0, total: 18 },
      meetsMost: false,
    });
    const example = { domains: { covered: 6, total: 6 }, capabilities: { covered: 14, total: 18 }, meetsMost: true };
    expect(await coverageAsOf(productId, '2023', '2023-06-01')).toEqual(example);

    const { carryMappingsForward } = await t.data(
      CarryMappingsForwardDocument,
      { input: { productId, fromEdition: '2023', toEdition: '2024' } },
      await vendor(organizationId),
    );
    expect(carryMappingsForward.errors).toEqual([]);
    // Superseded after approval still counts, before and after the carry.
    expect(await coverageAsOf(productId, '2023', dayBefore(todayIso()))).toEqual(example);
    expect(await coverageAsOf(productId, '2023', todayIso())).toEqual(example);
    // The 2024 mappings exist from today on.
    expect(await coverageAsOf(productId, '2024', dayBefore(todayIso()))).toEqual({
      domains: { covered: 0, total: 4 },
      capabilities: { covered: 0, total: 22 },
      meetsMost: false,
    });
    expect(await coverageAsOf(productId, '2024', todayIso())).toEqual({
      domains: { covered: 3, total: 4 },
      capabilities: { covered: 11, total: 22 },
      meetsMost: false,
    });
  });

  it("an evaluation with asOf uses that day's coverage, and gives the same answer when asked again after later changes", async () => {
    const { organizationId, productId } = await createExampleCopy(t);
    await backdateHistory(t, productId, '2024-01-10T08:00:00Z');
    const evaluate = async (asOf: string) => {
      const { organization } = await t.data(
        EvaluateCertificationInDocument,
        { organization: organizationId, kind: 'PLATFORM', program: '2023', productId, asOf },
        await as('ADMIN'),
      );
      return organization!.evaluateCertification!;
    };
    expect((await evaluate('2024-01-09')).coverage).toEqual({
      domains: { covered: 0, total: 6 },
      capabilities: { covered: 0, total: 18 },
      meetsMost: false,
    });
    const decided = await evaluate('2024-02-01');
    expect(decided.coverage).toEqual({ domains: { covered: 6, total: 6 }, capabilities: { covered: 14, total: 18 }, meetsMost: true });

    // Later, every mapping is withdrawn: today's evaluation changes, the one of 2024-02-01 does not.
    await sqlRows(db(), `update mapping m set status = 'REJECTED' from feature f where f.id = m.feature_id and f.product_id = ?`, [productId]);
    expect((await evaluate(todayIso())).coverage).toEqual({
      domains: { covered: 0, total: 6 },
      capabilities: { covered: 0, total: 18 },
      meetsMost: false,
    });
    expect(await evaluate('2024-02-01')).toEqual(decided);
  });

  it('the coverage-matrix export and the HTML report take asOf; a bad one is a 400', async () => {
    const { productId } = await createExampleCopy(t);
    await backdateHistory(t, productId, '2023-06-01T08:00:00Z');
    const base = new URL(t.url).origin;
    const row = async (asOf: string | null) => {
      const res = await fetch(`${base}/exports/coverage-matrix.json?edition=2023${asOf ? `&asOf=${asOf}` : ''}`);
      expect(res.status).toBe(200);
      if (asOf) expect(res.headers.get('x-export-as-of')).toBe(asOf);
      const body = (await res.json()) as { asOf: string | null; parts: { rows: Record<string, unknown>[] }[] };
      expect(body.asOf).toBe(asOf);
      const found = body.parts[0].rows.find((r) => r.productId === productId)!;
      return { capabilitiesCovered: found.capabilitiesCovered, domainsCovered: found.domainsCovered, meetsMost: found.meetsMost };
    };
    expect(await row('2023-05-31')).toEqual({ capabilitiesCovered: 0, domainsCovered: 0, meetsMost: false });
    expect(await row('2023-06-01')).toEqual({ capabilitiesCovered: 14, domainsCovered: 6, meetsMost: true });
    expect(await row(null)).toEqual({ capabilitiesCovered: 14, domainsCovered: 6, meetsMost: true });

    const bad = await fetch(`${base}/exports/coverage-matrix.csv?asOf=2023-02-30`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'asOf must be a calendar date YYYY-MM-DD; got "2023-02-30"', field: 'asOf' },
    });
    const wrongReport = await fetch(`${base}/exports/gap-report.csv?asOf=2023-06-01`, { headers: await as('REVIEWER') });
    expect(wrongReport.status).toBe(400);

    const html = await fetch(`${base}/reports/coverage?edition=2023&asOf=2023-05-31`);
    expect(html.status).toBe(200);
    const text = await html.text();
    expect(text).toContain('<h1>Coverage report: ');
    expect(text).toContain(', as of 2023-05-31</h1>');
    expect(text).toContain('/exports/coverage-matrix.csv?edition=2023&amp;asOf=2023-05-31');
    expect((await fetch(`${base}/reports/coverage?asOf=yesterday`)).status).toBe(400);
  });

  it('costs the same number of statements for 4 mappings as for 18', async () => {
    const organizationId = await createOrganization(t);
    const small = await createProduct(t, organizationId);
    await importCsv(t, organizationId, small, '2023', 'feature,capability\nOne,forecasting');
    const { productId: large } = await createExampleCopy(t);
    const count = async (id: string) =>
      (await t.countStatements(() => t.data(ProductCoverageAsOfDocument, { id, edition: '2023', asOf: '2024-01-01' }))).statements;
    const a = await count(small);
    const b = await count(large);
    expect(b).toBe(a);
    // The framework snapshot's revision check, the product, and one history read.
    expect(b).toBeLessThanOrEqual(4);
  });
});
