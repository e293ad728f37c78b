import type { EditionStructure } from '../../domain/coverage/compute-coverage';
import type { LineageRelation } from '../../domain/framework/lineage';

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
