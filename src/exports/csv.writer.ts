import { createHash, type Hash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { type Cell, flatHeader, type Report, type ReportPart, type WriteResult } from './report';
import { BufferedWriter } from './stream-output';

// The one CSV encoding of the project: the CSV export, the content hash every format stamps (its
// rows in CSV form), and the CSV lines tests and tools write.

/**
 * RFC 4180: UTF-8, CRLF, a header row, fields quoted only when they must be. With `metaComment` the
 * file starts with `# report=… edition=… program=… generated=…` and ends with `# sha256=… rows=…`:
 * handy for people, but not RFC 4180, so only on request (?meta=comment, --meta comment). Without
 * it the stamp travels in the HTTP response headers (and a trailer for the hash).
 */
export async function writeCsv(report: Report, out: Writable, options: { metaComment?: boolean } = {}): Promise<WriteResult> {
  const writer = new BufferedWriter(out);
  const hasher = new ContentHasher(report);
  if (options.metaComment) await writer.write(`${stampComment(report)}\r\n`);
  await writer.write(hasher.header());
  for (const part of report.parts) {
    for await (const cells of part.rows()) await writer.write(hasher.row(part, cells));
  }
  const sha256 = hasher.digest();
  if (options.metaComment) await writer.write(`# sha256=${sha256} rows=${hasher.rows}\r\n`);
  await writer.flush();
  return { rows: hasher.rows, sha256 };
}

export function stampComment(report: Report): string {
  const fields: [string, string | null][] = [
    ['report', report.report],
    ['edition', report.edition],
    ['program', report.program],
    ['asOf', report.asOf],
    ['generated', report.generatedAt],
  ];
  return `# ${fields
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
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

/**
 * One CSV record per RFC 4180, without the line terminator (join records with "\r\n"). A field is
 * quoted only when it must be: it holds a comma, a quote or a line break. A lone empty value is
 * quoted so the line is not read back as a blank (skipped) line.
 */
export function toCsvLine(values: readonly (string | number | null)[]): string {
  if (values.length === 1 && (values[0] === '' || values[0] === null)) return '""';
  return values.map(csvField).join(',');
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
