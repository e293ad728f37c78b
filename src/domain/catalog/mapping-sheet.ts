import { suggestion } from '../text/did-you-mean';
import { utf8Bytes } from '../text/utf8-bytes';
import { userError, type UserErrorData } from '../errors';
import { exceedsChars, urlProblem } from '../input-checks';
import {
  DEFAULT_MAX_SHEET_BYTES,
  DEFAULT_MAX_SHEET_ROWS,
  MAX_FEATURE_NAME_LENGTH,
  MAX_RATIONALE_LENGTH,
  type MappingSheetLimits,
} from './mapping-sheet-limits';
import { DEFAULT_MAPPING_RELATIONSHIP, isMappingRelationship, type MappingRelationship } from './mapping-status';

// A vendor's mapping sheet for ImportMappings, usually exported from a spreadsheet. The import is
// all or nothing, so this reports every problem in one pass (a vendor fixing a sheet of thousands
// of rows must not discover errors one upload at a time), each with the line the vendor sees in
// a text editor. Problems with the sheet as a whole go to `errors` (field 'content'); problems with
// a row go to `rowErrors`. Parsing is a single linear scan, so a sheet of 100,000 rows is cheap.

export type MappingSheetFormat = 'CSV' | 'JSON';

export interface MappingSheetRow {
  /** CSV: physical line where the record starts (header is line 1). JSON: 1-based array index. */
  line: number;
  /** Trimmed, original case. */
  featureName: string;
  /** Trimmed and lower-cased; a slug of the edition. */
  capabilitySlug: string;
  relationship: MappingRelationship;
  strength: number | null;
  rationale: string | null;
  evidenceUrl: string | null;
}

export interface MappingSheetRowError {
  line: number;
  code: MappingSheetRowErrorCode;
  message: string;
}

export type MappingSheetRowErrorCode =
  | 'EMPTY_FEATURE'
  | 'UNKNOWN_CAPABILITY'
  | 'BAD_RELATIONSHIP'
  | 'BAD_STRENGTH'
  | 'BAD_EVIDENCE_URL'
  | 'FEATURE_NAME_TOO_LONG'
  | 'RATIONALE_TOO_LONG'
  | 'DUPLICATE_ROW'
  | 'ALREADY_MAPPED'
  /** CSV: a row with values beyond the header's last column (often an unquoted comma). */
  | 'TOO_MANY_FIELDS'
  /** JSON: an element that is not an object, or a field of the wrong type. */
  | 'INVALID_ROW';

/** Sheet-level codes, reported in `errors` with field 'content'. */
export type MappingSheetErrorCode =
  'INVALID_CSV' | 'INVALID_JSON' | 'MISSING_HEADER' | 'UNKNOWN_COLUMN' | 'DUPLICATE_COLUMN' | 'EMPTY_SHEET' | 'TOO_LARGE' | 'BAD_FORMAT';

export interface ParseMappingSheetInput {
  format: MappingSheetFormat;
  content: string;
  /** Slugs of the edition's capabilities. */
  capabilitySlugs: ReadonlySet<string>;
  /** mappingKey(featureName, capabilitySlug) of what the product already maps in this edition. */
  existing?: ReadonlySet<string>;
  limits?: MappingSheetLimits;
}

export interface MappingSheetResult {
  /** Rows without errors only; the caller writes them only when rowErrors and errors are empty. */
  rows: MappingSheetRow[];
  /** In line order; a row may appear several times, once per problem. */
  rowErrors: MappingSheetRowError[];
  /** Problems with the sheet as a whole; when present, rows and rowErrors are empty. */
  errors: UserErrorData[];
}

