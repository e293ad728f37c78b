import { createHash, type Hash } from 'node:crypto';
import { toCsvLine } from '../domain/catalog/mapping-sheet';

// The shape every export shares: a report is one or more parts (a sheet in XLSX, a table in JSON),
// each a list of columns and an async stream of rows. Sources (coverage-matrix.source.ts, …) build
// reports by paging the database; writers (csv/xlsx/json) only ever see one page of rows at a time.

export const REPORT_KINDS = ['coverage-matrix', 'gap-report', 'certification-status', 'awards'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isReportKind = (v: string): v is ReportKind => (REPORT_KINDS as readonly string[]).includes(v);
export const isExportFormat = (v: string): v is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(v);

/** A cell as sources produce it; null is a blank cell. */
export type Cell = string | number | boolean | null;

export interface ReportColumn {
  /** Stable key: JSON row objects use it. */
  key: string;
  /** The column's own name (a capability's name under its domain). */
  label: string;
  /** The framework hierarchy: the domain a capability column sits in; XLSX shows it as a header row above. */
  group?: string | null;
  /** XLSX column width in characters. */
  width?: number;
}

export interface ReportPart {
  /** Machine name (JSON `parts[].name`, the CSV `part` column of a multi-part report). */
  name: string;
  /** Human title (the XLSX sheet name). */
  title: string;
  columns: ReportColumn[];
  /** Leading columns XLSX keeps frozen beside the header (organization, product). */
  frozenColumns: number;
  /** Starts a new pass over the database; each call streams the part from the beginning. */
  rows(): AsyncGenerator<Cell[]>;
}

export interface ReportStamp {
  report: ReportKind;
  title: string;
  /** Framework edition slug the report is about. */
  edition: string;
  /** Certification program slug; null for reports that involve no program. */
  program: string | null;
  /** ISO timestamp (UTC) when generation started. */
  generatedAt: string;
  /** Evaluation date of a certification status report; null otherwise. */
  asOf: string | null;
}

export interface Report extends ReportStamp {
  parts: ReportPart[];
}

/** What a writer reports when done. */
export interface WriteResult {
  rows: number;
  sha256: string;
}

/** The flat column name CSV and JSON use: a capability column is named with its domain. */
export function flatHeader(column: ReportColumn): string {
  return column.group ? `${column.group} / ${column.label}` : column.label;
}

/**
 * The content hash every format stamps: SHA-256 of the report's rows in their CSV form (the header
 * row, then each data row, RFC 4180, CRLF-terminated, exactly as the CSV export writes them). So the
 * same data gives the same hash in CSV, XLSX and JSON, and `grep -v '^#' export.csv | sha256sum`
 * reproduces it. A multi-part report is one CSV table whose first column names the part.
 */
export class ContentHasher {
  private readonly hash: Hash = createHash('sha256');
  private readonly multiPart: boolean;
  rows = 0;

  constructor(private readonly report: Report) {
    this.multiPart = report.parts.length > 1;
    if (this.multiPart) {
      const first = report.parts[0].columns.map((c) => c.key).join('\u0000');
      if (report.parts.some((p) => p.columns.map((c) => c.key).join('\u0000') !== first)) {
        throw new Error(`The parts of ${report.report} must share their columns to form one CSV table`);
      }
    }
  }

  /** The header line (with CRLF); hashed. */
  header(): string {
    const names = this.report.parts[0].columns.map(flatHeader);
    return this.line(this.multiPart ? ['part', ...names] : names);
  }

  /** A data line (with CRLF); hashed and counted. */
  row(part: ReportPart, cells: readonly Cell[]): string {
    this.rows += 1;
    return this.line(this.multiPart ? [part.name, ...cells] : cells);
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  private line(cells: readonly Cell[]): string {
    const text = `${toCsvLine(cells.map(csvValue))}\r\n`;
    this.hash.update(text, 'utf8');
    return text;
  }
}

// Spreadsheets run a cell starting with = + - @ (or a tab/CR) as a formula. Product and feature
// names come from vendors, and analysts open these files in Excel: such text gets a leading
// apostrophe in CSV (OWASP's "CSV injection" advice). Numbers are never touched; XLSX and JSON
// carry the text unchanged (XLSX cells are typed as strings, never formulas).
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvValue(cell: Cell): string | number | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') return cell;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The file name of an attachment: coverage-matrix-2025.csv, certification-status-2023.xlsx. */
export function exportFileName(stamp: Pick<ReportStamp, 'report' | 'edition' | 'program'>, format: ExportFormat): string {
  if (stamp.report === 'awards') return `awards.${format}`;
  const qualifier = stamp.report === 'certification-status' ? stamp.program : stamp.edition;
  return `${stamp.report}-${(qualifier ?? 'all').replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** Progress of a long export, in units of the part being written (products or organizations). */
export type ProgressListener = (event: { part: string; done: number; total: number }) => void;
