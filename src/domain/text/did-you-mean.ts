// "Did you mean …?" for slugs typed by hand (cloud-sustainabilty). Optimal string alignment distance
// (insertions, deletions, substitutions and swaps of neighbours) over short slugs is cheap enough to
// run against every capability of an edition.

/** Edits (insert, delete, substitute, swap two neighbours) between a and b; stops early above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let twoBack: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, twoBack[j - 2] + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    twoBack = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to what was typed, when it is close enough to be a typo (at most a third of
 * the typed length in edits, and at least one), or one that contains it whole; null otherwise.
 */
export function didYouMean(typed: string, candidates: Iterable<string>): string | null {
  const text = typed.trim().toLowerCase();
  if (text === '') return null;
  const limit = Math.max(1, Math.floor(text.length / 3));
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    if (candidate === text) return null;
    const distance = editDistance(text, candidate, limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  if (best) return best.candidate;
  if (text.length >= 4) {
    for (const candidate of candidates) if (candidate.includes(text)) return candidate;
  }
  return null;
}

/** "; did you mean "x"?" or nothing, to end an error message. */
export function suggestion(typed: string, candidates: Iterable<string>): string {
  const match = didYouMean(typed, candidates);
  return match ? `; did you mean "${match}"?` : '';
}
