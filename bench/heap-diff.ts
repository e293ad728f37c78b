import fs from 'node:fs';

// Compares two V8 heap snapshots: self size and count per constructor (or node type for strings,
// arrays, code), sorted by growth. Enough to see which kind of object a process accumulates.

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function summarize(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const totals = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]];
    const key = type === 'object' || type === 'closure' ? `${type}:${snap.strings[snap.nodes[i + nameAt]]}` : type;
    const entry = totals.get(key) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += snap.nodes[i + sizeAt];
    totals.set(key, entry);
  }
  return totals;
}

export function compareSnapshots(before: string, after: string, top = 25): string {
  const a = summarize(before);
  const b = summarize(after);
  const rows = [...b.entries()]
    .map(([key, v]) => ({ key, count: v.count - (a.get(key)?.count ?? 0), size: v.size - (a.get(key)?.size ?? 0) }))
    .sort((x, y) => y.size - x.size)
    .slice(0, top);
  const lines = ['| constructor | count growth | self size growth KB |', '|---|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.key.slice(0, 80)} | ${r.count} | ${Math.round(r.size / 1024)} |`);
  return lines.join('\n');
}

if (require.main === module) {
  const [before, after] = process.argv.slice(2);
  console.log(compareSnapshots(before, after));
}
