import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../../db/sql';
import type { EditionStructure } from '../../domain/coverage/compute-coverage';
import type { LineageRelation } from '../../domain/framework/lineage';
import { recordCacheLookup } from '../../observability';

export interface EditionRow {
  id: string;
  slug: string;
  name: string;
  position: number;
  announcedOn: string | null;
  note: string | null;
}
export interface DomainRow {
  id: string;
  editionId: string;
  slug: string;
  name: string;
  position: number;
  /** In the edition's order within the domain. */
  capabilityIds: string[];
}
export interface CapabilityRow {
  id: string;
  editionId: string;
  slug: string;
  name: string;
  summary: string | null;
  position: number;
  domainIds: string[];
}
export interface LinkRow {
  fromId: string;
  toId: string | null;
  relation: LineageRelation;
}

/**
 * The whole framework (every edition, domain, capability and lineage link) as plain rows, indexed.
 * It is small (a few hundred rows) and read by almost every operation, so it is loaded whole, in a
 * fixed four statements, once per request; whatever the request asks, framework reads cost the same.
 * Other subgraphs read it too (read-only; only the framework seeder writes these tables).
 */
export class FrameworkSnapshot {
  readonly editionBySlug = new Map<string, EditionRow>();
  readonly editionById = new Map<string, EditionRow>();
  readonly domainById = new Map<string, DomainRow>();
  readonly capabilityById = new Map<string, CapabilityRow>();
  readonly domainsByEdition = new Map<string, DomainRow[]>();
  readonly capabilitiesByEdition = new Map<string, CapabilityRow[]>();
  readonly linksFrom = new Map<string, LinkRow[]>();
  private readonly capabilityBySlug = new Map<string, CapabilityRow>();

  constructor(
    /** Oldest first. */
    readonly editions: EditionRow[],
    domains: DomainRow[],
    capabilities: CapabilityRow[],
    readonly links: LinkRow[],
  ) {
    for (const e of editions) {
      this.editionBySlug.set(e.slug, e);
      this.editionById.set(e.id, e);
      this.domainsByEdition.set(e.id, []);
      this.capabilitiesByEdition.set(e.id, []);
    }
    for (const d of domains) {
      this.domainById.set(d.id, d);
      this.domainsByEdition.get(d.editionId)?.push(d);
    }
    for (const c of capabilities) {
      this.capabilityById.set(c.id, c);
      this.capabilitiesByEdition.get(c.editionId)?.push(c);
      this.capabilityBySlug.set(`${c.editionId}/${c.slug}`, c);
    }
    for (const l of links) {
      const list = this.linksFrom.get(l.fromId) ?? [];
      list.push(l);
      this.linksFrom.set(l.fromId, list);
    }
  }

  /** The newest edition; null only before the framework is seeded. */
  get current(): EditionRow | null {
    return this.editions[this.editions.length - 1] ?? null;
  }

  capability(editionId: string, slug: string): CapabilityRow | undefined {
    return this.capabilityBySlug.get(`${editionId}/${slug}`);
  }

  domains(editionId: string): DomainRow[] {
    return this.domainsByEdition.get(editionId) ?? [];
  }

  capabilities(editionId: string): CapabilityRow[] {
    return this.capabilitiesByEdition.get(editionId) ?? [];
  }

  private readonly structures = new Map<string, EditionStructure>();

  /** What coverage is computed over: the edition's domains and capabilities (built once per snapshot). */
  coverageStructure(editionId: string): EditionStructure {
    let structure = this.structures.get(editionId);
    if (!structure) {
      structure = {
        domains: this.domains(editionId).map((d) => ({ id: d.id, slug: d.slug })),
        capabilities: this.capabilities(editionId).map((c) => ({ id: c.id, slug: c.slug, domainIds: c.domainIds })),
      };
      this.structures.set(editionId, structure);
    }
    return structure;
  }
}

export async function loadFrameworkSnapshot(em: EntityManager): Promise<FrameworkSnapshot> {
  const queries = [
    () => sqlRows<EditionRow>(em, 
      `select id, slug, name, position, announced_on::text as "announcedOn", note
         from framework_edition order by position, slug`,
    ),
    () => sqlRows<DomainRow>(em, 
      `select d.id, d.edition_id as "editionId", d.slug, d.name, d.position,
              coalesce(array_agg(cd.capability_id order by cd.position, c.position)
                       filter (where cd.capability_id is not null), '{}') as "capabilityIds"
         from framework_domain d
         left join capability_domain cd on cd.domain_id = d.id
         left join capability c on c.id = cd.capability_id
        group by d.id order by d.position`,
    ),
    () => sqlRows<CapabilityRow>(em, 
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

// Keyed by database and revision: one process may talk to several databases (tests, the benchmark).
let cached: { key: string; snapshot: Promise<FrameworkSnapshot> } | null = null;

/**
 * The snapshot, shared by every request of this process while the framework's revision stays the
 * same. Editions are reference data that change only when the seeder runs.
 */
export async function cachedFrameworkSnapshot(em: EntityManager): Promise<FrameworkSnapshot> {
  const key = `${em.config.get('clientUrl')}#${await frameworkRevision(em)}`;
  recordCacheLookup('framework_snapshot', cached?.key === key);
  if (cached?.key !== key) {
    const snapshot = loadFrameworkSnapshot(em);
    cached = { key, snapshot };
    snapshot.catch(() => {
      if (cached?.snapshot === snapshot) cached = null;
    });
  }
  return cached.snapshot;
}