export const MAPPING_SHEET_COLUMNS = ['feature', 'capability', 'relationship', 'strength', 'rationale', 'evidence_url'] as const;
type Column = (typeof MAPPING_SHEET_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['feature', 'capability'];

/**
 * The identity of a mapping within a product and edition: the same feature (trimmed,
 * case-insensitive) mapped to the same capability. Used for duplicates and for `existing`.
 */
export function mappingKey(featureName: string, capabilitySlug: string): string {
  return `${featureName.trim().toLowerCase()}\u0000${capabilitySlug.trim().toLowerCase()}`;
}

export function parseMappingSheet(input: ParseMappingSheetInput): MappingSheetResult {
  const maxBytes = input.limits?.maxBytes ?? DEFAULT_MAX_SHEET_BYTES;
  const maxRows = input.limits?.maxRows ?? DEFAULT_MAX_SHEET_ROWS;

  // Measured before parsing so an oversized upload costs one scan and no allocation.
  if (exceedsUtf8Bytes(input.content, maxBytes)) {
    return sheetError('TOO_LARGE', `the sheet is larger than the limit of ${formatBytes(maxBytes)}`);
  }

  // A CSV row is where it starts in the file; a JSON row is its position in the array.
  const validator = new RowValidator(input.capabilitySlugs, input.existing, input.format === 'JSON' ? 'row' : 'line');
  let errors: UserErrorData[];
  switch (input.format) {
    case 'CSV':
      errors = readCsv(input.content, maxRows, validator);
      break;
    case 'JSON':
      errors = readJson(input.content, maxRows, validator);
      break;
    default: {
      const format: never = input.format;
      return { rows: [], rowErrors: [], errors: [userError('BAD_FORMAT', `unknown sheet format "${String(format)}"`, 'format')] };
    }
  }
  // A sheet-level problem makes row-level findings moot (and possibly misleading).
  if (errors.length > 0) return { rows: [], rowErrors: [], errors };
  return { rows: validator.rows, rowErrors: validator.rowErrors, errors: [] };
}

// ------------------------------------------------------------------------------ row validation

/** One row as read, before validation. `invalid` names fields already reported as INVALID_ROW. */
interface RawRow {
  line: number;
  feature: string | undefined;
  capability: string | undefined;
  relationship: string | undefined;
  strength: string | undefined;
  rationale: string | undefined;
  evidenceUrl: string | undefined;
  invalid: Set<Column> | undefined;
}

const STRENGTH = /^\d{1,3}$/;

/**
 * Validates rows as the readers produce them, so no intermediate list of raw rows is kept: at
 * 100,000 rows the garbage, not the checks, is what costs.
 */
class RowValidator {
  readonly rows: MappingSheetRow[] = [];
  readonly rowErrors: MappingSheetRowError[] = [];
  private readonly firstLineByKey = new Map<string, number>();

  constructor(
    private readonly capabilitySlugs: ReadonlySet<string>,
    private readonly existing: ReadonlySet<string> | undefined,
    /** How a position is named in messages: a CSV line, a JSON row. */
    private readonly unit: 'line' | 'row' = 'line',
  ) {}

  /** A problem found while reading the row (TOO_MANY_FIELDS, INVALID_ROW); call before add(). */
  readError(line: number, code: MappingSheetRowErrorCode, message: string): void {
    this.rowErrors.push({ line, code, message });
  }

  add(raw: RawRow, hasReadError: boolean): void {
    const errors = this.rowErrors;
    const before = errors.length;
    const line = raw.line;
    const invalid = raw.invalid;

    const featureName = (raw.feature ?? '').trim();
    if (!invalid?.has('feature')) {
      if (featureName === '') pushError(errors, line, 'EMPTY_FEATURE', 'the feature name is empty');
      else if (exceedsChars(featureName, MAX_FEATURE_NAME_LENGTH)) {
        pushError(errors, line, 'FEATURE_NAME_TOO_LONG', `the feature name is longer than ${MAX_FEATURE_NAME_LENGTH} characters`);
      }
    }

    const capabilityText = (raw.capability ?? '').trim();
    const capabilitySlug = capabilityText.toLowerCase();
    const knownCapability = this.capabilitySlugs.has(capabilitySlug);
    if (!invalid?.has('capability') && !knownCapability) {
      pushError(
        errors,
        line,
        'UNKNOWN_CAPABILITY',
        capabilityText === ''
          ? 'no capability given'
          : `unknown capability "${capabilityText}" for this edition${suggestion(capabilitySlug, this.capabilitySlugs)}`,
      );
    }

    const relationshipText = (raw.relationship ?? '').trim();
    const relationship = relationshipText === '' ? DEFAULT_MAPPING_RELATIONSHIP : relationshipText.toUpperCase();
    if (!isMappingRelationship(relationship)) {
      pushError(errors, line, 'BAD_RELATIONSHIP', `relationship "${relationshipText}" is not one of EQUIVALENT, SUBSET, SUPERSET, INTERSECTS`);
    }

    const strengthText = (raw.strength ?? '').trim();
    let strength: number | null = null;
    if (strengthText !== '') {
      strength = STRENGTH.test(strengthText) ? Number(strengthText) : NaN;
      if (!(strength >= 1 && strength <= 10)) {
        pushError(errors, line, 'BAD_STRENGTH', `strength "${strengthText}" is not a whole number from 1 to 10`);
      }
    }

    const rationaleText = (raw.rationale ?? '').trim();
    const rationale = rationaleText === '' ? null : rationaleText;
    if (rationale !== null && exceedsChars(rationale, MAX_RATIONALE_LENGTH)) {
      pushError(errors, line, 'RATIONALE_TOO_LONG', `the rationale is longer than ${MAX_RATIONALE_LENGTH} characters`);
    }

    const evidenceText = (raw.evidenceUrl ?? '').trim();
    const evidenceUrl = evidenceText === '' ? null : evidenceText;
    if (evidenceUrl !== null) {
      const problem = evidenceUrlProblem(evidenceUrl);
      if (problem) pushError(errors, line, 'BAD_EVIDENCE_URL', problem);
    }

    if (featureName !== '' && knownCapability) {
      const key = mappingKey(featureName, capabilitySlug);
      const first = this.firstLineByKey.get(key);
      if (first === undefined) this.firstLineByKey.set(key, line);
      else pushError(errors, line, 'DUPLICATE_ROW', `feature "${featureName}" is already mapped to "${capabilitySlug}" on ${this.unit} ${first}`);
      if (this.existing?.has(key)) {
        pushError(errors, line, 'ALREADY_MAPPED', `feature "${featureName}" is already mapped to "${capabilitySlug}" in this edition`);
      }
    }

    if (errors.length === before && !hasReadError) {
      this.rows.push({
        line,
        featureName,
        capabilitySlug,
        relationship: relationship as MappingRelationship,
        strength,
        rationale,
        evidenceUrl,
      });
    }
  }
}

// A plain function rather than a closure per row: 100,000 rows must not mean 100,000 closures.
function pushError(errors: MappingSheetRowError[], line: number, code: MappingSheetRowErrorCode, message: string): void {
  errors.push({ line, code, message });
}

function evidenceUrlProblem(url: string): string | null {
  return urlProblem(url, 'evidence URL');
}

// ------------------------------------------------------------------------------ CSV

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

class CsvSyntaxError extends Error {}

/**
 * RFC 4180 records, each handed to `onRecord` with the physical line it starts on; `onRecord`
 * returns false to stop. Lenient where spreadsheets are sloppy (LF or lone CR line ends, a quote
 * inside an unquoted field is kept as text) and strict where a guess could shift columns (text
 * after a closing quote, an unterminated quote). Blank lines, and lines of nothing but separators
 * and spaces (",,,", as spreadsheets emit for empty rows), are skipped.
 */
function parseCsv(text: string, onRecord: (line: number, fields: string[]) => boolean): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openedOn = line;
        i++;
        value = '';
        let segmentStart = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) throw new CsvSyntaxError(`line ${openedOn}: a quoted field is never closed`);
          line += countLineBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segmentStart, q + 1);
            i = q + 2;
            segmentStart = i;
            continue;
          }
          value += text.slice(segmentStart, q);
          i = q + 1;
          break;
        }
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== COMMA && c !== CR && c !== LF) {
            throw new CsvSyntaxError(`line ${line}: unexpected text after a closing quote (quote the whole field and double any quote inside it)`);
          }
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === CR || c === LF) break;
          i++;
        }
        value = text.slice(start, i);
      }
      fields.push(value);

      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (!isBlank(fields) && !onRecord(recordLine, fields)) return;
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(j + 1) !== LF) count++;
  }
  return count;
}

