// `npm run export` as a child process against the run's test database.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv, sha256, withoutComments } from './export-helpers';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'finops-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function exportCli(args: string[]) {
  return run(TSX, ['src/scripts/export.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: inject('database').url, LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('npm run export', () => {
  it('writes an XLSX file with --out, quietly off a terminal', async () => {
    const out = path.join(dir, 'report.xlsx');
    const { stdout, stderr } = await exportCli(['coverage-matrix', '--edition', '2023', '--format', 'xlsx', '--out', out]);
    expect(stdout).toBe('');
    expect(stderr).toBe('');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(out)) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Coverage 2023', 'Metadata']);
    let found = false;
    workbook.worksheets[0].eachRow((row) => {
      if (row.getCell(2).value === 'Northwind Cloud Cost Platform (demo)') found = row.getCell(4).value === 14;
    });
    expect(found).toBe(true);
  });

  it('writes CSV to stdout with the meta comment', async () => {
    const { stdout } = await exportCli(['coverage-matrix', '--edition', '2025', '--meta', 'comment']);
    expect(stdout.split('\r\n')[0]).toMatch(/^# report=coverage-matrix edition=2025 generated=/);
    const hash = /# sha256=([0-9a-f]{64})/.exec(stdout)![1];
    expect(sha256(withoutComments(stdout))).toBe(hash);
    expect(parseCsv(stdout)[0][0]).toBe('Organization');
  });

  it('exports the certification status of a program as JSON', async () => {
    const out = path.join(dir, 'status.json');
    await exportCli(['certification-status', '--program', '2025', '--out', out]);
    const body = JSON.parse(await readFile(out, 'utf8'));
    expect(body.meta).toMatchObject({ report: 'certification-status', program: '2025', edition: '2025' });
    expect(body.parts[0].rows.length).toBe(body.meta.rows);
  });

  it('refuses bad arguments with exit code 2 and a message', async () => {
    await Promise.all([
      expect(exportCli(['coverage-matrix', '--edition', '1999'])).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/Unknown framework edition "1999"/),
      }),
      expect(exportCli(['everything'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown report "everything"/) }),
      expect(exportCli(['gap-report', '--format', 'pdf'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown format "pdf"/) }),
    ]);
  });
});
