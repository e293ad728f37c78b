import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../../db/sql';
import { type CapabilityRow, type DomainRow, type EditionRow, FrameworkSnapshot, type LinkRow } from './snapshot';

/** Every statement that reads the framework's tables (read-only; only the framework seeder writes them). */
export async function loadFrameworkSnapshot(em: EntityManager): Promise<FrameworkSnapshot> {
  const queries = [
    () =>
      sqlRows<EditionRow>(
        em,
        `select id, slug, name, position, announced_on::text as "announcedOn", note
         from framework_edition order by position, slug`,
      ),
    () =>
      sqlRows<DomainRow>(
        em,
        `select d.id, d.edition_id as "editionId", d.slug, d.name, d.position,
              coalesce(array_agg(cd.capability_id order by cd.position, c.position)
                       filter (where cd.capability_id is not null), '{}') as "capabilityIds"
         from framework_domain d
         left join capability_domain cd on cd.domain_id = d.id
         left join capability c on c.id = cd.capability_id
        group by d.id order by d.position`,
      ),
    () =>
      sqlRows<CapabilityRow>(
        em,
        `select c.id, c.edition_id as "editionId", c.slug, c.name, c.summary, c.position,
              coalesce(array_agg(cd.domain_id order by d.position)
                       filter (where cd.domain_id is not null), '{}') as "domainIds"
         from capability c
         left join capability_domain cd on cd.capability_id = c.id
         left join framework_domain d on d.id = cd.domain_id
        group by c.id order by c.position`,
      ),
    () => sqlRows<LinkRow>(em, `select from_id as "fromId", to_id as "toId", relation from capability_link order by from_id, to_id`),
  ] as const;
  // In parallel on the pool; one after another inside a transaction (a single connection).
  const [editions, domains, capabilities, links] = em.getTransactionContext()
    ? [await queries[0](), await queries[1](), await queries[2](), await queries[3]()]
    : await Promise.all([queries[0](), queries[1](), queries[2](), queries[3]()]);
  return new FrameworkSnapshot(editions, domains, capabilities, links);
}

/** The framework's revision (bumped by the seeder): one row, one statement. */
export async function frameworkRevision(em: EntityManager): Promise<string> {
  const [row] = await sqlRows<{ revision: string }>(em, 'select revision::text as revision from framework_revision where id = 1');
  return row?.revision ?? '0';
}
