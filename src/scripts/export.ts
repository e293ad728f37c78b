import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import pino from 'pino';
import { configureBadges } from '../badges/badges';
import { loadConfig } from '../config/env';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { initOrm } from '../db/orm';
import { ExportError } from '../exports/export-errors';
import { prepareReport, writeReport } from '../exports/exports';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  isExportFormat,
  isReportKind,
  type ProgressListener,
  REPORT_KINDS,
  type ReportKind,
} from '../exports/report';
import { HelpRequested, runCommand, UsageError } from './cli';

// npm run export -- <report> [--edition 2025] [--program 2023] [--as-of 2026-01-31] [--format csv|xlsx|json] [--out file] [--meta comment]
// The same exports the gateway serves at /exports/…, straight from the database: DATABASE_URL when
// set, otherwise the embedded database in DATA_DIR (stop `npm start` first: it holds that folder).
// Writes to --out, or to stdout. On a terminal, a progress bar on stderr; otherwise quiet.

const USAGE = `usage: npm run export -- <${REPORT_KINDS.join('|')}> [--edition <slug>] [--program <slug>] [--as-of <YYYY-MM-DD>] [--format ${EXPORT_FORMATS.join('|')}] [--out <file>] [--meta comment]`;

interface Args {
  report: ReportKind;
  edition: string | null;
  program: string | null;
  asOf: string | null;
  format: ExportFormat;
  out: string | null;
  metaComment: boolean;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new HelpRequested();
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (!['edition', 'program', 'as-of', 'format', 'out', 'meta'].includes(name)) throw new UsageError(`unknown option --${name}`);
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else positional.push(arg);
  }
  const [report, ...rest] = positional;
  if (!report) throw new UsageError(`name a report: ${REPORT_KINDS.join(', ')}`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (!isReportKind(report)) throw new UsageError(`unknown report "${report}"; use ${REPORT_KINDS.join(', ')}`);
  const out = flags.get('out') ?? null;
  const format = flags.get('format') ?? (out ? path.extname(out).slice(1).toLowerCase() : 'csv');
  if (!isExportFormat(format)) throw new UsageError(`unknown format "${format}"; use ${EXPORT_FORMATS.join(', ')}`);
  const meta = flags.get('meta');
  if (meta !== undefined && meta !== 'comment') throw new UsageError('--meta takes one value: comment');
  if (meta && format !== 'csv') throw new UsageError('--meta comment applies to CSV only');
  if (flags.has('program') && report !== 'certification-status') throw new UsageError('--program applies to certification-status only');
  if (flags.has('as-of') && report !== 'coverage-matrix') throw new UsageError('--as-of applies to coverage-matrix only');
  return {
    report,
    edition: flags.get('edition') ?? null,
    program: flags.get('program') ?? null,
    asOf: flags.get('as-of') ?? null,
    format,
    out,
    metaComment: meta === 'comment',
  };
}

/** "[#####.....] 1200/5000 products" redrawn in place on stderr; nothing at all off a terminal. */
function progressBar(unit: (part: string) => string): ProgressListener | undefined {
  if (!process.stderr.isTTY) return undefined;
  let lastDraw = 0;
  return ({ part, done, total }) => {
    const now = Date.now();
    if (done < total && now - lastDraw < 100) return;
    lastDraw = now;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    process.stderr.write(`\r${part.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit(part)}\x1b[K`);
    if (done >= total) process.stderr.write('\n');
  };
}

/** Fails before any work when --out cannot be written (a missing folder, a folder in its place, no permission). */
function checkWritableTarget(out: string): void {
  const dir = path.dirname(path.resolve(out));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`--out ${out}: the folder ${dir} does not exist; create it first or choose another path`);
  }
  if (!stat.isDirectory()) throw new UsageError(`--out ${out}: ${dir} is not a folder`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`--out ${out}: the folder ${dir} is not writable`);
  }
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a folder; name a file`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  // The awards export names each badge's verification URL (PUBLIC_URL); nothing is logged to stdout, which may carry the file.
  configureBadges(config, pino({ level: 'silent' }));
  if (args.out) checkWritableTarget(args.out);
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const orm = await initOrm({
    clientUrl: config.databaseUrl ?? embedded!.url,
    poolMax: 1,
    statementTimeoutMs: embedded ? 0 : config.dbStatementTimeoutMs,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
  }).catch(async (err: unknown) => {
    await embedded?.stop();
    throw err;
  });
  let target: Writable | null = null;
  let tmp: string | null = null;
  let writeFailure: Promise<never> | null = null;
  try {
    const onProgress = progressBar((part) => (part === 'status' ? 'organizations' : part === 'awards' ? 'awards' : 'products'));
    const report = await prepareReport(
      orm.em.fork(),
      { report: args.report, edition: args.edition, program: args.program, asOf: args.asOf },
      onProgress,
    );
    if (args.out) {
      // Written beside the target and renamed at the end: a failed export leaves no half file behind.
      tmp = `${args.out}.${process.pid}.part`;
      target = fs.createWriteStream(tmp);
      // A write error (disk full, folder removed meanwhile) fails the export instead of an unhandled 'error' event.
      const file = target;
      writeFailure = new Promise<never>((_, reject) => file.once('error', reject));
      writeFailure.catch(() => undefined);
    } else target = process.stdout;
    const writing = writeReport(report, args.format, target, { metaComment: args.metaComment });
    writing.catch(() => undefined);
    const result = await (writeFailure ? Promise.race([writing, writeFailure]) : writing);
    if (target !== process.stdout) {
      target.end();
      await (writeFailure ? Promise.race([finished(target), writeFailure]) : finished(target));
      fs.renameSync(tmp!, args.out!);
      tmp = null;
    }
    if (process.stderr.isTTY) {
      process.stderr.write(
        `${report.report} ${report.edition}${report.program ? ` (program ${report.program})` : ''}: ${result.rows} rows, sha256 ${result.sha256}${args.out ? ` → ${args.out}` : ''}\n`,
      );
    }
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
    await orm.close(true);
    await embedded?.stop();
  }
}

runCommand('export', USAGE, async () => {
  try {
    await main();
  } catch (err) {
    // Unknown edition or program and the like: bad use, not a failure.
    if (err instanceof ExportError && err.status === 400) throw new UsageError(err.message);
    throw err;
  }
});
