import { type UserErrorData, userError } from './errors';

// The single checks of free-text input, each with one code, used by every subgraph's mutations (and the
// mapping sheet's rows use the same URL and length measures):
//   EMPTY_NAME  a name that is blank once trimmed
//   TOO_LONG    any text over its limit, counted in characters (code points, as PostgreSQL counts them)
//   BAD_URL     anything but an absolute http(s) URL with a host, of at most MAX_URL_LENGTH characters

export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 4000;
export const MAX_URL_LENGTH = 2048;

/** String length counts UTF-16 units; limits are in characters, so count code points when it matters. */
export function exceedsChars(value: string, limit: number): boolean {
  if (value.length <= limit) return false;
  let count = 0;
  for (const _ of value) if (++count > limit) return true;
  return false;
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
// The usual shape (plain host name, optional port, then anything without spaces) needs no full parse.
const PLAIN_HTTP_URL = /^https?:\/\/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?(?:[/?#]\S*)?$/i;

/** Why `url` is not an acceptable link (null when it is): the one URL check. */
export function urlProblem(url: string, what = 'URL'): string | null {
  if (exceedsChars(url, MAX_URL_LENGTH)) return `the ${what} is longer than ${MAX_URL_LENGTH} characters`;
  if (PLAIN_HTTP_URL.test(url)) return null;
  // The regex rejects the common mistakes cheaply (no scheme, spaces); URL does the real parsing.
  if (HTTP_URL.test(url)) {
    try {
      const parsed = new URL(url);
      if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '') return null;
    } catch {
      // fall through
    }
  }
  return `${what} "${url.length > 80 ? `${url.slice(0, 80)}…` : url}" is not an http(s) URL`;
}

/** An http(s) URL (trimmed), or null when none was given and none is required. */
export function checkUrl(
  value: string | null | undefined,
  field: string,
  errors: UserErrorData[],
  options: { required?: boolean } = {},
): string | null {
  const text = value?.trim() ?? '';
  if (text === '') {
    if (options.required) errors.push(userError('BAD_URL', 'A URL is required', field));
    return null;
  }
  const problem = urlProblem(text);
  if (problem) errors.push(userError('BAD_URL', problem.charAt(0).toUpperCase() + problem.slice(1), field));
  return text;
}

/** Optional free text (trimmed; blank means null) of at most `max` characters. */
export function checkLength(value: string | null | undefined, max: number, field: string, errors: UserErrorData[], what = 'The text'): string | null {
  const text = value?.trim() ?? '';
  if (exceedsChars(text, max)) errors.push(userError('TOO_LONG', `${what} is longer than ${max} characters`, field));
  return text === '' ? null : text;
}

/** A required name (trimmed) of at most `max` characters. */
export function checkName(
  value: string | null | undefined,
  field: string,
  errors: UserErrorData[],
  what = 'The name',
  max = MAX_NAME_LENGTH,
): string {
  const name = value?.trim() ?? '';
  if (!name) errors.push(userError('EMPTY_NAME', `${what} is empty`, field));
  else checkLength(name, max, field, errors, what);
  return name;
}
