/**
 * UTF-8 size of `text` without encoding it (limits are on bytes; text arrives as a JS string).
 * Counting stops once it passes `atMost`: the result is then some number greater than `atMost`.
 */
export function utf8Bytes(text: string, atMost: number = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one 4-byte code point.
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > atMost) return bytes;
  }
  return bytes;
}
