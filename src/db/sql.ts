import type { EntityManager } from '@mikro-orm/postgresql';

interface LoggedConnection {
  executeQuery<T>(query: string, cb: () => Promise<T>, context?: Record<string, unknown>): Promise<T>;
}

/**
 * Runs SQL with `?` placeholders as a real parameterised statement (knex sends the values separately,
 * never spliced into the text), inside the EntityManager's transaction when it has one, and through
 * MikroORM's connection so it is logged and counted like every other statement. (With the embedded
 * database's pool of one, a statement sent outside the open transaction would wait for it forever.)
 */
export async function sqlRows<T>(em: EntityManager, text: string, params: readonly unknown[] = []): Promise<T[]> {
  const query = em.getKnex().raw(text, params as never);
  const trx = em.getTransactionContext();
  if (trx) query.transacting(trx);
  // executeQuery is how MikroORM itself times and logs a statement; it is protected, so reached here.
  const connection = em.getConnection() as unknown as LoggedConnection;
  const result = await connection.executeQuery(text, () => query.then((r: { rows?: T[] }) => r.rows ?? []), { params });
  return result;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
