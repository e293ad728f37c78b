import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { ContentHasher } from './csv.writer';
import type { Cell, Report, ReportPart, WriteResult } from './report';
import { drained, OutputClosedError } from './stream-output';

// XLSX through exceljs's streaming writer: each row is committed (serialised into the zip) as soon
// as it is written, so a sheet never sits in memory. Shared strings are off for the same reason
// (that table would keep every distinct string until the end). One sheet per report part, header
// frozen; where columns carry a group (a capability's domain) the header has two rows, the domain
// merged over its capabilities. A last "Metadata" sheet carries the stamp and the content hash,
// written after the data sheets, when the hash is known.

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } };
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFB8CCE4' } };
/** Rows committed between checks of the output's buffer. */
const DRAIN_EVERY = 200;

export const METADATA_SHEET = 'Metadata';

export async function writeXlsx(report: Report, out: Writable): Promise<WriteResult> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'FinOps catalog';
  workbook.created = new Date(report.generatedAt);
  const hasher = new ContentHasher(report);
  hasher.header();
  const used = new Set<string>();
  for (const part of report.parts) {
    await writePart(workbook, part, hasher, out, sheetName(part.title, used));
  }
  const sha256 = hasher.digest();
  const meta = workbook.addWorksheet(sheetName(METADATA_SHEET, used));
  meta.columns = [
    { key: 'key', width: 18 },
    { key: 'value', width: 80 },
  ];
  const entries: [string, string | number][] = [
    ['Report', report.report],
    ['Title', report.title],
    ['Edition', report.edition],
    ['Program', report.program ?? '(none)'],
    ['As of', report.asOf ?? '(not applicable)'],
    ['Generated at', report.generatedAt],
    ['Rows', hasher.rows],
    ['SHA-256', sha256],
    ['Hash of', 'The rows in their CSV form (header row and data rows, RFC 4180, CRLF), as the CSV export writes them'],
  ];
  const head = meta.addRow(['Key', 'Value']);
  head.font = { bold: true };
  head.commit();
  for (const entry of entries) meta.addRow(entry).commit();
  meta.commit();
  if (out.destroyed) throw new OutputClosedError();
  await workbook.commit();
  return { rows: hasher.rows, sha256 };
}

async function writePart(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  part: ReportPart,
  hasher: ContentHasher,
  out: Writable,
  name: string,
): Promise<void> {
  const grouped = part.columns.some((c) => c.group);
  const headerRows = grouped ? 2 : 1;
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: part.frozenColumns, ySplit: headerRows }],
  });
  sheet.columns = part.columns.map((c) => ({ key: c.key, width: c.width ?? 14 }));

  if (grouped) {
    // Row 1: each group's name over its span; ungrouped columns merge down over both header rows.
    const top: (string | null)[] = [];
    const merges: [number, number, number, number][] = [];
    let start = 0;
    part.columns.forEach((c, i) => {
      if (!c.group) {
        top.push(c.label);
        merges.push([1, i + 1, 2, i + 1]);
        return;
      }
      const previous = i > 0 ? part.columns[i - 1].group : null;
      if (previous !== c.group) start = i;
      top.push(previous === c.group ? null : c.group);
      const next = part.columns[i + 1]?.group;
      if (next !== c.group && i > start) merges.push([1, start + 1, 1, i + 1]);
    });
    const row1 = sheet.addRow(top);
    styleHeader(row1, part, true);
    const row2 = sheet.addRow(part.columns.map((c) => (c.group ? c.label : null)));
    styleHeader(row2, part, false);
    for (const [t, l, b, r] of merges) sheet.mergeCells(t, l, b, r);
    row1.commit();
    row2.commit();
  } else {
    const row = sheet.addRow(part.columns.map((c) => c.label));
    styleHeader(row, part, false);
    row.commit();
  }

  let sinceCheck = 0;
  for await (const cells of part.rows()) {
    hasher.row(part, cells);
    sheet.addRow(cells.map(xlsxValue)).commit();
    if (++sinceCheck >= DRAIN_EVERY) {
      sinceCheck = 0;
      await drained(out);
    }
  }
  sheet.commit();
  await drained(out);
}

function styleHeader(row: ExcelJS.Row, part: ReportPart, groupRow: boolean): void {
  row.font = { bold: true };
  part.columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.fill = groupRow && c.group ? GROUP_FILL : HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: c.group ? 'center' : 'left', wrapText: true };
  });
}

function xlsxValue(cell: Cell): string | number | boolean | null {
  return cell;
}

/** Excel's rules: at most 31 characters, none of []:*?/\ , unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`;
  used.add(name.toLowerCase());
  return name;
}
