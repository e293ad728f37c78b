import type { MikroORM } from '@mikro-orm/postgresql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Logger } from 'pino';
import { InvalidTokenError, type TokenVerifier } from '../auth/tokens';
import { hasRole } from '../domain/access/policy';
import type { Viewer } from '../domain/access/roles';
import { CURSORS, decodeCursor, encodeCursor } from '../graphql/pagination';
import type { RouteHandler } from '../http/routes';
import { sendJson } from '../http/apollo-handler';
import { loadFrameworkSnapshot } from '../reference/framework';
import { capabilityColumns, coveragePages, resolveAsOf, resolveEdition, type ProductCoverageRow } from './coverage-matrix.source';
import { coverageReportCsp, renderCoverageReport } from './coverage-report.html';
import { badRequest, ExportError } from './export-errors';
import { prepareReport, writeReport } from './exports';
import { countProducts } from './exports.repository';
import { CONTENT_TYPES, EXPORT_FORMATS, exportFileName, isExportFormat, isReportKind, REPORT_KINDS, type ReportKind } from './report';
import { OutputClosedError } from './stream-output';

// GET /exports/<report>.<format>?edition=…&program=…&asOf=…&meta=comment   streamed downloads
// GET /reports/coverage?edition=…&asOf=…&limit=…&after=…                   the HTML heatmap (500 products a page)
// The coverage matrix and the HTML report show public, approved data and are open to anyone; the gap
// report (unreviewed mappings) and certification status (evaluations) are for Foundation staff.

/** Reports that reveal unreviewed work or evaluations: REVIEWER, TAC or ADMIN only. */
const STAFF_REPORTS: ReadonlySet<ReportKind> = new Set(['gap-report', 'certification-status', 'awards']);
export const HTML_REPORT_PAGE_SIZE = 500;

const EXPORT_PATH = /^\/exports\/([^/.]+)\.([^/.]+)$/;

export interface ExportRoutesOptions {
  /** null: no database here (a split gateway without DATABASE_URL); exports answer 503. */
  orm: MikroORM | null;
  verifyToken: TokenVerifier;
  logger: Logger;
  /** The ProductCoverage operation, for the playground links of the HTML report. */
  playgroundQuery: string;
}

