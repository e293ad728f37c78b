import { describe, expect, it } from 'vitest';
import { mappingKey, parseMappingSheet, type MappingSheetResult } from '../../src/domain/catalog/mapping-sheet';
import { toCsvLine } from '../../src/exports/csv.writer';

const CAPS = new Set(['allocation', 'forecasting', 'budgeting', 'unit-economics', 'rate-optimization']);

const csv = (content: string, extra: Partial<Parameters<typeof parseMappingSheet>[0]> = {}) =>
  parseMappingSheet({ format: 'CSV', content, capabilitySlugs: CAPS, ...extra });
const json = (value: unknown, extra: Partial<Parameters<typeof parseMappingSheet>[0]> = {}) =>
  parseMappingSheet({ format: 'JSON', content: typeof value === 'string' ? value : JSON.stringify(value), capabilitySlugs: CAPS, ...extra });

const codes = (r: MappingSheetResult) => r.rowErrors.map((e) => [e.line, e.code]);

describe('parseMappingSheet: a good CSV sheet', () => {
  it('reads every column, defaults, trimming and case', () => {
    const r = csv(
      [
        'Feature,Capability,Relationship,Strength,Rationale,Evidence_URL',
        '  Cost Model ,ALLOCATION,subset,7,Splits the bill,https://example.com/docs/allocation',
        'Forecasts,forecasting,,,,',
        'Budgets,budgeting',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.rowErrors).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        featureName: 'Cost Model',
        capabilitySlug: 'allocation',
        relationship: 'SUBSET',
        strength: 7,
        rationale: 'Splits the bill',
        evidenceUrl: 'https://example.com/docs/allocation',
      },
      {
        line: 3,
        featureName: 'Forecasts',
        capabilitySlug: 'forecasting',
        relationship: 'INTERSECTS',
        strength: null,
        rationale: null,
        evidenceUrl: null,
      },
      {
        line: 4,
        featureName: 'Budgets',
        capabilitySlug: 'budgeting',
        relationship: 'INTERSECTS',
        strength: null,
        rationale: null,
        evidenceUrl: null,
      },
    ]);
  });

  it('accepts columns in any order, with spreadsheet-style names', () => {
    const r = csv('Evidence URL,strength,CAPABILITY,feature\r\nhttp://x.example/a,10,unit-economics,Unit cost\r\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toMatchObject([
      { line: 2, featureName: 'Unit cost', capabilitySlug: 'unit-economics', strength: 10, evidenceUrl: 'http://x.example/a' },
    ]);
  });

  it('handles RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes, BOM, CRLF', () => {
    const content =
      '\uFEFFfeature,capability,rationale\r\n' + // line 1
      '"Cost, allocation ""model""",allocation,"first line\r\nsecond line\r\nthird line"\r\n' + // lines 2-4
      '\r\n' + // line 5, blank
      'Forecasts,forecasting,"one\nmore"\r\n' + // lines 6-7
      ',,\r\n' + // line 8, an empty spreadsheet row
      'Budget,nope,x\r\n'; // line 9
    const r = csv(content);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.featureName, x.rationale])).toEqual([
      [2, 'Cost, allocation "model"', 'first line\r\nsecond line\r\nthird line'],
      [6, 'Forecasts', 'one\nmore'],
    ]);
    expect(codes(r)).toEqual([[9, 'UNKNOWN_CAPABILITY']]);
  });

  it('numbers lines from the physical line a record starts on, with a lone CR as a line end too', () => {
    const r = csv('feature,capability\r"multi\nline\r\nname",nope\rok,nope\n');
    expect(codes(r)).toEqual([
      [2, 'UNKNOWN_CAPABILITY'],
      [5, 'UNKNOWN_CAPABILITY'],
    ]);
  });
});

