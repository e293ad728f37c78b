import 'reflect-metadata';
import fs from 'node:fs';
import { initOrm } from '../src/db/orm';
import { prepareReport, writeReport } from '../src/exports/exports';
import type { ExportFormat } from '../src/exports/report';

// Runs one full coverage-matrix export in a process of its own and prints its peak memory, so the
// benchmark can show the export streams (peak RSS stays flat whatever the catalog size).
async function main() {
  const [format, out] = process.argv.slice(2);
  const orm = await initOrm({ clientUrl: process.env.DATABASE_URL!, poolMax: 1 });
  try {
    const report = await prepareReport(orm.em.fork(), { report: 'coverage-matrix', edition: '2025' });
    await writeReport(report, format as ExportFormat, fs.createWriteStream(out));
  } finally {
    await orm.close(true);
  }
  process.stdout.write(JSON.stringify({ peakRssKb: process.resourceUsage().maxRSS }));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
