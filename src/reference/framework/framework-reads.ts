import { DomainError } from '../../domain/errors';
import { type LineageResult, type LineageTransition, traceLineage } from '../../domain/framework/lineage';
import { lineageTransitionsOf } from './lineage-transitions';
import type { CapabilityRow, EditionRow, FrameworkSnapshot } from './snapshot';

/** Reads of the framework: editions by slug, lineage between editions. Rules live in src/domain. */
export class FrameworkService {
  constructor(private readonly framework: FrameworkSnapshot) {}

  edition(slug: string): EditionRow {
    const edition = this.framework.editionBySlug.get(slug);
    if (!edition) {
      const known = this.framework.editions.map((e) => e.slug).join(', ');
      throw new DomainError('NOT_FOUND', `Unknown framework edition "${slug}" (known: ${known})`, 'edition');
    }
    return edition;
  }

  /** The edition named, or the current one when none is named. */
  editionOrCurrent(slug: string | null | undefined): EditionRow {
    if (slug) return this.edition(slug);
    const current = this.framework.current;
    if (!current) throw new DomainError('NOT_FOUND', 'No framework edition has been loaded');
    return current;
  }

  capability(edition: EditionRow, slug: string): CapabilityRow {
    const capability = this.framework.capability(edition.id, slug);
    if (!capability) {
      throw new DomainError('NOT_FOUND', `Unknown capability "${slug}" in edition ${edition.slug}`, 'capability');
    }
    return capability;
  }

  lineageTransitions(): LineageTransition[] {
    return lineageTransitionsOf(this.framework);
  }

  lineage(editionSlug: string, capabilitySlug: string, toEditionSlug: string): { relation: string; capability: CapabilityRow | null }[] {
    const from = this.edition(editionSlug);
    const to = this.edition(toEditionSlug);
    this.capability(from, capabilitySlug);
    const results = traceLineage({
      editions: this.framework.editions.map((e) => ({
        edition: e.slug,
        capabilities: this.framework.capabilities(e.id).map((c) => c.slug),
      })),
      transitions: this.lineageTransitions(),
      fromEdition: from.slug,
      capability: capabilitySlug,
      toEdition: to.slug,
    });
    return results.map((r: LineageResult) => ({
      relation: r.relation,
      capability: r.capability ? this.capability(to, r.capability) : null,
    }));
  }
}
