import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from './sql';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * INSERT … ON CONFLICT DO UPDATE for reference data, in chunks, with every value as a parameter.
 * Table and column names come from code, never from input; they are checked anyway.
 */
export async function upsertRows(
  em: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
  options: { conflict: string[]; update?: string[]; chunk?: number },
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  for (const name of [table, ...columns, ...options.conflict]) {
    if (!IDENT.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  }
  const update = options.update ?? columns.filter((c) => !options.conflict.includes(c));
  const chunk = options.chunk ?? 500;
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples = slice.map((row) => `(${columns.map((c) => (params.push(row[c]), '?')).join(', ')})`);
    const set = update.length ? `do update set ${update.map((c) => `"${c}" = excluded."${c}"`).join(', ')}` : 'do nothing';
    await sqlRows(
      em,
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}
       on conflict (${options.conflict.map((c) => `"${c}"`).join(', ')}) ${set}`,
      params,
    );
  }
}
