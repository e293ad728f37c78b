import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../db/sql';

/** The current revision of each dependency a cached answer names: 'framework' and 'product:<uuid>'. */
export type RevisionReader = (keys: readonly string[]) => Promise<Map<string, string>>;

export const FRAMEWORK_KEY = 'framework';
export const productKey = (id: string): string => `product:${id}`;

/**
 * One statement for any set of keys. A product's revision is the number of its product_revision rows
 * (one per committed bumping statement; none yet: 0); a product deleted and recreated keeps counting up.
 */
export function revisionReader(em: () => EntityManager): RevisionReader {
  return async (keys) => {
    const productIds = keys.filter((k) => k.startsWith('product:')).map((k) => k.slice('product:'.length));
    const rows = await sqlRows<{ key: string; revision: string }>(
      em(),
      `select 'framework' as key, revision::text as revision from framework_revision where id = 1
       union all
       select 'product:' || product_id, count(*)::text from product_revision where product_id = any(?) group by product_id`,
      [productIds],
    );
    const found = new Map(rows.map((r) => [r.key, r.revision]));
    return new Map(keys.map((k) => [k, found.get(k) ?? '0']));
  };
}
