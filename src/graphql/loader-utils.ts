import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../domain/ids';

/** Groups rows by a key, keeping their order; loaders use it to answer a batch from one statement. */
export function groupBy<T>(rows: Iterable<T>, key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Answers a DataLoader batch in key order from rows that carry their key. */
export function inKeyOrder<K, T>(keys: readonly K[], rows: Iterable<T>, keyOf: (row: T) => K): (T | null)[] {
  const byKey = new Map<K, T>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((k) => byKey.get(k) ?? null);
}

/**
 * The one by-id loader: answers a batch of ids from one statement (`find` over the well-formed ids; a
 * malformed id is simply not found), in key order, null where there is no row.
 */
export function byIdLoader<T extends { id: string }>(find: (ids: string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    return inKeyOrder(ids, valid.length ? await find(valid) : [], (row) => row.id);
  });
}

/** byIdLoader over an entity's table. */
export function entityByIdLoader<T extends { id: string }>(em: EntityManager, entity: new () => T): DataLoader<string, T | null> {
  return byIdLoader((ids) => em.find(entity as never, { id: { $in: ids } } as never) as Promise<T[]>);
}