function isBlank(fields: string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

/** Header names as spreadsheets write them: "Evidence URL", "evidence-url", "evidenceUrl". */
function normalizeHeader(name: string): string {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return n === 'evidenceurl' ? 'evidence_url' : n;
}

interface CsvColumns {
  width: number;
  /** Field index of each known column, -1 when absent. */
  index: Record<Column, number>;
}

function readHeader(line: number, fields: string[]): CsvColumns | UserErrorData[] {
  const index = Object.fromEntries(MAPPING_SHEET_COLUMNS.map((c) => [c, -1])) as Record<Column, number>;
  const unknown: string[] = [];
  const duplicated: string[] = [];
  fields.forEach((name, i) => {
    const normalized = normalizeHeader(name);
    // Spreadsheets often export trailing empty columns; a column without a name is ignored.
    if (normalized === '') return;
    if (!(MAPPING_SHEET_COLUMNS as readonly string[]).includes(normalized)) {
      unknown.push(name.trim());
      return;
    }
    const column = normalized as Column;
    if (index[column] >= 0) duplicated.push(name.trim());
    else index[column] = i;
  });

  const errors: UserErrorData[] = [];
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length > 0) {
    errors.push(
      userError(
        'MISSING_HEADER',
        `line ${line}: the first line must be a header naming the columns ${MAPPING_SHEET_COLUMNS.join(',')} (feature and capability required); missing ${missing.join(', ')}`,
        'content',
      ),
    );
  }
  if (unknown.length > 0) {
    errors.push(
      userError(
        'UNKNOWN_COLUMN',
        `unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; expected ${MAPPING_SHEET_COLUMNS.join(', ')}`,
        'content',
      ),
    );
  }
  if (duplicated.length > 0) {
    errors.push(userError('DUPLICATE_COLUMN', `column(s) ${duplicated.map((d) => `"${d}"`).join(', ')} appear twice`, 'content'));
  }
  return errors.length > 0 ? errors : { width: fields.length, index };
}

