import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportMappingSheetsDocument, ImportMappingsDetailDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { createOrganization, createProduct, mappingsOf } from './catalog-helpers';

// ImportMappingSheets through the gateway: many products' sheets in one request, each sheet all or
// nothing on its own, a refusal for any sheet refusing the whole request, and a fixed number of SQL
// statements whatever the number of sheets and rows.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

type Sheet = { productId: string; edition: string; format?: 'CSV' | 'JSON'; content: string };

async function importSheets(organizationId: string, sheets: Sheet[], dryRun?: boolean) {
  const vendor = await as('VENDOR', organizationId, 'bulk-vendor@test');
  return (await t.data(ImportMappingSheetsDocument, { input: { sheets, dryRun } }, vendor)).importMappingSheets;
}

async function products(organizationId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await createProduct(t, organizationId, `Bulk product ${i} ${organizationId.slice(0, 8)}`));
  return ids;
}

const pairs = async (productId: string, edition?: string) =>
  (await mappingsOf(t, productId, edition)).map((m) => `${m.feature}/${m.capability}/${m.status}`).sort();

describe('ImportMappingSheets', () => {
  it('writes every sheet without errors and nothing of a sheet with errors, and says which is which', async () => {
    const organizationId = await createOrganization(t);
    const [a, b, c] = await products(organizationId, 3);
    const result = await importSheets(organizationId, [
      { productId: a, edition: '2026', content: 'feature,capability\nBudgets,budgeting\nAlerts,anomaly-management\n' },
      { productId: b, edition: '2026', content: 'feature,capability\nGood,allocation\nBad,allocaton\n' },
      { productId: c, edition: '2026', format: 'JSON', content: JSON.stringify([{ feature: 'Forecasts', capability: 'forecasting', strength: 7 }]) },
      { productId: '00000000-0000-4000-8000-000000000000', edition: '2026', content: 'feature,capability\nX,allocation\n' },
      { productId: c, edition: '1999', content: 'feature,capability\nX,allocation\n' },
      { productId: c, edition: '2026', content: 'Cost Explorer,allocation\n' },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.dryRun).toBe(false);
    expect(result.created).toBe(3);
    expect(result.featuresCreated).toBe(3);
    expect(result.sheets.map((s) => [s.index, s.written, s.created, s.featuresCreated])).toEqual([
      [0, true, 2, 2],
      [1, false, 0, 0],
      [2, true, 1, 1],
      [3, false, 0, 0],
      [4, false, 0, 0],
      [5, false, 0, 0],
    ]);
    expect(result.sheets[1].rowErrors).toEqual([
      { line: 3, code: 'UNKNOWN_CAPABILITY', message: 'unknown capability "allocaton" for this edition; did you mean "allocation"?' },
    ]);
    expect(result.sheets[1].errors).toEqual([]);
    expect(result.sheets[3].errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: 'input.sheets.3.productId' })]);
    expect(result.sheets[4].errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: 'input.sheets.4.edition' })]);
    expect(result.sheets[5].errors.map((e) => [e.code, e.field])).toEqual([
      ['MISSING_HEADER', 'input.sheets.5.content'],
      ['UNKNOWN_COLUMN', 'input.sheets.5.content'],
    ]);
    expect(result.sheets[5].productId).toBe(c);

    expect(await pairs(a)).toEqual(['Alerts/anomaly-management/PROPOSED', 'Budgets/budgeting/PROPOSED']);
    expect(await pairs(b)).toEqual([]);
    expect(await pairs(c)).toEqual(['Forecasts/forecasting/PROPOSED']);
  });

  it('a later sheet for the same product sees what an earlier one adds: one feature, ALREADY_MAPPED on a repeat', async () => {
    const organizationId = await createOrganization(t);
    const [a] = await products(organizationId, 1);
    const result = await importSheets(organizationId, [
      { productId: a, edition: '2026', content: 'feature,capability\nBudgets,budgeting\n' },
      { productId: a, edition: '2025', content: 'feature,capability\n budgets ,budgeting\n' },
      { productId: a, edition: '2026', content: 'feature,capability\nBUDGETS,budgeting\n' },
    ]);
    expect(result.sheets.map((s) => [s.written, s.created, s.featuresCreated])).toEqual([
      [true, 1, 1],
      [true, 1, 0],
      [false, 0, 0],
    ]);
    expect(result.sheets[2].rowErrors).toEqual([expect.objectContaining({ line: 2, code: 'ALREADY_MAPPED' })]);
    expect(await pairs(a, '2026')).toEqual(['Budgets/budgeting/PROPOSED']);
    expect(await pairs(a, '2025')).toEqual(['Budgets/budgeting/PROPOSED']);
  });

  it('audits each written sheet under its product and each new mapping under its own id; a sheet with errors leaves no event', async () => {
    const organizationId = await createOrganization(t);
    const [a, b] = await products(organizationId, 2);
    await importSheets(organizationId, [
      { productId: a, edition: '2026', content: 'feature,capability\nAudited,allocation\nAudited,budgeting\n' },
      { productId: b, edition: '2026', content: 'feature,capability\nAudited,no-such-capability\n' },
    ]);
    const trail = async (id: string) =>
      (
        await t.data<{ auditTrail: { nodes: { action: string; actorId: string; after: Record<string, unknown> }[] } }, { id: string }>(
          'query ($id: ID!) { auditTrail(objectId: $id, first: 10) { nodes { action actorId after } } }',
          { id },
          await as('REVIEWER'),
        )
      ).auditTrail.nodes;
    expect((await trail(a)).filter((e) => e.action === 'IMPORT_MAPPINGS')).toEqual([
      { action: 'IMPORT_MAPPINGS', actorId: 'bulk-vendor@test', after: { edition: '2026', mappingsCreated: 2, featuresCreated: 1, format: 'CSV' } },
    ]);
    expect((await trail(b)).filter((e) => e.action === 'IMPORT_MAPPINGS')).toEqual([]);
    const mappings = await mappingsOf(t, a, '2026');
    expect(mappings).toHaveLength(2);
    for (const m of mappings) {
      expect(await trail(m.id)).toEqual([
        {
          action: 'IMPORT_MAPPING',
          actorId: 'bulk-vendor@test',
          after: { productId: a, featureId: expect.any(String), edition: '2026', capability: m.capability, status: 'PROPOSED' },
        },
      ]);
    }
  });

  it('dryRun checks and counts every sheet and writes nothing', async () => {
    const organizationId = await createOrganization(t);
    const [a, b] = await products(organizationId, 2);
    const sheets = [
      { productId: a, edition: '2026', content: 'feature,capability\nA,allocation\nA,budgeting\nB,forecasting\n' },
      { productId: b, edition: '2026', content: 'feature,capability\nA,allocation\nA,allocation\n' },
    ];
    const dry = await importSheets(organizationId, sheets, true);
    expect(dry).toMatchObject({ created: 3, featuresCreated: 2, dryRun: true, errors: [] });
    expect(dry.sheets.map((s) => [s.written, s.created])).toEqual([
      [true, 3],
      [false, 0],
    ]);
    expect(dry.sheets[1].rowErrors).toEqual([expect.objectContaining({ line: 3, code: 'DUPLICATE_ROW' })]);
    expect(await pairs(a)).toEqual([]);
    expect(await pairs(b)).toEqual([]);
  });

  it("refuses the whole request (FORBIDDEN) when any sheet is for another organization's product, and writes nothing", async () => {
    const mine = await createOrganization(t);
    const theirs = await createOrganization(t);
    const [own] = await products(mine, 1);
    const [other] = await products(theirs, 1);
    const refused = await t.refused(
      ImportMappingSheetsDocument,
      {
        input: {
          sheets: [
            { productId: own, edition: '2026', content: 'feature,capability\nA,allocation\n' },
            { productId: other, edition: '2026', content: 'feature,capability\nA,allocation\n' },
          ],
        },
      },
      await as('VENDOR', mine),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(await pairs(own)).toEqual([]);
    expect(await pairs(other)).toEqual([]);
    // A reviewer is not a vendor: refused before anything is read.
    const reviewer = await t.refused(
      ImportMappingSheetsDocument,
      { input: { sheets: [{ productId: own, edition: '2026', content: 'feature,capability\nA,allocation\n' }] } },
      await as('REVIEWER'),
    );
    expect(reviewer.code).toBe('FORBIDDEN');
  });

  it('bounds a request: no sheets, more than 1,000 sheets, more than 100,000 rows: a payload error, nothing written', async () => {
    const organizationId = await createOrganization(t);
    const [a, b] = await products(organizationId, 2);
    expect((await importSheets(organizationId, [])).errors).toEqual([expect.objectContaining({ code: 'EMPTY_SHEET', field: 'input.sheets' })]);

    const many = Array.from({ length: 1001 }, (_, i) => ({ productId: a, edition: '2026', content: `feature,capability\nF${i},allocation\n` }));
    const tooMany = await importSheets(organizationId, many);
    expect(tooMany).toMatchObject({ created: 0, sheets: [] });
    expect(tooMany.errors).toEqual([
      { code: 'TOO_LARGE', field: 'input.sheets', message: '1001 sheets in one request; at most 1000 (send the rest in another request)' },
    ]);

    // 50,001 + 50,000 rows: each sheet is within its own limit, together they are one row too many.
    const rows = (n: number, prefix: string) => ['feature,capability', ...Array.from({ length: n }, (_, i) => `${prefix}${i},allocation`)].join('\n');
    const tooManyRows = await importSheets(organizationId, [
      { productId: a, edition: '2026', content: rows(50_001, 'A') },
      { productId: b, edition: '2026', content: rows(50_000, 'B') },
    ]);
    expect(tooManyRows.errors).toEqual([
      {
        code: 'TOO_LARGE',
        field: 'input.sheets',
        message: 'the sheets together have 100001 rows; at most 100000 per request (send the rest in another request)',
      },
    ]);
    expect(await pairs(a)).toEqual([]);
    expect(await pairs(b)).toEqual([]);
  });

  it('costs the same SQL statements for 2 sheets × 10 rows as for 20 sheets × 200 rows', async () => {
    const organizationId = await createOrganization(t);
    const ids = await products(organizationId, 22);
    const capabilities = ['allocation', 'budgeting', 'forecasting', 'rate-optimization', 'reporting-analytics'];
    const sheet = (productId: string, n: number) => ({
      productId,
      edition: '2026',
      content: [
        'feature,capability,strength',
        ...Array.from({ length: n }, (_, i) => `Feature ${Math.floor(i / 5)},${capabilities[i % 5]},${(i % 10) + 1}`),
      ].join('\n'),
    });
    const small = await t.countStatements(() =>
      importSheets(
        organizationId,
        ids.slice(0, 2).map((id) => sheet(id, 10)),
      ),
    );
    const large = await t.countStatements(() =>
      importSheets(
        organizationId,
        ids.slice(2).map((id) => sheet(id, 200)),
      ),
    );
    expect(small.result).toMatchObject({ created: 20, featuresCreated: 4, errors: [] });
    expect(large.result).toMatchObject({ created: 4000, featuresCreated: 800, errors: [] });
    console.log(`statements: 2 sheets × 10 rows ${small.statements}; 20 sheets × 200 rows ${large.statements}`);
    expect(large.statements).toBe(small.statements);
    // Products (1), features (1), existing mappings (1), feature INSERT, mapping INSERT, audit INSERT,
    // the transaction, and the framework snapshot's reads when not yet cached.
    expect(large.statements).toBeLessThanOrEqual(14);
    expect((await mappingsOf(t, ids[21])).length).toBe(200);
  });

  it('ImportMappings (one sheet) takes the same set-based path: its statement count does not grow with rows', async () => {
    const organizationId = await createOrganization(t);
    const [a, b] = await products(organizationId, 2);
    const vendor = await as('VENDOR', organizationId, 'bulk-vendor@test');
    const one = (productId: string, n: number) =>
      t.data(
        ImportMappingsDetailDocument,
        {
          input: {
            productId,
            edition: '2026',
            format: 'CSV',
            content: ['feature,capability', ...Array.from({ length: n }, (_, i) => `F${i},allocation`)].join('\n'),
          },
        },
        vendor,
      );
    const small = await t.countStatements(() => one(a, 5));
    const large = await t.countStatements(() => one(b, 3000));
    expect(small.result.importMappings).toEqual({ created: 5, featuresCreated: 5, dryRun: false, rowErrors: [], errors: [] });
    expect(large.result.importMappings).toEqual({ created: 3000, featuresCreated: 3000, dryRun: false, rowErrors: [], errors: [] });
    expect(large.statements).toBe(small.statements);
  });

  it('two requests racing with the same sheet for one product: each all or nothing, no pair or feature twice', async () => {
    const organizationId = await createOrganization(t);
    const [product] = await products(organizationId, 1);
    const vendor = await as('VENDOR', organizationId, 'bulk-vendor@test');
    const capabilities = ['allocation', 'forecasting', 'budgeting', 'anomaly-management', 'reporting-analytics'];
    const content = ['feature,capability', ...capabilities.map((c, i) => `Race feature ${i},${c}`)].join('\n');
    const send = () => t.request(ImportMappingSheetsDocument, { input: { sheets: [{ productId: product, edition: '2026', content }] } }, vendor);
    const answers = await Promise.all([send(), send()]);
    const outcomes = answers.map((a) => {
      if (a.errors?.length) return a.errors[0].extensions?.code;
      const sheet = a.data!.importMappingSheets.sheets[0];
      if (sheet.written) return `written ${sheet.created}`;
      return sheet.rowErrors.every((e) => e.code === 'ALREADY_MAPPED') ? 'already mapped' : JSON.stringify(sheet.rowErrors);
    });
    // One request writes the five mappings; the other either waited and finds them there, or lost the race
    // on the unique indexes and is refused whole as a CONFLICT (nothing of it written).
    expect(outcomes).toContain('written 5');
    expect(outcomes.filter((o) => o === 'written 5')).toHaveLength(1);
    expect(['already mapped', 'CONFLICT']).toContain(outcomes.find((o) => o !== 'written 5'));
    expect(await pairs(product, '2026')).toEqual(capabilities.map((c, i) => `Race feature ${i}/${c}/PROPOSED`).sort());
    const features = await t.request<{ product: { featureConnection: { totalCount: number } } }, { id: string }>(
      'query ($id: ID!) { product(id: $id) { featureConnection(first: 50) { totalCount } } }',
      { id: product },
      vendor,
    );
    expect(features.data!.product.featureConnection.totalCount).toBe(5);
  });
});
