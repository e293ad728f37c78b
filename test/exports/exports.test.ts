import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateProductDocument, ProductsDocument } from '../../src/client/generated/graphql';
import { ContentHasher } from '../../src/exports/csv.writer';
import type { Report } from '../../src/exports/report';
import { createOrganization } from '../subgraphs/catalog-helpers';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';
import { parseCsv, sha256, withoutComments } from './export-helpers';

// The analysts' exports through the real gateway: formats, stamps, hashes, refusals and access.

let t: TestApp;
let base: string;
let demoId: string;
beforeAll(async () => {
  t = await startTestApp();
  base = t.url.replace(/\/graphql$/, '');
  const { products } = await t.data(ProductsDocument, { search: 'Northwind Cloud Cost Platform' });
  demoId = products!.edges[0].node.id;
});
afterAll(async () => {
  await t?.stop();
});

const DEMO = 'Northwind Cloud Cost Platform (demo)';

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { headers });
}

describe('coverage matrix as CSV', () => {
  it('is RFC 4180 with a header row, quotes awkward names, and stamps edition, time and hash', async () => {
    const organizationId = await createOrganization(t, unique('Export Vendor'));
    const awkward = `Ledger, "Pro"\nedition ${unique('x')}`;
    const { createProduct } = await t.data(CreateProductDocument, { input: { organizationId, name: awkward } }, await as('VENDOR', organizationId));
    expect(createProduct.errors).toEqual([]);

    const res = await get('/exports/coverage-matrix.csv?edition=2023&meta=comment');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="coverage-matrix-2023.csv"');
    const text = await res.text();

    // Every line ends in CRLF; no bare LF outside the quoted name.
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^# report=coverage-matrix edition=2023 generated=\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const trailer = lines[lines.length - 2];
    const [, hash, rowCount] = /^# sha256=([0-9a-f]{64}) rows=(\d+)$/.exec(trailer)!;
    expect(sha256(withoutComments(text))).toBe(hash);

    const records = parseCsv(text);
    const [header, ...rows] = records;
    expect(rows).toHaveLength(Number(rowCount));
    expect(header.slice(0, 8)).toEqual([
      'Organization',
      'Product',
      'Product ID',
      'Capabilities covered',
      'Capabilities total',
      'Domains covered',
      'Domains total',
      'Most',
    ]);
    // Capability columns are named with their domain.
    expect(header.slice(8).every((h) => / \/ /.test(h))).toBe(true);
    expect(rows.every((r) => r.length === header.length)).toBe(true);

    // The product with a comma, a quote and a newline reads back whole, and is quoted in the file.
    const tricky = rows.find((r) => r[1] === awkward)!;
    expect(tricky).toBeDefined();
    expect(text).toContain(`"${awkward.replace(/"/g, '""')}"`);
    expect(tricky[3]).toBe('0');
    expect(tricky[7]).toBe('false');

    const demo = rows.find((r) => r[1] === DEMO)!;
    expect(demo[2]).toBe(demoId);
    expect(demo.slice(3, 8)).toEqual(['14', '18', '6', '6', 'true']);
    // A 2023 capability may sit in several domains (a column under each): count distinct capabilities.
    const coveredSlugs = new Set(header.flatMap((h, i) => (i >= 8 && demo[i] === '1' ? [h.split(' / ')[1]] : [])));
    expect(coveredSlugs.size).toBe(14);
    expect(demo.slice(8).every((c) => c === '1' || c === '')).toBe(true);
  });

  it('leaves the comment lines out unless asked, and sends the stamp in headers', async () => {
    const res = await get('/exports/coverage-matrix.csv?edition=2025');
    const text = await res.text();
    expect(text.startsWith('Organization,Product,')).toBe(true);
    expect(text).not.toMatch(/^#/m);
    expect(res.headers.get('x-export-edition')).toBe('2025');
    expect(res.headers.get('x-export-generated-at')).toMatch(/^\d{4}-/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="coverage-matrix-2025.csv"');
  });

  it('defaults to the current edition', async () => {
    const res = await get('/exports/coverage-matrix.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-edition')).toBe('2026');
    await res.arrayBuffer();
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    const report: Report = {
      report: 'coverage-matrix',
      title: 't',
      edition: 'x',
      program: null,
      asOf: null,
      generatedAt: 'now',
      parts: [{ name: 'p', title: 'p', frozenColumns: 0, columns: [{ key: 'a', label: 'A' }], rows: async function* () {} }],
    };
    const hasher = new ContentHasher(report);
    expect(hasher.row(report.parts[0], ['=HYPERLINK("http://x")'])).toBe(`"'=HYPERLINK(""http://x"")"\r\n`);
    expect(hasher.row(report.parts[0], [-5])).toBe('-5\r\n');
  });
});

describe('coverage matrix as XLSX', () => {
  it('has a frozen two-row header keeping domain over capability, and a metadata sheet with the stamp and hash', async () => {
    const res = await get('/exports/coverage-matrix.xlsx?edition=2023');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="coverage-matrix-2023.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);

    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Coverage 2023', 'Metadata']);
    const sheet = workbook.getWorksheet('Coverage 2023')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 2 });

    const top = sheet.getRow(1).values as unknown[];
    const second = sheet.getRow(2).values as unknown[];
    expect(top.slice(1, 3)).toEqual(['Organization', 'Product']);
    // Domain names sit over their capabilities: the first capability column starts a merged domain cell.
    const firstCapability = 9;
    expect(typeof top[firstCapability]).toBe('string');
    expect(second[firstCapability]).toEqual(expect.any(String));
    expect(sheet.getCell(1, firstCapability).isMerged).toBe(true);
    expect(sheet.getCell(1, firstCapability + 1).master.address).toBe(sheet.getCell(1, firstCapability).address);
    // Ungrouped columns span both header rows.
    expect(sheet.getCell(2, 1).master.address).toBe('A1');

    let demo: unknown[] | undefined;
    sheet.eachRow((row, n) => {
      if (n > 2 && row.getCell(2).value === DEMO) demo = row.values as unknown[];
    });
    expect(demo!.slice(4, 9)).toEqual([14, 18, 6, 6, true]);

    const meta = workbook.getWorksheet('Metadata')!;
    const entries = new Map<string, unknown>();
    meta.eachRow((row, n) => {
      if (n > 1) entries.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(entries.get('Report')).toBe('coverage-matrix');
    expect(entries.get('Edition')).toBe('2023');
    expect(entries.get('Program')).toBe('(none)');
    expect(String(entries.get('Generated at'))).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(entries.get('SHA-256')).toMatch(/^[0-9a-f]{64}$/);
    expect(entries.get('Rows')).toBe(sheet.rowCount - 2);
  });
});

describe('JSON', () => {
  it('streams rows keyed by column, then a meta object whose hash matches the rows', async () => {
    const res = await get('/exports/coverage-matrix.json?edition=2023');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as {
      report: string;
      edition: string;
      parts: { name: string; columns: { key: string; header: string; label: string; group: string | null }[]; rows: Record<string, unknown>[] }[];
      meta: { report: string; edition: string; program: null; generatedAt: string; rows: number; sha256: string };
    };
    expect(Object.keys(body).at(-1)).toBe('meta');
    expect(body.meta).toMatchObject({ report: 'coverage-matrix', edition: '2023', program: null });
    const [part] = body.parts;
    expect(part.rows).toHaveLength(body.meta.rows);
    const demo = part.rows.find((r) => r.product === DEMO)!;
    expect(demo).toMatchObject({ productId: demoId, capabilitiesCovered: 14, meetsMost: true });
    const capabilityColumn = part.columns.find((c) => c.group)!;
    expect(capabilityColumn.header).toBe(`${capabilityColumn.group} / ${capabilityColumn.label}`);

    // The hash is the rows' CSV form: rebuild it from the JSON rows.
    const report: Report = {
      ...body.meta,
      asOf: null,
      title: '',
      report: 'coverage-matrix',
      parts: [
        {
          name: part.name,
          title: '',
          frozenColumns: 0,
          columns: part.columns.map((c) => ({ key: c.key, label: c.label, group: c.group })),
          rows: async function* () {},
        },
      ],
    };
    const hasher = new ContentHasher(report);
    hasher.header();
    for (const row of part.rows)
      hasher.row(
        report.parts[0],
        part.columns.map((c) => row[c.key] as never),
      );
    expect(hasher.digest()).toBe(body.meta.sha256);
  });
});

describe('refusals', () => {
  it.each([
    ['/exports/coverage-matrix.csv?edition=1999', /Unknown framework edition "1999"; known editions: 2023, (.*, )?2026$/],
    ['/exports/coverage-matrix.pdf', /Unknown format "pdf"/],
    ['/exports/everything.csv', /Unknown report "everything"/],
    ['/exports/coverage-matrix', /Exports are at \/exports\/<report>\.<format>/],
    ['/exports/coverage-matrix.csv?meta=yes', /meta must be "comment"/],
    ['/exports/coverage-matrix.csv?program=2023', /program applies to certification-status only/],
    ['/reports/coverage?edition=nope', /Unknown framework edition "nope"/],
    ['/reports/coverage?after=garbage', /not a cursor/],
  ])('%s is a 400 with a clear JSON message', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toMatch(message);
  });

  it('an unknown program is a 400 naming the programs', async () => {
    const res = await get('/exports/certification-status.csv?program=1066', await as('REVIEWER'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /Unknown certification program "1066"; known programs: 2023, 2025/,
    );
  });

  it('a POST is a 405', async () => {
    const res = await fetch(`${base}/exports/coverage-matrix.csv`, { method: 'POST' });
    expect(res.status).toBe(405);
    await res.arrayBuffer();
  });
});

describe('the gap report', () => {
  it('needs a Foundation token: 401 without one, 403 for a vendor', async () => {
    const anonymous = await get('/exports/gap-report.csv?edition=2023');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const bad = await get('/exports/gap-report.csv', { authorization: 'Bearer not-a-token' });
    expect(bad.status).toBe(401);
    await bad.arrayBuffer();
    const vendor = await get('/exports/gap-report.csv', await as('VENDOR', demoId));
    expect(vendor.status).toBe(403);
    await vendor.arrayBuffer();
  });

  it('lists uncovered capabilities, weak coverage and mappings awaiting review, one part each', async () => {
    const res = await get('/exports/gap-report.json?edition=2023', await as('TAC'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { parts: { name: string; rows: Record<string, unknown>[] }[]; meta: { rows: number } };
    expect(body.parts.map((p) => p.name)).toEqual(['uncovered', 'weak', 'awaiting-review']);
    const ofDemo = (name: string) => body.parts.find((p) => p.name === name)!.rows.filter((r) => r.product === DEMO);
    expect(
      ofDemo('uncovered')
        .map((r) => r.capability)
        .sort(),
    ).toEqual(['budget-management', 'forecasting', 'manage-anomalies', 'measure-unit-costs']);
    // The demo's approved mappings carry no relationship, so they are INTERSECTS: weak.
    expect(ofDemo('weak').length).toBeGreaterThanOrEqual(14);
    expect(ofDemo('weak').every((r) => r.relationship === 'INTERSECTS')).toBe(true);
    expect(
      ofDemo('awaiting-review')
        .map((r) => [r.capability, r.status])
        .sort(),
    ).toEqual([
      ['budget-management', 'PROPOSED'],
      ['forecasting', 'PROPOSED'],
      ['manage-anomalies', 'PROPOSED'],
      ['measure-unit-costs', 'PROPOSED'],
    ]);
  });

  it('is one CSV table with a part column', async () => {
    const res = await get('/exports/gap-report.csv?edition=2026', await as('REVIEWER'));
    const [header, ...rows] = parseCsv(await res.text());
    expect(header.slice(0, 3)).toEqual(['part', 'Organization', 'Product']);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['uncovered', 'weak', 'awaiting-review']));
    // Fabrikam has a mapping with changes requested in 2026.
    expect(rows.some((r) => r[0] === 'awaiting-review' && r[2] === 'Fabrikam Rightsizer (demo)' && r[10] === 'CHANGES_REQUESTED')).toBe(true);
  });
});

describe('certification status', () => {
  it('needs a Foundation token', async () => {
    expect((await get('/exports/certification-status.json')).status).toBe(401);
    expect((await get('/exports/certification-status.json', await as('VENDOR', demoId))).status).toBe(403);
  });

  it('evaluates every organization under each kind of the default program', async () => {
    const res = await get('/exports/certification-status.xlsx', await as('ADMIN'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="certification-status-2023.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Program 2023', 'Metadata']);
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [String(h), row.getCell(i + 1).value])));
    });
    const northwind = rows.filter((r) => r.Organization === 'Demo: Northwind FinOps (demo data)');
    expect(northwind.map((r) => r.Kind)).toEqual(expect.arrayContaining(['PLATFORM', 'SERVICE_PROVIDER']));
    const platform = northwind.find((r) => r.Kind === 'PLATFORM')!;
    expect(platform).toMatchObject({ Product: DEMO, Program: '2023', Edition: '2023' });
    expect(['ELIGIBLE', 'NOT_ELIGIBLE', 'NEEDS_REVIEW']).toContain(platform.Outcome);
    if (platform.Outcome === 'NOT_ELIGIBLE') expect(String(platform['Failing requirements'])).toMatch(/^[A-Z_]+( [A-Z_]+)*$/);
    const metadata = new Map<string, unknown>();
    workbook.getWorksheet('Metadata')!.eachRow((row) => metadata.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(metadata.get('Program')).toBe('2023');
    expect(metadata.get('Edition')).toBe('2023');
    expect(metadata.get('As of')).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('takes another program', async () => {
    const res = await get('/exports/certification-status.csv?program=2025&meta=comment', await as('REVIEWER'));
    const text = await res.text();
    expect(text.split('\r\n')[0]).toMatch(/^# report=certification-status edition=2025 program=2025 asOf=\d{4}-\d\d-\d\d generated=/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="certification-status-2025.csv"');
    const [, ...rows] = parseCsv(text);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[5] === '2025')).toBe(true);
  });
});
