import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Results as JSON (everything) and as a Markdown table (what the README quotes), in bench/results/.

export const RESULTS_DIR = path.join(__dirname, 'results');

interface Settings {
  scale: number;
  embeddedScale: number;
  durationMs: number;
  connections: number;
}

function machine() {
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

type Result = Record<string, any>;

export function writeReport(results: Result[], settings: Settings): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const when = new Date().toISOString();
  const json = { date: when, machine: machine(), settings, results };
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  const md = markdown(json);
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), md);
  process.stdout.write(md);
  return path.join(RESULTS_DIR, 'latest.md');
}

function markdown(json: { date: string; machine: ReturnType<typeof machine>; settings: Settings; results: Result[] }): string {
  const m = json.machine;
  const lines: string[] = [
    `# Benchmark results`,
    '',
    `${json.date} · ${m.cpus} · ${m.memoryGb} GB · Node ${m.node} · ${m.platform}`,
    `${json.settings.connections} concurrent clients, ${json.settings.durationMs / 1000} s per operation.`,
    '',
  ];
  for (const r of json.results) {
    const s = r.sizes;
    lines.push(
      `## ${r.target === 'postgres' ? 'PostgreSQL server' : 'Embedded PostgreSQL (PGlite)'}`,
      '',
      `Sizes: ${s.organizations} organizations, ${s.products} products, ${s.features} features (target), ${r.mappingsGenerated} mappings, ${s.people} people.`,
      '',
      `| load | rows | seconds | rows/s |`,
      `|---|---:|---:|---:|`,
      `| ImportMappings through the gateway (${r.load.import.sheets} sheets) | ${r.load.import.rows} | ${r.load.import.seconds.toFixed(1)} | ${r.load.import.rowsPerSecond} |`,
      `| plain multi-row INSERT, same rows | ${r.load.plainInsert.rows} | ${r.load.plainInsert.seconds.toFixed(1)} | ${r.load.plainInsert.rowsPerSecond} |`,
      `| one 10,000-row sheet | ${r.load.tenThousandRowSheet.rows} | ${r.load.tenThousandRowSheet.seconds} | ${Math.round(r.load.tenThousandRowSheet.rows / r.load.tenThousandRowSheet.seconds)} |`,
      '',
      `Import over plain INSERT: **${r.load.ratio}×**.`,
      '',
      `| operation | gateway req/s | p50 ms | p95 ms | p99 ms | errors | subgraph req/s | subgraph p50 ms | gateway/subgraph p50 | SQL at 10% | SQL at 100% |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    );
    for (const [name, o] of Object.entries<any>(r.operations)) {
      lines.push(
        `| ${name} | ${o.gateway.throughput} | ${o.gateway.p50} | ${o.gateway.p95} | ${o.gateway.p99} | ${o.gateway.errors} | ${o.direct?.throughput ?? '–'} | ${o.direct?.p50 ?? '–'} | ${o.overheadP50 ?? '–'} | ${r.statements.at10Percent[name] ?? '–'} | ${r.statements.at100Percent[name] ?? '–'} |`,
      );
    }
    lines.push('');
    if (r.peer) {
      lines.push(
        `Nested read (product → features → mappings → capability → domains): gateway ${r.peer.gateway.throughput} req/s (p50 ${r.peer.gateway.p50} ms), PostGraphile 5 ${r.peer.postgraphile.throughput} req/s (p50 ${r.peer.postgraphile.p50} ms): **ratio ${r.peer.throughputRatio}**.`,
        '',
      );
    }
    const b = r.batches;
    lines.push(
      `Batch jobs: carry-forward 2025 → 2026 of ${b.carryForward.products} products in ${b.carryForward.seconds} s; ${b.evaluations.count} evaluations in ${b.evaluations.seconds} s; ` +
        Object.entries<any>(b.exports)
          .map(([f, e]) => `coverage-matrix ${f.toUpperCase()} export ${e.seconds} s, peak RSS ${e.peakRssMb} MB, ${Math.round(e.bytes / 1024)} KB`)
          .join('; ') +
        '.',
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
