import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Figure } from './figure';

// Results as JSON (everything) and as Markdown (what the README quotes), in bench/results/. An invalid
// figure is printed as INVALID with its counts, never as a rate; the list of invalid figures decides
// the command's exit code.

export const RESULTS_DIR = path.join(__dirname, 'results');

type Result = Record<string, any>;

function machine() {
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Every figure that may not be quoted, by where it is in the results. */
export function invalidFigures(results: Result[]): string[] {
  const invalid: string[] = [];
  const figure = (where: string, f: Figure | undefined) => {
    if (f && !f.valid) invalid.push(`${where}: ${f.invalidReason ?? 'invalid'}${f.firstError ? ` (${f.firstError.slice(0, 160)})` : ''}`);
  };
  for (const r of results) {
    for (const [v, variant] of Object.entries<any>(r.variants)) {
      for (const [op, o] of Object.entries<any>(variant.operations)) {
        figure(`${r.target}/${v}/${op}/gateway`, o.gateway);
        figure(`${r.target}/${v}/${op}/direct`, o.direct);
      }
      if (variant.peer) {
        if (!variant.peer.rowCheck.match) invalid.push(`${r.target}/${v}/peer: row counts differ between ours and PostGraphile`);
        figure(`${r.target}/${v}/peer/ours`, variant.peer.ours);
        figure(`${r.target}/${v}/peer/postgraphile`, variant.peer.postgraphile);
      }
    }
    if (r.soak) r.soak.rounds.forEach((round: any, i: number) => figure(`${r.target}/soak/round${i + 1}`, round.figure));
    if (r.batches && !r.batches.valid) invalid.push(`${r.target}/batches: ${r.batches.errors} failed requests (${r.batches.firstError})`);
    if (r.load.tenThousandRowSheet.error) invalid.push(`${r.target}/load/tenThousandRowSheet: ${r.load.tenThousandRowSheet.error}`);
  }
  return invalid;
}

export function writeReport(results: Result[], settings: Record<string, unknown>, seconds: number): { file: string; invalid: string[] } {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const invalid = invalidFigures(results);
  const withRatios = results.map((r) => ({ ...r, variantRatios: variantRatios(r.variants) }));
  const json = {
    date: new Date().toISOString(),
    runSeconds: seconds,
    machine: machine(),
    settings,
    valid: invalid.length === 0,
    invalid,
    results: withRatios,
  };
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  const md = markdown(json);
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), md);
  process.stdout.write(md);
  return { file: path.join(RESULTS_DIR, 'latest.md'), invalid };
}

/** Each other variant's figures over cache-off's (one core vs two, cache on vs off, observability on vs off). */
export function variantRatios(variants: Record<string, any>) {
  const base = variants['cache-off'];
  if (!base) return [];
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? Math.round((a / b) * 100) / 100 : null);
  return Object.entries<any>(variants)
    .filter(([name]) => name !== 'cache-off')
    .flatMap(([name, v]) =>
      Object.entries<any>(v.operations)
        .filter(([op]) => base.operations[op])
        .map(([op, o]) => {
          const b: Figure = base.operations[op].gateway;
          const f: Figure = o.gateway;
          const valid = f.valid && b.valid;
          return {
            operation: op,
            variant: name,
            throughput: valid ? ratio(f.throughput, b.throughput) : null,
            cpu: valid ? ratio(f.cpuMsPerRequest, b.cpuMsPerRequest) : null,
          };
        }),
    );
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));

/** One table row's cells for a figure: req/s, p50, p95, p99, CPU ms/request, requests, errors. */
function cells(f: Figure | undefined): string {
  if (!f) return '– | – | – | – | – | – | –';
  if (!f.valid) return `**INVALID** | – | – | – | – | ${n(f.requests)} | ${n(f.errors)}`;
  return `${n(f.throughput)} | ${n(f.p50)} | ${n(f.p95)} | ${n(f.p99)} | ${n(f.cpuMsPerRequest)} | ${n(f.requests)} | 0`;
}

