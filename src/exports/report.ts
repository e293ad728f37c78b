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