function readCsv(content: string, maxRows: number, validator: RowValidator): UserErrorData[] {
  if (content.indexOf('\u0000') !== -1) {
    return sheetErrors('INVALID_CSV', 'the content has NUL bytes: it looks like a binary file (an .xlsx?), not CSV');
  }
  let columns: CsvColumns | undefined;
  let headerErrors: UserErrorData[] | undefined;
  let dataRows = 0;
  try {
    parseCsv(content, (line, fields) => {
      if (!columns) {
        const header = readHeader(line, fields);
        if (Array.isArray(header)) {
          headerErrors = header;
          return false;
        }
        columns = header;
        return true;
      }
      if (++dataRows > maxRows) return false;
      const { width, index } = columns;
      let hasReadError = false;
      for (let k = width; k < fields.length; k++) {
        if (fields[k].trim() !== '') {
          validator.readError(
            line,
            'TOO_MANY_FIELDS',
            `the row has ${fields.length} fields but the header has ${width} columns (is a comma unquoted?)`,
          );
          hasReadError = true;
          break;
        }
      }
      validator.add(
        {
          line,
          feature: fields[index.feature],
          capability: fields[index.capability],
          relationship: index.relationship >= 0 ? fields[index.relationship] : undefined,
          strength: index.strength >= 0 ? fields[index.strength] : undefined,
          rationale: index.rationale >= 0 ? fields[index.rationale] : undefined,
          evidenceUrl: index.evidence_url >= 0 ? fields[index.evidence_url] : undefined,
          invalid: undefined,
        },
        hasReadError,
      );
      return true;
    });
  } catch (e) {
    if (e instanceof CsvSyntaxError) return sheetErrors('INVALID_CSV', `not valid CSV: ${e.message}`);
    throw e;
  }
  if (headerErrors) return headerErrors;
  if (!columns) return sheetErrors('EMPTY_SHEET', 'the sheet is empty');
  if (dataRows > maxRows) return sheetErrors('TOO_LARGE', `the sheet has more than ${maxRows} rows`);
  if (dataRows === 0) return sheetErrors('EMPTY_SHEET', 'the sheet has a header but no rows');
  return [];
}

