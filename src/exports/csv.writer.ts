import type { Writable } from 'node:stream';
import { ContentHasher, type Report, type WriteResult } from './report';
import { BufferedWriter } from './stream-output';

/**
 * RFC 4180: UTF-8, CRLF, a header row, fields quoted only when they must be. With `metaComment` the
 * file starts with `# report=… edition=… program=… generated=…` and ends with `# sha256=… rows=…`:
 * handy for people, but not RFC 4180, so only on request (?meta=comment, --meta comment). Without
 * it the stamp travels in the HTTP response headers (and a trailer for the hash).
 */
export async function writeCsv(report: Report, out: Writable, options: { metaComment?: boolean } = {}): Promise<WriteResult> {
  const writer = new BufferedWriter(out);
  const hasher = new ContentHasher(report);
  if (options.metaComment) await writer.write(`${stampComment(report)}\r\n`);
  await writer.write(hasher.header());
  for (const part of report.parts) {
    for await (const cells of part.rows()) await writer.write(hasher.row(part, cells));
  }
  const sha256 = hasher.digest();
  if (options.metaComment) await writer.write(`# sha256=${sha256} rows=${hasher.rows}\r\n`);
  await writer.flush();
  return { rows: hasher.rows, sha256 };
}

export function stampComment(report: Report): string {
  const fields: [string, string | null][] = [
    ['report', report.report],
    ['edition', report.edition],
    ['program', report.program],
    ['asOf', report.asOf],
    ['generated', report.generatedAt],
  ];
  return `# ${fields
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
}
