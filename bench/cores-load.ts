import fs from 'node:fs';
import http from 'node:http';

// A small load of one operation through the gateway, in its own process, for the run-mode and runtime
// measurements in the README ("Use every core", "Runtime settings"). Exact percentiles; every answer
// that is not a 200 without "errors" counts as an error and makes the figure invalid (exit 1). CPU per
// request is the server's: user+system time of --pid and every descendant, from /proc, over the run.
//
//   node --import tsx bench/cores-load.ts --url http://127.0.0.1:4000/graphql --pid <server pid> \
//     [--seconds 15] [--connections 16] [--warmup 3] [--product <id>] [--get]
//
// Without --product it asks the gateway for up to 200 products and spreads requests over them.

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (!a.startsWith('--')) continue;
  const next = process.argv[i + 1];
  if (next && !next.startsWith('--')) args.set(a.slice(2), (i++, next));
  else args.set(a.slice(2), 'true');
}
const url = new URL(args.get('url') ?? 'http://127.0.0.1:4000/graphql');
const seconds = Number(args.get('seconds') ?? 15);
const warmup = Number(args.get('warmup') ?? 3);
const connections = Number(args.get('connections') ?? 16);
const pid = args.get('pid') ? Number(args.get('pid')) : null;

const QUERY = `query ProductCoverage($id: ID!, $edition: String) {
  product(id: $id) {
    id name organization { id name }
    features { id name mappings { id status capability { slug } } }
    coverage(edition: $edition) {
      edition { slug } domains { covered total } capabilities { covered total } meetsMost
      uncoveredCapabilities { slug } byDomain { domain { slug } covered total }
    }
  }
}`;

const TICKS = 100; // USER_HZ on Linux

/** utime+stime (ms) of a process and all its descendants. */
function cpuMs(root: number): number {
  const parents = new Map<number, number>();
  const times = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      times.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    total += times.get(p) ?? 0;
    for (const [child, parent] of parents) if (parent === p) stack.push(child);
  }
  return total;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

function post(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function productIds(): Promise<string[]> {
  if (args.get('product')) return [args.get('product')!];
  const res = await post(JSON.stringify({ query: '{ products(first: 100) { edges { node { id } } } }' }));
  const ids = (JSON.parse(res.text).data?.products?.edges ?? []).map((e: { node: { id: string } }) => e.node.id);
  if (!ids.length) throw new Error(`no products to read: ${res.text.slice(0, 300)}`);
  return ids;
}

async function run(ids: string[], ms: number) {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let n = 0;
  const end = Date.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const body = JSON.stringify({ query: QUERY, variables: { id: ids[n++ % ids.length], edition: '2025' } });
        const start = performance.now();
        try {
          const res = await post(body);
          if (res.status !== 200 || res.text.includes('"errors"')) {
            errors += 1;
            firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
          }
        } catch (err) {
          errors += 1;
          firstError ??= String(err);
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0;
  return { requests: latencies.length, errors, firstError, p50: pct(50), p99: pct(99) };
}

async function main() {
  const ids = await productIds();
  if (warmup > 0) await run(ids, warmup * 1000);
  const cpuBefore = pid ? cpuMs(pid) : 0;
  const started = Date.now();
  const r = await run(ids, seconds * 1000);
  const elapsed = (Date.now() - started) / 1000;
  const cpu = pid ? cpuMs(pid) - cpuBefore : null;
  const result = {
    products: ids.length,
    connections,
    seconds: Math.round(elapsed * 10) / 10,
    requests: r.requests,
    errors: r.errors,
    reqPerSec: r.errors ? 'invalid' : Math.round(r.requests / elapsed),
    p50ms: Math.round(r.p50 * 10) / 10,
    p99ms: Math.round(r.p99 * 10) / 10,
    serverCpuMsPerRequest: cpu === null ? null : Math.round((cpu / r.requests) * 100) / 100,
    firstError: r.firstError,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  agent.destroy();
  process.exit(r.errors ? 1 : 0);
}

void main();
