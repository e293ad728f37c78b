import { userError, type UserErrorData } from '../errors';
import { utf8Bytes } from '../text/utf8-bytes';

// ImportMappingSheets: many products' sheets in one request. One request is bounded as one big sheet
// is (src/domain/catalog/mapping-sheet.ts: 10 MiB, 100,000 rows), so sending a catalog in one request
// costs the server no more than the largest single sheet it already accepts; the sheet count bounds
// the per-sheet bookkeeping (a product lookup, a payload entry, an audit event).

export const MAX_SHEETS_PER_REQUEST = 1_000;
export const MAX_ROWS_PER_REQUEST = 100_000;
/** UTF-8 bytes of all sheets' content together. */
export const MAX_BYTES_PER_REQUEST = 10 * 1024 * 1024;

export interface SheetBatchLimits {
  maxSheets?: number;
  maxRows?: number;
  maxBytes?: number;
}

/**
 * Problems with the request as a whole, checked before anything is parsed or read: no sheets, too
 * many, or too many bytes. Field 'sheets' (the caller prefixes its argument path).
 */
export function sheetBatchProblems(contents: readonly string[], limits: SheetBatchLimits = {}): UserErrorData[] {
  const maxSheets = limits.maxSheets ?? MAX_SHEETS_PER_REQUEST;
  const maxBytes = limits.maxBytes ?? MAX_BYTES_PER_REQUEST;
  if (contents.length === 0) return [userError('EMPTY_SHEET', 'no sheets given', 'sheets')];
  if (contents.length > maxSheets) {
    return [userError('TOO_LARGE', `${contents.length} sheets in one request; at most ${maxSheets} (send the rest in another request)`, 'sheets')];
  }
  let bytes = 0;
  for (const content of contents) {
    bytes += utf8Bytes(content, maxBytes - bytes + 1);
    if (bytes > maxBytes) {
      return [userError('TOO_LARGE', `the sheets together are larger than the limit of ${maxBytes / (1024 * 1024)} MiB per request`, 'sheets')];
    }
  }
  return [];
}

/** After parsing: more data rows in all sheets together than one request may carry. */
export function sheetBatchRowProblem(rows: number, limits: SheetBatchLimits = {}): UserErrorData | null {
  const maxRows = limits.maxRows ?? MAX_ROWS_PER_REQUEST;
  return rows > maxRows
    ? userError('TOO_LARGE', `the sheets together have ${rows} rows; at most ${maxRows} per request (send the rest in another request)`, 'sheets')
    : null;
}
