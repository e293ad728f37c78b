import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMappingsDetailDocument, ImportMappingsDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { addFeature, createOrganization, createProduct, mappingsOf } from './catalog-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const organizationOf = new Map<string, string>();

async function newProduct(): Promise<string> {
  const organizationId = await createOrganization(t);
  const productId = await createProduct(t, organizationId);
  organizationOf.set(productId, organizationId);
  return productId;
}

async function importSheet(productId: string, content: string, extra: { format?: 'CSV' | 'JSON'; dryRun?: boolean; edition?: string } = {}) {
  const vendor = await as('VENDOR', organizationOf.get(productId), 'sheet-vendor@test');
  const input = { productId, edition: extra.edition ?? '2026', format: extra.format ?? 'CSV', content, dryRun: extra.dryRun } as const;
  return (await t.data(ImportMappingsDetailDocument, { input }, vendor)).importMappings;
}

describe('ImportMappings', () => {
  it('imports a CSV sheet: features created when missing (matched by trimmed, case-insensitive name), mappings PROPOSED', async () => {
    const product = await newProduct();
    await addFeature(t, product, 'Cost Explorer');
    const csv = [
      'feature,capability,relationship,strength,rationale,evidence_url',
      ' cost explorer ,reporting-analytics,EQUIVALENT,9,"Dashboards, reports",https://example.com/explorer',
      'Cost Explorer,data-ingestion,,,,',
      'Budgets,budgeting,subset,5,,',
    ].join('\r\n');
    const result = await importSheet(product, csv);
    expect(result).toEqual({ created: 3, featuresCreated: 1, dryRun: false, rowErrors: [], errors: [] });
    const mappings = await mappingsOf(t, product, '2026');
    expect(mappings.map((m) => [m.feature, m.capability, m.status]).sort()).toEqual([
      ['Budgets', 'budgeting', 'PROPOSED'],
      ['Cost Explorer', 'data-ingestion', 'PROPOSED'],
      ['Cost Explorer', 'reporting-analytics', 'PROPOSED'],
    ]);
    // The contract operation, re-importing a mapped pair: ALREADY_MAPPED on its line.
    const { importMappings } = await t.data(
      ImportMappingsDocument,
      { input: { productId: product, edition: '2026', format: 'CSV', content: 'feature,capability\nBUDGETS,budgeting\n' } },
      await as('VENDOR', organizationOf.get(product)),
    );
    expect(importMappings.created).toBe(0);
    expect(importMappings.rowErrors).toEqual([expect.objectContaining({ line: 2, code: 'ALREADY_MAPPED' })]);
  });

  it('writes nothing when any row is bad, and reports every bad row with its line', async () => {
    const product = await newProduct();
    const csv = [
      'feature,capability,relationship,strength,rationale,evidence_url',
      'Good,allocation,,,,',
      ',budgeting,,,,',
      'Other,no-such-capability,,,,',
      '"Multi',
      'line",forecasting,,11,,',
      'Third,forecasting,,,,ftp://nope',
      'Good,allocation,,,,',
    ].join('\n');
    const result = await importSheet(product, csv);
    expect(result.created).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.rowErrors.map((e) => [e.line, e.code])).toEqual([
      [3, 'EMPTY_FEATURE'],
      [4, 'UNKNOWN_CAPABILITY'],
      [5, 'BAD_STRENGTH'],
      [7, 'BAD_EVIDENCE_URL'],
      [8, 'DUPLICATE_ROW'],
    ]);
    expect(await mappingsOf(t, product)).toEqual([]);
  });

  it('imports JSON rows', async () => {
    const product = await newProduct();
    const json = JSON.stringify([
      { feature: 'Anomaly Alerts', capability: 'anomaly-management', strength: 8, evidenceUrl: 'https://example.com/a' },
      { feature: 'Anomaly Alerts', capability: 'reporting-analytics', relationship: 'SUBSET' },
    ]);
    expect(await importSheet(product, json, { format: 'JSON' })).toMatchObject({ created: 2, featuresCreated: 1, errors: [], rowErrors: [] });
    const bad = await importSheet(
      product,
      JSON.stringify([
        { feature: 'X', capability: 'allocation' },
        { feature: 7, capability: 'budgeting' },
      ]),
      {
        format: 'JSON',
      },
    );
    expect(bad.rowErrors).toEqual([expect.objectContaining({ line: 2, code: 'INVALID_ROW' })]);
    expect(await mappingsOf(t, product)).toHaveLength(2);
  });

  it('dryRun reports what would be created and writes nothing', async () => {
    const product = await newProduct();
    const csv = 'feature,capability\nA,allocation\nA,budgeting\nB,forecasting\n';
    expect(await importSheet(product, csv, { dryRun: true })).toEqual({ created: 3, featuresCreated: 2, dryRun: true, rowErrors: [], errors: [] });
    expect(await mappingsOf(t, product)).toEqual([]);
    expect(await importSheet(product, csv)).toMatchObject({ created: 3, featuresCreated: 2, dryRun: false });
  });

  it.each([
    ['a missing header', 'Cost Explorer,allocation\nBudgets,budgeting\n', 'MISSING_HEADER'],
    ['an empty sheet', '', 'EMPTY_SHEET'],
    ['content over the sheet limit', `feature,capability\n${'x'.repeat(11 * 1024 * 1024)},allocation\n`, 'TOO_LARGE'],
  ])('answers %s with a payload error and writes nothing', async (_, content, code) => {
    const product = await newProduct();
    const result = await importSheet(product, content);
    expect(result.created).toBe(0);
    expect(result.errors).toContainEqual(expect.objectContaining({ code, field: 'input.content' }));
    expect(await mappingsOf(t, product)).toEqual([]);
  });

  it('refuses a binary blob (NUL bytes) at the gateway with BAD_USER_INPUT on input.content and writes nothing', async () => {
    const product = await newProduct();
    const vendor = await as('VENDOR', organizationOf.get(product), 'sheet-vendor@test');
    const input = { productId: product, edition: '2026', format: 'CSV', content: 'PK\u0003\u0004\u0000\u0000xl/workbook.xml' } as const;
    const r = await t.request(ImportMappingsDetailDocument, { input }, vendor);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.content' });
    expect(await mappingsOf(t, product)).toEqual([]);
  });

  it('refuses an unknown product or edition', async () => {
    const product = await newProduct();
    for (const [productId, edition, field] of [
      ['00000000-0000-4000-8000-000000000000', '2026', 'input.productId'],
      ['nope', '2026', 'input.productId'],
      [product, '1999', 'input.edition'],
    ]) {
      const input = { productId, edition, format: 'CSV', content: 'feature,capability\nA,allocation' } as const;
      const result = await t.data(ImportMappingsDocument, { input }, await as('VENDOR', organizationOf.get(product)));
      expect(result.importMappings.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field })]);
    }
  });

  it('answers a 50 MB body with HTTP 413 and a clear message', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query { __typename }', variables: { blob: 'x'.repeat(50 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0].message).toMatch(/larger than|limit|too large/i);
  });

  it('imports a 10,000-row sheet set-based, in a few seconds', async () => {
    const product = await newProduct();
    const capabilities = ['data-ingestion', 'allocation', 'reporting-analytics', 'anomaly-management', 'budgeting'];
    const lines = ['feature,capability,relationship,strength,rationale'];
    for (let i = 0; i < 2000; i++) {
      for (const capability of capabilities) lines.push(`Feature ${i},${capability},INTERSECTS,${(i % 10) + 1},Row ${i}`);
    }
    const started = performance.now();
    const { result, statements } = await t.countStatements(() => importSheet(product, lines.join('\n')));
    const ms = performance.now() - started;
    expect(result).toMatchObject({ created: 10_000, featuresCreated: 2000, errors: [], rowErrors: [] });
    console.log(`10,000-row import: ${Math.round(ms)} ms, ${statements} SQL statements`);
    expect(ms).toBeLessThan(10_000);
    // Set-based: one feature INSERT and one mapping INSERT (unnest) whatever the rows, one audit INSERT,
    // the product, features and existing-mapping reads, and the transaction.
    expect(statements).toBeLessThanOrEqual(12);
  });
});
