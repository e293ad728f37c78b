import { DomainError } from '../errors';

/**
 * The capability slugs a caller named (target or covered capabilities), trimmed, lower-cased and
 * de-duplicated in the order given. Slugs that are not capabilities of `edition` are BAD_USER_INPUT
 * on `field`, all named at once.
 */
export function checkCapabilitySlugs(slugs: readonly string[], edition: string, isCapability: (slug: string) => boolean, field: string): string[] {
  const wanted = [...new Set(slugs.map((s) => s.trim().toLowerCase()))];
  const unknown = wanted.filter((slug) => !isCapability(slug));
  if (unknown.length) throw new DomainError('BAD_USER_INPUT', `Not capabilities of edition ${edition}: ${unknown.join(', ')}`, field);
  return wanted;
}
