import type { z } from 'zod';

// zod skips an object's refinements after any shape problem inside it, which would hide e.g. an
// unresolved reference behind a misspelt slug. The seed parsers instead run each refinement when
// the fields it reads parsed, so one pass reports every problem that can be known.

/**
 * Refinement params: run when the fields in `keys` parsed, whatever else failed. Problems that
 * refinements report themselves (continuable issues) do not count. A field written "links[]" is read
 * entry by entry: the list itself must parse, entries with problems are allowed and the refinement
 * skips them with soundEntries().
 */
export function reads(...keys: string[]): z.core.$ZodSuperRefineParams {
  return {
    when: (payload) =>
      payload.issues.every((issue) => {
        const [first, index] = issue.path ?? [];
        if (issue.continue === true) return true;
        if (first === undefined) return false;
        if (keys.includes(String(first))) return false;
        return !keys.includes(`${String(first)}[]`) || index !== undefined;
      }),
  };
}

/** The entries of list `key` without a shape problem, with their index. */
export function soundEntries<T>(ctx: z.RefinementCtx, key: string, entries: readonly T[]): [T, number][] {
  const broken = new Set(ctx.issues.filter((i) => i.continue !== true && i.path?.[0] === key).map((i) => i.path?.[1]));
  return entries.flatMap((e, i): [T, number][] => (broken.has(i) ? [] : [[e, i]]));
}
