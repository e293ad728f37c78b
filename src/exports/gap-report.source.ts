import type { EntityManager } from '@mikro-orm/postgresql';
import { countsForCoverage } from '../domain/coverage/compute-coverage';
import type { EditionRow, FrameworkSnapshot } from '../reference/framework';
import { byProduct, countProducts, mappingsOfProducts, productPages, type ProductMappingRow, type ProductRow } from './exports.repository';
import type { Cell, ProgressListener, Report, ReportColumn, ReportPart } from './report';

// Where each product falls short in an edition, for Foundation staff (it shows unreviewed work):
//   uncovered        capabilities no approved public mapping covers;
//   weak             capabilities covered only by INTERSECTS or low-strength (< 5) mappings, one row per such mapping;
//   awaiting-review  mappings still PROPOSED or CHANGES_REQUESTED.
// Three parts with the same columns: three sheets in XLSX, one table with a `part` column in CSV.
// Each part is its own pass over the products (two statements per page of 500), so nothing but one
// page is ever held, whichever part a writer is on.

export const LOW_STRENGTH = 5;
const AWAITING_REVIEW = new Set(['PROPOSED', 'CHANGES_REQUESTED']);

export function isWeakMapping(m: { relationship: string; strength: number | null }): boolean {
  return m.relationship === 'INTERSECTS' || (m.strength !== null && m.strength < LOW_STRENGTH);
}

const COLUMNS: ReportColumn[] = [
  { key: 'organization', label: 'Organization', width: 32 },
  { key: 'product', label: 'Product', width: 36 },
  { key: 'productId', label: 'Product ID', width: 38 },
  { key: 'domain', label: 'Domain', width: 32 },
  { key: 'capability', label: 'Capability', width: 32 },
  { key: 'capabilityName', label: 'Capability name', width: 36 },
  { key: 'feature', label: 'Feature', width: 36 },
  { key: 'relationship', label: 'Relationship', width: 14 },
  { key: 'strength', label: 'Strength', width: 10 },
  { key: 'status', label: 'Status', width: 18 },
];

export function gapReport(
  em: EntityManager,
  framework: FrameworkSnapshot,
  edition: EditionRow,
  generatedAt: string,
  onProgress?: ProgressListener,
): Report {
  const capabilities = framework.capabilities(edition.id);
  const domainNames = (capabilityId: string) =>
    framework.capabilityById
      .get(capabilityId)!
      .domainIds.map((id) => framework.domainById.get(id)?.name ?? '')
      .join('; ');
  const lead = (p: ProductRow): Cell[] => [p.organizationName, p.name, p.id];
  const capabilityCells = (capabilityId: string): Cell[] => {
    const c = framework.capabilityById.get(capabilityId);
    return [domainNames(capabilityId), c?.slug ?? capabilityId, c?.name ?? null];
  };
  const mappingCells = (m: ProductMappingRow): Cell[] => [m.featureName, m.relationship, m.strength, m.status];

  const part = (
    name: string,
    title: string,
    countingOnly: boolean,
    rowsOf: (product: ProductRow, mappings: ProductMappingRow[]) => Cell[][],
  ): ReportPart => ({
    name,
    title,
    columns: COLUMNS,
    frozenColumns: 2,
    async *rows() {
      const total = await countProducts(em);
      let done = 0;
      onProgress?.({ part: name, done, total });
      for await (const products of productPages(em)) {
        const mappings = byProduct(
          await mappingsOfProducts(
            em,
            products.map((p) => p.id),
            edition.id,
            { countingOnly },
          ),
        );
        for (const product of products) yield* rowsOf(product, mappings.get(product.id) ?? []);
        done += products.length;
        onProgress?.({ part: name, done, total: Math.max(total, done) });
      }
    },
  });

  return {
    report: 'gap-report',
    title: `Gap report, edition ${edition.slug}`,
    edition: edition.slug,
    program: null,
    asOf: null,
    generatedAt,
    parts: [
      part('uncovered', 'Uncovered', true, (product, mappings) => {
        const covered = new Set(mappings.filter(countsForCoverage).map((m) => m.capabilityId));
        return capabilities.filter((c) => !covered.has(c.id)).map((c) => [...lead(product), ...capabilityCells(c.id), null, null, null, null]);
      }),
      part('weak', 'Weak coverage', true, (product, mappings) => {
        const counting = mappings.filter(countsForCoverage);
        const byCapability = new Map<string, ProductMappingRow[]>();
        for (const m of counting) byCapability.set(m.capabilityId, [...(byCapability.get(m.capabilityId) ?? []), m]);
        const rows: Cell[][] = [];
        // In the edition's capability order; a capability counts as weak only when every mapping covering it is.
        for (const c of capabilities) {
          const list = byCapability.get(c.id);
          if (!list || !list.every(isWeakMapping)) continue;
          for (const m of list) rows.push([...lead(product), ...capabilityCells(c.id), ...mappingCells(m)]);
        }
        return rows;
      }),
      part('awaiting-review', 'Awaiting review', false, (product, mappings) =>
        mappings.filter((m) => AWAITING_REVIEW.has(m.status)).map((m) => [...lead(product), ...capabilityCells(m.capabilityId), ...mappingCells(m)]),
      ),
    ],
  };
}