describe('parseMappingSheet: sheet-level errors', () => {
  it.each<[string, () => MappingSheetResult, string, string]>([
    ['NUL bytes (a binary file)', () => csv('PK\u0003\u0004\u0000\u0000feature,capability'), 'INVALID_CSV', 'NUL'],
    ['an unterminated quote', () => csv('feature,capability\nok,allocation\n"never closed,allocation\n'), 'INVALID_CSV', 'line 3'],
    ['text after a closing quote', () => csv('feature,capability\n"a"b,allocation\n'), 'INVALID_CSV', 'line 2'],
    ['a missing required column', () => csv('feature,relationship\nx,SUBSET\n'), 'MISSING_HEADER', 'capability'],
    ['no header at all', () => csv('Cost model,allocation\n'), 'MISSING_HEADER', 'feature'],
    ['unknown columns', () => csv('feature,capability,Colour,weight\nx,allocation,red,3\n'), 'UNKNOWN_COLUMN', '"Colour", "weight"'],
    ['a column twice', () => csv('feature,capability,Feature\nx,allocation,y\n'), 'DUPLICATE_COLUMN', '"Feature"'],
    ['empty content', () => csv(''), 'EMPTY_SHEET', 'empty'],
    ['only blank lines', () => csv('\r\n\n  \n'), 'EMPTY_SHEET', 'empty'],
    ['a header and no rows', () => csv('feature,capability\n\n,\n'), 'EMPTY_SHEET', 'no rows'],
    ['too many bytes', () => csv('feature,capability\nx,allocation\n', { limits: { maxBytes: 20 } }), 'TOO_LARGE', '20 bytes'],
    ['too many bytes counted as UTF-8', () => csv('feature,capability\n€€€€€€€€,allocation\n', { limits: { maxBytes: 40 } }), 'TOO_LARGE', 'larger'],
    [
      'too many CSV rows',
      () => csv('feature,capability\na,allocation\nb,allocation\nc,allocation\n', { limits: { maxRows: 2 } }),
      'TOO_LARGE',
      'more than 2 rows',
    ],
    ['invalid JSON', () => json('[{"feature": "x",'), 'INVALID_JSON', 'not valid JSON'],
    ['JSON that is not a list of rows', () => json({ mappings: [] }), 'INVALID_JSON', '"rows"'],
    ['an empty JSON list', () => json([]), 'EMPTY_SHEET', 'no rows'],
    ['an empty JSON rows list', () => json({ rows: [] }), 'EMPTY_SHEET', 'no rows'],
    ['too many JSON rows', () => json([{}, {}, {}], { limits: { maxRows: 2 } }), 'TOO_LARGE', 'more than 2 rows'],
    ['unknown JSON fields', () => json([{ feature: 'x', capability: 'allocation', colour: 'red' }]), 'UNKNOWN_COLUMN', '"colour"'],
  ])('%s → %s', (_name, run, code, inMessage) => {
    const r = run();
    expect(r.errors[0]).toMatchObject({ code, field: 'content' });
    expect(r.errors[0].message).toContain(inMessage);
    expect(r.errors.every((e) => e.field === 'content')).toBe(true);
    expect(r.rows).toEqual([]);
    expect(r.rowErrors).toEqual([]);
  });

  it('reports a missing and an unknown column together', () => {
    const r = csv('feature,capabilty\nx,allocation\n');
    expect(r.errors.map((e) => e.code)).toEqual(['MISSING_HEADER', 'UNKNOWN_COLUMN']);
    expect(r.errors[1].message).toContain('"capabilty"');
  });

  it('a sheet whose first line is data, not a header, is told so', () => {
    const r = csv('Cost model,allocation\n');
    expect(r.errors.map((e) => e.code)).toEqual(['MISSING_HEADER', 'UNKNOWN_COLUMN']);
    expect(r.errors[0].message).toContain('the first line must be a header');
  });

  it('blank header columns (trailing commas from spreadsheets) are ignored', () => {
    const r = csv('feature,capability,,\nx,allocation,,\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(1);
  });

  it('an accepted size is not reported', () => {
    expect(csv('feature,capability\nx,allocation\n', { limits: { maxBytes: 32, maxRows: 1 } }).errors).toEqual([]);
  });
});

describe('parseMappingSheet: row errors', () => {
  const long = (n: number) => 'a'.repeat(n);
  it.each<[string, string, string, RegExp | string]>([
    ['an empty feature', '  ,allocation,,,,', 'EMPTY_FEATURE', 'empty'],
    ['an unknown capability', 'x,cost-allocation,,,,', 'UNKNOWN_CAPABILITY', '"cost-allocation"'],
    ['no capability', 'x, ,,,,', 'UNKNOWN_CAPABILITY', 'no capability'],
    ['a bad relationship', 'x,allocation,SAME,,,', 'BAD_RELATIONSHIP', '"SAME"'],
    ['a strength of 0', 'x,allocation,,0,,', 'BAD_STRENGTH', '"0"'],
    ['a strength of 11', 'x,allocation,,11,,', 'BAD_STRENGTH', '"11"'],
    ['a fractional strength', 'x,allocation,,2.5,,', 'BAD_STRENGTH', '"2.5"'],
    ['a word for strength', 'x,allocation,,high,,', 'BAD_STRENGTH', '"high"'],
    ['an evidence URL without a scheme', 'x,allocation,,,,www.example.com', 'BAD_EVIDENCE_URL', 'www.example.com'],
    ['an evidence URL of another scheme', 'x,allocation,,,,ftp://example.com/a', 'BAD_EVIDENCE_URL', 'ftp://'],
    ['an evidence URL without a host', 'x,allocation,,,,https://', 'BAD_EVIDENCE_URL', 'not an http(s) URL'],
    ['a javascript: evidence URL', 'x,allocation,,,,javascript:alert(1)', 'BAD_EVIDENCE_URL', 'javascript'],
    ['a feature name over 200 characters', `${long(201)},allocation,,,,`, 'FEATURE_NAME_TOO_LONG', '200'],
    ['a rationale over 4000 characters', `x,allocation,,,${long(4001)},`, 'RATIONALE_TOO_LONG', '4000'],
    ['values beyond the header', 'x,allocation,SUBSET,3,why,https://a.example,extra', 'TOO_MANY_FIELDS', '7 fields'],
  ])('%s → %s', (_name, row, code, inMessage) => {
    const r = csv(`feature,capability,relationship,strength,rationale,evidence_url\n${row}\n`);
    expect(r.errors).toEqual([]);
    expect(codes(r)).toEqual([[2, code]]);
    if (typeof inMessage === 'string') expect(r.rowErrors[0].message).toContain(inMessage);
    expect(r.rows).toEqual([]);
  });

  it.each([
    ['exactly 200 characters of feature name', `${'a'.repeat(200)},allocation,,,,`],
    ['200 emoji are 200 characters, not 400', `${'😀'.repeat(200)},allocation,,,,`],
    ['exactly 4000 characters of rationale', `x,allocation,,,${'r'.repeat(4000)},`],
    ['strength 1 and 10', 'x,allocation,equivalent,1,,'],
    ['trailing empty fields beyond the header', 'x,allocation,,,,,,'],
  ])('accepts %s', (_name, row) => {
    const r = csv(`feature,capability,relationship,strength,rationale,evidence_url\n${row}\n`);
    expect(r.rowErrors).toEqual([]);
    expect(r.rows).toHaveLength(1);
  });

  it('reports every problem of a row', () => {
    const r = csv('feature,capability,relationship,strength,evidence_url\n,nope,MAYBE,99,mailto:a@b.c\n');
    expect(codes(r)).toEqual([
      [2, 'EMPTY_FEATURE'],
      [2, 'UNKNOWN_CAPABILITY'],
      [2, 'BAD_RELATIONSHIP'],
      [2, 'BAD_STRENGTH'],
      [2, 'BAD_EVIDENCE_URL'],
    ]);
  });

  it('finds duplicates by trimmed, case-insensitive feature and cites the first line', () => {
    const r = csv(
      'feature,capability\nCost Model,allocation\ncost model ,Allocation\nCost Model,forecasting\n"COST\nMODEL",allocation\nCOST MODEL,allocation\n',
    );
    expect(codes(r)).toEqual([
      [3, 'DUPLICATE_ROW'],
      [7, 'DUPLICATE_ROW'],
    ]);
    expect(r.rowErrors.map((e) => e.message)).toEqual([
      'feature "cost model" is already mapped to "allocation" on line 2',
      'feature "COST MODEL" is already mapped to "allocation" on line 2',
    ]);
    // A line break inside a name makes it another name; it is not a duplicate.
    expect(r.rows.map((x) => x.line)).toEqual([2, 4, 5]);
  });

  it('flags rows the product already maps, and a duplicate of one twice', () => {
    const existing = new Set([mappingKey('Budgets', 'budgeting')]);
    const r = csv('feature,capability\n budgets ,budgeting\nForecasts,forecasting\nBUDGETS,budgeting\n', { existing });
    expect(codes(r)).toEqual([
      [2, 'ALREADY_MAPPED'],
      [4, 'DUPLICATE_ROW'],
      [4, 'ALREADY_MAPPED'],
    ]);
    expect(r.rows.map((x) => x.featureName)).toEqual(['Forecasts']);
  });
});

describe('parseMappingSheet: JSON', () => {
  it('reads an array of objects with either evidence key, line = 1-based index', () => {
    const r = json([
      { feature: 'Cost Model', capability: 'allocation', relationship: 'superset', strength: 4, rationale: 'r', evidenceUrl: 'https://a.example' },
      { feature: 'Forecasts', capability: 'forecasting', evidence_url: 'https://b.example', strength: '6' },
      { feature: 'Budgets', capability: 'budgeting', relationship: null, strength: null },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rowErrors).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 1,
        featureName: 'Cost Model',
        capabilitySlug: 'allocation',
        relationship: 'SUPERSET',
        strength: 4,
        rationale: 'r',
        evidenceUrl: 'https://a.example',
      },
      {
        line: 2,
        featureName: 'Forecasts',
        capabilitySlug: 'forecasting',
        relationship: 'INTERSECTS',
        strength: 6,
        rationale: null,
        evidenceUrl: 'https://b.example',
      },
      {
        line: 3,
        featureName: 'Budgets',
        capabilitySlug: 'budgeting',
        relationship: 'INTERSECTS',
        strength: null,
        rationale: null,
        evidenceUrl: null,
      },
    ]);
  });

  it('accepts {rows: [...]}', () => {
    expect(json({ rows: [{ feature: 'x', capability: 'allocation' }] }).rows).toHaveLength(1);
  });

  it('reports row problems in index order, including rows of the wrong type', () => {
    const r = json([
      { feature: 'ok', capability: 'allocation' },
      'not an object',
      { feature: 42, capability: 'allocation' },
      { feature: 'x', capability: 'nope', strength: 2.5 },
      { feature: 'x', capability: 'allocation', strength: true },
      { feature: 'ok', capability: 'allocation', evidenceUrl: 'https://a.example', evidence_url: 'https://b.example' },
      { capability: 'allocation' },
    ]);
    expect(codes(r)).toEqual([
      [2, 'INVALID_ROW'],
      [3, 'INVALID_ROW'],
      [4, 'UNKNOWN_CAPABILITY'],
      [4, 'BAD_STRENGTH'],
      [5, 'INVALID_ROW'],
      [6, 'INVALID_ROW'],
      [6, 'DUPLICATE_ROW'],
      [7, 'EMPTY_FEATURE'],
    ]);
    expect(r.rowErrors[1].message).toBe('"feature" must be a string, got number');
    expect(r.rows.map((x) => x.line)).toEqual([1]);
    // A JSON row is a position in the array, and its messages say so.
    expect(r.rowErrors.find((e) => e.code === 'DUPLICATE_ROW')!.message).toBe('feature "ok" is already mapped to "allocation" on row 1');
  });

  it('suggests the capability a typo meant', () => {
    const r = csv('feature,capability\nA,alocation\nB,unrelated-words');
    expect(r.rowErrors.map((e) => e.message)).toEqual([
      'unknown capability "alocation" for this edition; did you mean "allocation"?',
      'unknown capability "unrelated-words" for this edition',
    ]);
  });
});

