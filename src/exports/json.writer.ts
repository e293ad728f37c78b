import type { Writable } from 'node:stream';
import { ContentHasher } from './csv.writer';
import { flatHeader, type Report, type WriteResult } from './report';
import { BufferedWriter } from './stream-output';

/**
 * One JSON document, streamed:
 *   { "report", "title", "edition", "program", "asOf", "generatedAt",
 *     "parts": [ { "name", "title", "columns": [{ key, header, label, group }], "rows": [ {key: value…}, … ] } ],
 *     "meta": { …the stamp, "rows", "sha256", "hash" } }
 * `meta` comes last because the content hash is known only when the last row is out; readers that
 * parse the whole document see no difference.
 */
export async function writeJson(report: Report, out: Writable): Promise<WriteResult> {
  const writer = new BufferedWriter(out);
  const hasher = new ContentHasher(report);
  hasher.header();
  const { parts, ...stamp } = report;
  await writer.write(`${JSON.stringify(stamp).slice(0, -1)},"parts":[`);
  for (const [i, part] of parts.entries()) {
    const columns = part.columns.map((c) => ({ key: c.key, header: flatHeader(c), label: c.label, group: c.group ?? null }));
    await writer.write(
      `${i ? ',' : ''}\n{"name":${JSON.stringify(part.name)},"title":${JSON.stringify(part.title)},"columns":${JSON.stringify(columns)},"rows":[`,
    );
    let first = true;
    for await (const cells of part.rows()) {
      hasher.row(part, cells);
      const row: Record<string, unknown> = {};
      part.columns.forEach((c, k) => (row[c.key] = cells[k] ?? null));
      await writer.write(`${first ? '' : ','}\n${JSON.stringify(row)}`);
      first = false;
    }
    await writer.write(']}');
  }
  const sha256 = hasher.digest();
  const meta = {
    ...stamp,
    rows: hasher.rows,
    sha256,
    hash: 'SHA-256 of the rows in their CSV form (header row and data rows, RFC 4180, CRLF), as the CSV export writes them',
  };
  await writer.write(`\n],"meta":${JSON.stringify(meta)}}\n`);
  await writer.flush();
  return { rows: hasher.rows, sha256 };
}