function markdown(json: {
  date: string;
  runSeconds: number;
  machine: ReturnType<typeof machine>;
  settings: Record<string, any>;
  valid: boolean;
  invalid: string[];
  results: Result[];
}): string {
  const m = json.machine;
  const s = json.settings;
  const lines: string[] = [
    `# Benchmark results`,
    '',
    `${json.date} · ${m.cpus} · ${m.memoryGb} GB · Node ${m.node} · ${m.platform} · run ${Math.round(json.runSeconds / 60)} min`,
    `${s.connections} concurrent clients; per figure ${s.warmupMs / 1000} s warm-up (not counted) then ${s.durationMs / 1000} s measured; request timeout ${s.timeoutMs / 1000} s.`,
    `Load generator: a child process of its own. Server: its own process tree (npm start's command, NODE_ENV=production); CPU is user+system of that whole tree over the measured window, per successful request.`,
    '',
    json.valid ? '**Every figure is valid (0 errors).**' : `**${json.invalid.length} figure(s) INVALID** (they are shown as INVALID, not as rates):`,
    ...json.invalid.map((i) => `- ${i}`),
    '',
  ];
  const header = '| req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | requests | errors |';
  for (const r of json.results) {
    const z = r.sizes;
    lines.push(
      `## ${r.target === 'postgres' ? 'PostgreSQL server' : 'Embedded PostgreSQL (PGlite, hosted by the bench process)'}`,
      '',
      `Sizes: ${z.organizations} organizations, ${z.products} products, ${z.features} features (target), ${r.mappingsGenerated} mappings, ${z.people} people. Server command: \`${r.server.command}\`.`,
      '',
      `| load | rows | seconds | rows/s |`,
      `|---|---:|---:|---:|`,
      `| ImportMappingSheets through the gateway (${r.load.import.sheets} sheets in ${r.load.import.requests ?? r.load.import.sheets} requests, one per organization) | ${r.load.import.rows} | ${r.load.import.seconds.toFixed(1)} | ${r.load.import.rowsPerSecond} |`,
      `| plain multi-row INSERT, same rows | ${r.load.plainInsert.rows} | ${r.load.plainInsert.seconds.toFixed(1)} | ${r.load.plainInsert.rowsPerSecond} |`,
      `| one 10,000-row sheet | ${r.load.tenThousandRowSheet.rows} | ${r.load.tenThousandRowSheet.seconds} | ${r.load.tenThousandRowSheet.error ? 'FAILED' : Math.round(r.load.tenThousandRowSheet.rows / r.load.tenThousandRowSheet.seconds)} |`,
      '',
      `Import over plain INSERT: **${r.load.ratio}×**.`,
      '',
    );
    for (const [name, v] of Object.entries<any>(r.variants)) {
      lines.push(
        `### Variant \`${name}\`: ${v.description} (cores: ${v.cpus})`,
        '',
        `| operation | answer rows | ${header.slice(2)} SQL at 10% | SQL at 100% |`,
        `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
      );
      for (const [op, o] of Object.entries<any>(v.operations)) {
        lines.push(
          `| ${op} | ${o.check.ok ? o.check.rows : 'FAILED'} | ${cells(o.gateway)} | ${r.statements.at10Percent[op] ?? '–'} | ${r.statements.at100Percent[op] ?? '–'} |`,
        );
      }
      lines.push('');
      const direct = Object.entries<any>(v.operations).filter(([, o]) => o.direct);
      if (direct.length) {
        lines.push(
          'The same requests straight at the subgraph: the exact fetch(es) the gateway sent for each request body, recorded once and replayed.',
          '',
          `| operation | subgraph fetches | ${header.slice(2)} gateway/subgraph p50 |`,
          `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
        );
        for (const [op, o] of direct) lines.push(`| ${op} | ${o.direct.subgraphFetches} | ${cells(o.direct)} | ${o.overheadP50 ?? '–'} |`);
        lines.push('');
      }
      if (v.peer) {
        const p = v.peer;
        lines.push(
          `Nested read (product → features → mappings → capability → domains), ${p.filter}. Row counts on ${p.rowCheck.products} products: ${p.rowCheck.match ? 'identical' : '**DIFFERENT (comparison invalid)**'}.`,
          '',
          `| server | ${header.slice(2)}`,
          `|---|---:|---:|---:|---:|---:|---:|---:|`,
          `| ours, through the gateway | ${cells(p.ours)} |`,
          `| PostGraphile 5 | ${cells(p.postgraphile)} |`,
          '',
          `Ours / PostGraphile: req/s **${p.throughputRatio ?? 'INVALID'}×**, CPU per request ${p.cpuRatio ?? '–'}×.`,
          '',
        );
      }
    }
    const compared: ReturnType<typeof variantRatios> = r.variantRatios;
    if (compared.length) {
      lines.push(
        '### Variants against `cache-off` (req/s ratio; CPU ms/req ratio), where both figures are valid',
        '',
        '| operation | variant | req/s ratio | CPU ratio |',
        '|---|---|---:|---:|',
        ...compared.map((c) => `| ${c.operation} | ${c.variant} | ${c.throughput ?? 'INVALID'} | ${c.cpu ?? '–'} |`),
        '',
      );
    }
    if (r.soak) {
      const k = r.soak;
      const row = (label: string, m: any) =>
        `| ${label} | ${m.rssMb} | ${m.heapUsedMb} / ${m.heapTotalMb} (${m.newSpaceMb}) | ${m.externalMb} | ${m.arrayBuffersMb} | ${m.wasmMb} |`;
      lines.push(
        `### Soak`,
        '',
        `${k.requests} requests in ${k.rounds.length} rounds, ${k.writes} of them writes (${k.mix}).`,
        '',
        ...k.rounds.map((round: any, i: number) => {
          const f = round.figure;
          return `- round ${i + 1}: ${f.valid ? `${n(f.throughput)} req/s, p99 ${n(f.p99)} ms, ${n(f.cpuMsPerRequest)} CPU ms/req, 0 errors` : `**INVALID**: ${f.errors} errors (${f.firstError ?? ''})`}`;
        }),
        '',
        'Server memory after a full GC (RSS of the process tree; the rest summed over its node processes):',
        '',
        '| point | RSS MB | V8 heap used / total (young generation) MB | external MB | ArrayBuffers MB | WebAssembly MB |',
        '|---|---:|---:|---:|---:|---:|',
        row('before', k.memory.before),
        ...k.rounds.map((round: any, i: number) => row(`after round ${i + 1}`, round.memory)),
        row(`after ${k.idleMs / 1000} s idle`, k.memory.afterIdle),
        '',
        `Verdict: **${k.verdict}** (from round 1 to the last, V8 heap used + external ${k.liveGrowthMb >= 0 ? '+' : ''}${k.liveGrowthMb} MB; RSS after the idle ${k.idleGrowthMb >= 0 ? '+' : ''}${k.idleGrowthMb} MB against round 1; tolerance ${k.toleranceMb} MB each).`,
        '',
      );
    }
    const b = r.batches;
    if (b) {
      lines.push(
        `### Batch jobs${b.valid ? '' : ` (**${b.errors} failed requests**)`}`,
        '',
        `Carry-forward 2025 → 2026 of ${b.carryForward.products} products in ${b.carryForward.seconds} s; ${b.evaluations.count} evaluations in ${b.evaluations.seconds} s; ` +
          Object.entries<any>(b.exports)
            .map(([f, e]) => `coverage-matrix ${f.toUpperCase()} export ${e.seconds} s, peak RSS ${e.peakRssMb} MB, ${Math.round(e.bytes / 1024)} KB`)
            .join('; ') +
          '.',
        '',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
