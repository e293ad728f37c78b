import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '../input-checks';

// How much one ImportMappings sheet may hold, and how long its fields may be.

export interface MappingSheetLimits {
  /** UTF-8 bytes of content; default 10 MiB. */
  maxBytes?: number;
  /** Data rows (the CSV header not included); default 100,000. */
  maxRows?: number;
}

export const DEFAULT_MAX_SHEET_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_SHEET_ROWS = 100_000;

// A row's fields have the limits the catalog's own mutations check (src/domain/input-checks.ts);
// the evidence URL is checked by urlProblem, which applies MAX_URL_LENGTH itself.
export const MAX_FEATURE_NAME_LENGTH = MAX_NAME_LENGTH;
export const MAX_RATIONALE_LENGTH = MAX_TEXT_LENGTH;
