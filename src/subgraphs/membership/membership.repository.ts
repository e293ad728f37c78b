import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { containsPattern } from '../../db/sql';
import { Organization } from './entities/organization.entity';

/** Organizations by lower(name), id after a cursor, optionally whose name contains `search`; and how many match. */
export async function pageOrganizations(
  em: EntityManager,
  args: { search: string | null; after: (string | number)[] | null; limit: number },
): Promise<{ total: number; rows: Organization[] }> {
  const qb = em.createQueryBuilder(Organization, 'o');
  if (args.search) qb.andWhere(`lower(o.name) like ?`, [containsPattern(args.search)]);
  const page = qb.clone();
  if (args.after) page.andWhere('(lower(o.name), o.id) > (?, ?)', [args.after[0], args.after[1]]);
  const [total, rows] = await Promise.all([
    qb.clone().getCount(),
    page
      .orderBy({ [raw('lower(o.name)')]: 'asc', id: 'asc' })
      .limit(args.limit)
      .getResultList(),
  ]);
  return { total, rows };
}
