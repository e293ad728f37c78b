import { createHash } from 'node:crypto';

// Helpers for the export tests: a strict RFC 4180 reader (independent of the code under test) and
// the content hash as the exports define it.

/** Records of an RFC 4180 text; lines starting with '#' outside quotes are comments and skipped. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '#') {
      const end = text.indexOf('\r\n', i);
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) throw new Error('unterminated quote');
          value += text.slice(i, q);
          if (text[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') value += text[i++];
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text.startsWith('\r\n', i)) i += 2;
      else if (i < text.length) throw new Error(`expected CRLF at ${i}, got ${JSON.stringify(text.slice(i, i + 10))}`);
      break;
    }
    records.push(fields);
  }
  return records;
}

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** The text of a CSV export without its comment lines: what the content hash covers. */
export function withoutComments(text: string): string {
  return text
    .split(/(?<=\r\n)/)
    .filter((line) => !line.startsWith('#'))
    .join('');
}
