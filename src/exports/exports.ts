import type { EntityManager } from '@mikro-orm/postgresql';
import type { Writable } from 'node:stream';
import { loadFrameworkSnapshot } from '../reference/framework';
import { certificationStatusReport, resolveProgram } from './certification-status.source';
import { coverageMatrixReport, resolveEdition } from './coverage-matrix.source';
import { writeCsv } from './csv.writer';
import { gapReport } from './gap-report.source';
import { writeJson } from './json.writer';
import type { ExportFormat, ProgressListener, Report, ReportKind, WriteResult } from './report';
import { writeXlsx } from './xlsx.writer';

// The one way in for the HTTP handler and the CLI: parameters → a report (validated before a byte
// is written, so a bad edition or program is a clean 400) → a writer.

export interface ExportRequest {
  report: ReportKind;
  /** Edition slug; default: the current edition (certification status: the program's edition). */
  edition?: string | null;
  /** Program slug (certification status only); default: the default program. */
  program?: string | null;
}

/**
 * Resolves the parameters and returns the report, ready to stream. Throws ExportError (400) for an
 * unknown edition or program. The EntityManager must be a fork of its own, used outside any
 * transaction (see product-pages.ts).
 */
export async function prepareReport(em: EntityManager, request: ExportRequest, onProgress?: ProgressListener): Promise<Report> {
  const generatedAt = new Date().toISOString();
  const framework = await loadFrameworkSnapshot(em);
  switch (request.report) {
    case 'coverage-matrix':
      return coverageMatrixReport(em, framework, resolveEdition(framework, request.edition), generatedAt, onProgress);
    case 'gap-report':
      return gapReport(em, framework, resolveEdition(framework, request.edition), generatedAt, onProgress);
    case 'certification-status': {
      const program = await resolveProgram(em, request.program);
      const edition = resolveEdition(framework, request.edition || program.rulebook.frameworkEdition);
      return certificationStatusReport(em, framework, program, edition.slug, generatedAt, onProgress);
    }
  }
}

export function writeReport(report: Report, format: ExportFormat, out: Writable, options: { metaComment?: boolean } = {}): Promise<WriteResult> {
  switch (format) {
    case 'csv':
      return writeCsv(report, out, options);
    case 'xlsx':
      return writeXlsx(report, out);
    case 'json':
      return writeJson(report, out);
  }
}