export function createExportRoutes(options: ExportRoutesOptions): RouteHandler {
  const logger = options.logger.child({ component: 'exports' });
  return async (req, res, url) => {
    const isExport = url.pathname === '/exports' || url.pathname.startsWith('/exports/');
    const isReport = url.pathname === '/reports/coverage';
    if (!isExport && !isReport) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new ExportError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported here; use GET`);
      }
      if (isExport) await serveExport(req, res, url, options, logger);
      else await serveReport(req, res, url, options);
    } catch (err) {
      if (err instanceof ExportError) {
        const headers: Record<string, string> = { 'cache-control': 'no-store' };
        if (err.status === 401) headers['www-authenticate'] = 'Bearer';
        if (err.status === 405) headers.allow = 'GET, HEAD';
        if (!res.headersSent) sendJson(res, err.status, { error: { code: err.code, message: err.message, field: err.field } }, headers);
        else res.destroy();
        return true;
      }
      if (err instanceof OutputClosedError) {
        logger.debug({ path: url.pathname }, 'export abandoned by the client');
        return true;
      }
      // After the first byte a 500 can no longer be sent: cut the connection so a half file is not
      // mistaken for a whole one.
      logger.error({ err, path: url.pathname }, 'export failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      else res.destroy();
    }
    return true;
  };
}

async function serveExport(req: IncomingMessage, res: ServerResponse, url: URL, options: ExportRoutesOptions, logger: Logger): Promise<void> {
  const match = EXPORT_PATH.exec(url.pathname);
  const usage = `Exports are at /exports/<report>.<format>: reports ${REPORT_KINDS.join(', ')}; formats ${EXPORT_FORMATS.join(', ')}`;
  if (!match) throw badRequest(usage, 'path');
  const [, report, format] = match;
  if (!isReportKind(report)) throw badRequest(`Unknown report "${report}". ${usage}`, 'report');
  if (!isExportFormat(format)) throw badRequest(`Unknown format "${format}". ${usage}`, 'format');
  if (STAFF_REPORTS.has(report)) await requireStaff(req, options.verifyToken, report);

  const params = url.searchParams;
  const meta = params.get('meta');
  if (meta !== null && meta !== 'comment') throw badRequest(`meta must be "comment" (or left out); got "${meta}"`, 'meta');
  if (meta === 'comment' && format !== 'csv')
    throw badRequest('meta=comment applies to CSV only; XLSX has a Metadata sheet and JSON a meta object', 'meta');
  const program = params.get('program');
  if (program !== null && report !== 'certification-status') throw badRequest(`program applies to certification-status only`, 'program');
  const asOf = params.get('asOf');
  if (asOf !== null && report !== 'coverage-matrix') throw badRequest('asOf applies to coverage-matrix only', 'asOf');
  resolveAsOf(asOf);
  if (!options.orm) {
    throw new ExportError(503, 'EXPORTS_UNAVAILABLE', 'Exports need the database: this gateway runs without DATABASE_URL');
  }

  const em = options.orm.em.fork();
  const prepared = await prepareReport(em, { report, edition: params.get('edition'), program, asOf });
  const started = Date.now();
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${exportFileName(prepared, format)}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-export-report': prepared.report,
    'x-export-edition': prepared.edition,
    ...(prepared.program ? { 'x-export-program': prepared.program } : {}),
    ...(prepared.asOf && prepared.report === 'coverage-matrix' ? { 'x-export-as-of': prepared.asOf } : {}),
    'x-export-generated-at': prepared.generatedAt,
    // The content hash is known only at the end: it follows as an HTTP trailer (chunked responses).
    trailer: 'x-content-sha256',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  let result;
  if (format === 'xlsx') {
    // exceljs ends the stream it writes to; a pass-through keeps the response open for the trailer.
    const pass = new PassThrough();
    pass.pipe(res, { end: false });
    const flushed = new Promise<void>((resolve) => pass.once('end', resolve));
    result = await writeReport(prepared, format, pass);
    await flushed;
  } else {
    result = await writeReport(prepared, format, res, { metaComment: meta === 'comment' });
  }
  res.addTrailers({ 'x-content-sha256': result.sha256 });
  res.end();
  logger.info(
    { report, format, edition: prepared.edition, program: prepared.program, rows: result.rows, ms: Date.now() - started },
    'export written',
  );
}

async function requireStaff(req: IncomingMessage, verifyToken: TokenVerifier, report: string): Promise<Viewer> {
  const header = req.headers.authorization;
  if (!header)
    throw new ExportError(
      401,
      'UNAUTHENTICATED',
      `The ${report} is for Foundation staff: send "Authorization: Bearer <token>" (REVIEWER, TAC or ADMIN)`,
    );
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new ExportError(401, 'UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
  let viewer: Viewer;
  try {
    viewer = await verifyToken(m[1]);
  } catch (err) {
    if (err instanceof InvalidTokenError) throw new ExportError(401, 'UNAUTHENTICATED', err.message);
    throw err;
  }
  const role = viewer.role;
  if (!hasRole(viewer, 'REVIEWER', 'TAC', 'ADMIN')) {
    throw new ExportError(403, 'FORBIDDEN', `The ${report} is for Foundation staff (REVIEWER, TAC or ADMIN); a ${role} may not download it`);
  }
  return viewer;
}

async function serveReport(req: IncomingMessage, res: ServerResponse, url: URL, options: ExportRoutesOptions): Promise<void> {
  if (!options.orm)
    throw new ExportError(503, 'REPORTS_UNAVAILABLE', 'The coverage report needs the database: this gateway runs without DATABASE_URL');
  const params = url.searchParams;
  let after: [string, string] | null = null;
  try {
    after = decodeCursor(params.get('after'), CURSORS.nameId);
  } catch {
    throw badRequest('after is not a cursor this report issued', 'after');
  }
  const limitText = params.get('limit');
  const pageSize = limitText === null ? HTML_REPORT_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > HTML_REPORT_PAGE_SIZE) {
    throw badRequest(`limit must be a whole number from 1 to ${HTML_REPORT_PAGE_SIZE}; got "${limitText}"`, 'limit');
  }
  const position = Number(params.get('from') ?? '1');
  const asOf = resolveAsOf(params.get('asOf'));
  const em = options.orm.em.fork();
  const framework = await loadFrameworkSnapshot(em);
  const edition = resolveEdition(framework, params.get('edition'));
  const rows: ProductCoverageRow[] = [];
  // One more than shown tells whether there is a next page.
  for await (const page of coveragePages(em, framework, edition, { after, limit: pageSize + 1, asOf })) rows.push(...page);
  const more = rows.length > pageSize;
  const shown = rows.slice(0, pageSize);
  const firstPosition = Number.isInteger(position) && position > 0 ? position : 1;
  let nextHref: string | null = null;
  if (more) {
    const lastRow = shown[shown.length - 1].product;
    const next = new URLSearchParams({
      edition: edition.slug,
      after: encodeCursor([lastRow.sortName, lastRow.id]),
      from: String(firstPosition + shown.length),
    });
    if (asOf) next.set('asOf', asOf);
    if (limitText !== null) next.set('limit', String(pageSize));
    nextHref = `/reports/coverage?${next.toString()}`;
  }
  const html = renderCoverageReport({
    edition,
    asOf,
    editions: framework.editions,
    columns: capabilityColumns(framework, edition.id),
    rows: shown,
    totalProducts: await countProducts(em),
    firstPosition,
    pageSize,
    nextHref,
    playgroundQuery: options.playgroundQuery,
    generatedAt: new Date().toISOString(),
  });
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy': coverageReportCsp(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}