// ------------------------------------------------------------------------------ JSON

const JSON_KEYS: Readonly<Record<string, Column>> = {
  feature: 'feature',
  capability: 'capability',
  relationship: 'relationship',
  strength: 'strength',
  rationale: 'rationale',
  evidenceUrl: 'evidence_url',
  evidence_url: 'evidence_url',
};

function readJson(content: string, maxRows: number, validator: RowValidator): UserErrorData[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
  } catch (e) {
    return sheetErrors('INVALID_JSON', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const list = Array.isArray(parsed) ? parsed : isRecord(parsed) && Array.isArray(parsed.rows) ? (parsed.rows as unknown[]) : undefined;
  if (!list) return sheetErrors('INVALID_JSON', 'expected an array of rows, or an object with a "rows" array');
  if (list.length === 0) return sheetErrors('EMPTY_SHEET', 'the sheet has no rows');
  if (list.length > maxRows) return sheetErrors('TOO_LARGE', `the sheet has more than ${maxRows} rows`);

  const unknown = new Set<string>();
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    const line = index + 1;
    if (!isRecord(item)) {
      validator.readError(line, 'INVALID_ROW', 'the row is not an object');
      continue;
    }
    for (const key in item) if (!(key in JSON_KEYS)) unknown.add(key);
    const raw: RawRow = {
      line,
      feature: undefined,
      capability: undefined,
      relationship: undefined,
      strength: undefined,
      rationale: undefined,
      evidenceUrl: undefined,
      invalid: undefined,
    };
    raw.feature = jsonText(item, 'feature', 'feature', raw, validator);
    raw.capability = jsonText(item, 'capability', 'capability', raw, validator);
    raw.relationship = jsonText(item, 'relationship', 'relationship', raw, validator);
    raw.strength = jsonText(item, 'strength', 'strength', raw, validator);
    raw.rationale = jsonText(item, 'rationale', 'rationale', raw, validator);
    const camel = jsonText(item, 'evidenceUrl', 'evidence_url', raw, validator);
    const snake = jsonText(item, 'evidence_url', 'evidence_url', raw, validator);
    if (camel !== undefined && snake !== undefined && camel.trim() !== snake.trim()) {
      (raw.invalid ??= new Set()).add('evidence_url');
      validator.readError(line, 'INVALID_ROW', 'give "evidenceUrl" or "evidence_url", not two different values');
    }
    raw.evidenceUrl = camel ?? snake;
    validator.add(raw, raw.invalid !== undefined);
  }
  if (unknown.size > 0) {
    return sheetErrors(
      'UNKNOWN_COLUMN',
      `unknown field(s) ${[...unknown].map((u) => `"${u}"`).join(', ')}; expected ${Object.keys(JSON_KEYS).join(', ')}`,
    );
  }
  return [];
}

/** A JSON field as text, or undefined; a value of the wrong type is reported once as INVALID_ROW. */
function jsonText(item: Record<string, unknown>, key: string, column: Column, raw: RawRow, validator: RowValidator): string | undefined {
  const value = item[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  // A number is what JSON naturally holds for strength; non-integers fall through to BAD_STRENGTH.
  if (column === 'strength' && typeof value === 'number') return String(value);
  (raw.invalid ??= new Set()).add(column);
  const expected = column === 'strength' ? 'a number' : 'a string';
  validator.readError(raw.line, 'INVALID_ROW', `"${key}" must be ${expected}, got ${describeJson(value)}`);
  return undefined;
}

function describeJson(value: unknown): string {
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ------------------------------------------------------------------------------ shared helpers

function sheetErrors(code: MappingSheetErrorCode, message: string): UserErrorData[] {
  return [userError(code, message, 'content')];
}

function sheetError(code: MappingSheetErrorCode, message: string): MappingSheetResult {
  return { rows: [], rowErrors: [], errors: sheetErrors(code, message) };
}

/** UTF-8 size without encoding: the limit is on bytes, and content arrives as a JS string. */
function exceedsUtf8Bytes(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return false;
  if (text.length > maxBytes) return true;
  return utf8Bytes(text, maxBytes) > maxBytes;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