describe('parseMappingSheet at scale', () => {
  const slugs = [...CAPS];
  const header = 'feature,capability,relationship,strength,rationale,evidence_url';
  const body = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `"Feature ${i}, ""quoted""",${slugs[i % slugs.length]},SUBSET,${(i % 10) + 1},"Because\nreasons ${i}",https://example.com/f/${i}`,
    );

  it('reads 100,000 rows with multi-line fields and finds a duplicate at the end', () => {
    const lines = body(100_000);
    lines[99_999] = lines[0]; // the same feature and capability as the first data row
    const r = csv([header, ...lines].join('\r\n'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(99_999);
    // Each record spans two physical lines, so the last one starts on line 2 + 2 * 99,999.
    expect(r.rowErrors).toEqual([
      { line: 200_000, code: 'DUPLICATE_ROW', message: 'feature "Feature 0, "quoted"" is already mapped to "allocation" on line 2' },
    ]);
    expect(r.rows[99_998]).toMatchObject({ line: 199_998, featureName: 'Feature 99998, "quoted"', strength: 9 });
  });

  it('one row over the limit is TOO_LARGE', () => {
    const r = csv([header, ...body(100_001)].join('\n'));
    expect(r.errors.map((e) => e.code)).toEqual(['TOO_LARGE']);
  });
});

describe('toCsvLine', () => {
  it.each<[(string | number | null)[], string]>([
    [['a', 'b', 'c'], 'a,b,c'],
    [['a,b', 'say "hi"', 'two\nlines', 'cr\r'], '"a,b","say ""hi""","two\nlines","cr\r"'],
    [[1, 2.5, null, ''], '1,2.5,,'],
    [['  spaced  '], '  spaced  '],
    [[''], '""'],
    [[null], '""'],
  ])('%j → %s', (values, expected) => {
    expect(toCsvLine(values)).toBe(expected);
  });

  it('round-trips through parseMappingSheet', () => {
    const tricky = ['Cost, "allocation"\r\nmodel', 'allocation', 'subset', 3, 'line1\nline2', null];
    const content = [toCsvLine(['feature', 'capability', 'relationship', 'strength', 'rationale', 'evidence_url']), toCsvLine(tricky)].join('\r\n');
    const r = csv(content);
    expect(r.rows).toEqual([
      {
        line: 2,
        featureName: 'Cost, "allocation"\r\nmodel',
        capabilitySlug: 'allocation',
        relationship: 'SUBSET',
        strength: 3,
        rationale: 'line1\nline2',
        evidenceUrl: null,
      },
    ]);
  });
});
