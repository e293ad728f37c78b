import type { EntityManager } from '@mikro-orm/postgresql';
import { compareEditionSlugs, parseFrameworkSeeds } from '../../domain/framework/validate-framework-seeds';
import { frameworkIds, stableId } from '../ids';
import { sqlRows } from '../sql';
import { upsertRows } from '../upsert';
import { readSeedFolder } from './seed-files';

/**
 * Loads seeds/framework (editions, domains, capabilities, lineage) after validating all of it.
 * Rows get name-based ids, so reseeding updates in place and never changes an id.
 */
export async function seedFramework(em: EntityManager): Promise<{ editions: number; capabilities: number; links: number }> {
  const seeds = parseFrameworkSeeds(readSeedFolder('framework/editions'), readSeedFolder('framework/lineage'));
  const editions = [...seeds.editions].sort((a, b) => compareEditionSlugs(a.slug, b.slug));

  const editionRows = editions.map((e, i) => ({
    id: frameworkIds.edition(e.slug),
    slug: e.slug,
    name: e.name,
    position: i + 1,
    announced_on: e.announcedOn,
    note: e.note,
  }));
  const domainRows = editions.flatMap((e) =>
    e.domains.map((d, i) => ({
      id: frameworkIds.domain(e.slug, d.slug),
      edition_id: frameworkIds.edition(e.slug),
      slug: d.slug,
      name: d.name,
      position: i + 1,
    })),
  );
  const capabilityRows = editions.flatMap((e) =>
    e.capabilities.map((c, i) => ({
      id: frameworkIds.capability(e.slug, c.slug),
      edition_id: frameworkIds.edition(e.slug),
      slug: c.slug,
      name: c.name,
      summary: c.summary ?? null,
      position: i + 1,
    })),
  );
  const membershipRows = editions.flatMap((e) =>
    e.capabilities.flatMap((c, i) =>
      c.domains.map((d) => ({
        capability_id: frameworkIds.capability(e.slug, c.slug),
        domain_id: frameworkIds.domain(e.slug, d),
        position: i + 1,
      })),
    ),
  );
  const linkRows = seeds.lineages.flatMap((l) =>
    l.links.flatMap((link) => {
      const from = frameworkIds.capability(l.from, link.from);
      const targets = link.to.length ? link.to : [null];
      return targets.map((to) => {
        const toId = to === null ? null : frameworkIds.capability(l.to, to);
        return {
          id: stableId('link', from, toId ?? 'removed'),
          from_id: from,
          to_id: toId,
          relation: link.relation,
          confidence: link.confidence,
          note: link.note ?? null,
        };
      });
    }),
  );

  await upsertRows(em, 'framework_edition', editionRows, { conflict: ['id'] });
  await upsertRows(em, 'framework_domain', domainRows, { conflict: ['id'] });
  await upsertRows(em, 'capability', capabilityRows, { conflict: ['id'] });
  // Domain membership and lineage are replaced wholesale for the seeded editions: they have no
  // identity of their own that anything else points at.
  const editionIds = editionRows.map((e) => e.id);
  await sqlRows(em, `delete from capability_domain where capability_id in (select id from capability where edition_id = any(?))`, [editionIds]);
  await upsertRows(em, 'capability_domain', membershipRows, { conflict: ['capability_id', 'domain_id'] });
  await sqlRows(em, `delete from capability_link where from_id in (select id from capability where edition_id = any(?))`, [editionIds]);
  await upsertRows(em, 'capability_link', linkRows, { conflict: ['id'] });
  // Tells every process's cached snapshot that the framework changed.
  await sqlRows(em, `update framework_revision set revision = revision + 1, changed_at = now() where id = 1`);
  return { editions: editionRows.length, capabilities: capabilityRows.length, links: linkRows.length };
}
