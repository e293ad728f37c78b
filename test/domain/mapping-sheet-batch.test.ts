import { describe, expect, it } from 'vitest';
import { sheetBatchProblems, sheetBatchRowProblem } from '../../src/domain/catalog/mapping-sheet-batch';

describe('sheetBatchProblems', () => {
  it('accepts sheets within every bound', () => {
    expect(sheetBatchProblems(['feature,capability\nA,allocation\n', 'x'])).toEqual([]);
  });

  it('refuses an empty list', () => {
    expect(sheetBatchProblems([])).toEqual([{ code: 'EMPTY_SHEET', message: 'no sheets given', field: 'sheets' }]);
  });

  it('refuses more sheets than the limit', () => {
    expect(sheetBatchProblems(['a', 'b', 'c'], { maxSheets: 2 })).toEqual([
      { code: 'TOO_LARGE', message: '3 sheets in one request; at most 2 (send the rest in another request)', field: 'sheets' },
    ]);
    expect(sheetBatchProblems(['a', 'b'], { maxSheets: 2 })).toEqual([]);
  });

  it('counts UTF-8 bytes over all sheets together, not characters and not per sheet', () => {
    const mib = 1024 * 1024;
    // 'é' is 2 bytes: 512 Ki characters of it are exactly 1 MiB.
    const oneMib = 'é'.repeat(512 * 1024);
    expect(sheetBatchProblems([oneMib], { maxBytes: mib })).toEqual([]);
    expect(sheetBatchProblems([oneMib, 'x'], { maxBytes: mib })).toEqual([
      { code: 'TOO_LARGE', message: 'the sheets together are larger than the limit of 1 MiB per request', field: 'sheets' },
    ]);
    // A surrogate pair (one emoji) is 4 bytes, not 6.
    expect(sheetBatchProblems(['😀'.repeat(10)], { maxBytes: 40 })).toEqual([]);
    expect(sheetBatchProblems(['😀'.repeat(10), 'x'], { maxBytes: 40 })).toHaveLength(1);
  });
});

describe('sheetBatchRowProblem', () => {
  it('allows up to the row limit and refuses one more', () => {
    expect(sheetBatchRowProblem(100_000)).toBeNull();
    expect(sheetBatchRowProblem(100_001)).toEqual({
      code: 'TOO_LARGE',
      message: 'the sheets together have 100001 rows; at most 100000 per request (send the rest in another request)',
      field: 'sheets',
    });
  });
});
