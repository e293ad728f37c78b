import type { EntityManager } from '@mikro-orm/postgresql';
import { computeCoverage } from '../domain/coverage/compute-coverage';
import type { EditionRow, FrameworkSnapshot } from '../reference/framework';
import { coveredByProduct, coveredCapabilityRows } from '../subgraphs/catalog';
import { isIsoDate } from '../domain/calendar';
import { badRequest } from './export-errors';
import { countProducts, productPages, type ProductRow } from './exports.repository';
import type { Cell, ProgressListener, Report, ReportColumn } from './report';

/** The edition asked for, or the current one; an unknown slug is a 400 naming the editions that exist. */
export function resolveEdition(framework: FrameworkSnapshot, slug: string | null | undefined): EditionRow {
  if (slug === null || slug === undefined || slug === '') {
    const current = framework.current;
    if (!current) throw badRequest('No framework edition is loaded yet', 'edition');
    return current;
  }
  const edition = framework.editionBySlug.get(slug);
  if (!edition) {
    throw badRequest(`Unknown framework edition "${slug}"; known editions: ${framework.editions.map((e) => e.slug).join(', ')}`, 'edition');
  }
  return edition;
}

/** asOf as given (YYYY-MM-DD), or null; anything else is a 400. */
export function resolveAsOf(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!isIsoDate(value)) throw badRequest(`asOf must be a calendar date YYYY-MM-DD; got "${value}"`, 'asOf');
  return value;
}

/** One column per (domain, capability), domains in order and capabilities in order within each. */
export interface CapabilityColumn {
  domainId: string;
  domainSlug: string;
  domainName: string;
  capabilityId: string;
  capabilitySlug: string;
  capabilityName: string;
}

/** A capability of edition 2023 that sits in two domains gets a column under each: the hierarchy stays whole. */
export function capabilityColumns(framework: FrameworkSnapshot, editionId: string): CapabilityColumn[] {
  return framework.domains(editionId).flatMap((d) =>
    d.capabilityIds.map((id) => {
      const c = framework.capabilityById.get(id)!;
      return { domainId: d.id, domainSlug: d.slug, domainName: d.name, capabilityId: c.id, capabilitySlug: c.slug, capabilityName: c.name };
    }),
  );
}

export interface ProductCoverageRow {
  product: ProductRow;
  covered: Set<string>;
  capabilitiesCovered: number;
  capabilitiesTotal: number;
  domainsCovered: number;
  domainsTotal: number;
  meetsMost: boolean;
}

/**
 * Products with their coverage of one edition, now or at the end of the day asOf, a page at a time:
 * two statements per page (the products, then their rows of product_coverage or mapping_history),
 * whatever the page size. Shared by the matrix export and the HTML report.
 */
export async function* coveragePages(
  em: EntityManager,
  framework: FrameworkSnapshot,
  edition: EditionRow,
  options: { after?: readonly [string, string] | null; limit?: number; pageSize?: number; asOf?: string | null } = {},
): AsyncGenerator<ProductCoverageRow[]> {
  const structure = framework.coverageStructure(edition.id);
  for await (const products of productPages(em, options)) {
    const covered = coveredByProduct(
      await coveredCapabilityRows(
        em,
        products.map((p) => p.id),
        [edition.id],
        options.asOf ?? null,
      ),
    );
    yield products.map((product) => {
      const coverage = computeCoverage(structure, covered.get(product.id) ?? []);
      return {
        product,
        covered: new Set(coverage.coveredCapabilityIds),
        capabilitiesCovered: coverage.capabilities.covered,
        capabilitiesTotal: coverage.capabilities.total,
        domainsCovered: coverage.domains.covered,
        domainsTotal: coverage.domains.total,
        meetsMost: coverage.meetsMost,
      };
    });
  }
}

/**
 * Products × capabilities of an edition, now or at the end of the day asOf (UTC). Public data only:
 * a cell is 1 when an approved public mapping (countsForCoverage) covers the capability, blank otherwise.
 */
export function coverageMatrixReport(
  em: EntityManager,
  framework: FrameworkSnapshot,
  edition: EditionRow,
  generatedAt: string,
  onProgress?: ProgressListener,
  asOf: string | null = null,
): Report {
  const capabilities = capabilityColumns(framework, edition.id);
  const columns: ReportColumn[] = [
    { key: 'organization', label: 'Organization', width: 32 },
    { key: 'product', label: 'Product', width: 36 },
    { key: 'productId', label: 'Product ID', width: 38 },
    { key: 'capabilitiesCovered', label: 'Capabilities covered', width: 12 },
    { key: 'capabilitiesTotal', label: 'Capabilities total', width: 12 },
    { key: 'domainsCovered', label: 'Domains covered', width: 12 },
    { key: 'domainsTotal', label: 'Domains total', width: 12 },
    { key: 'meetsMost', label: 'Most', width: 8 },
    ...capabilities.map((c) => ({ key: `${c.domainSlug}/${c.capabilitySlug}`, label: c.capabilityName, group: c.domainName, width: 14 })),
  ];
  return {
    report: 'coverage-matrix',
    title: `Coverage matrix, edition ${edition.slug}${asOf ? `, as of ${asOf}` : ''}`,
    edition: edition.slug,
    program: null,
    asOf,
    generatedAt,
    parts: [
      {
        name: 'matrix',
        title: `Coverage ${edition.slug}`,
        columns,
        frozenColumns: 2,
        async *rows() {
          const total = await countProducts(em);
          let done = 0;
          onProgress?.({ part: 'matrix', done, total });
          for await (const page of coveragePages(em, framework, edition, { asOf })) {
            for (const row of page) {
              const cells: Cell[] = [
                row.product.organizationName,
                row.product.name,
                row.product.id,
                row.capabilitiesCovered,
                row.capabilitiesTotal,
                row.domainsCovered,
                row.domainsTotal,
                row.meetsMost,
              ];
              for (const c of capabilities) cells.push(row.covered.has(c.capabilityId) ? 1 : null);
              yield cells;
            }
            done += page.length;
            onProgress?.({ part: 'matrix', done: Math.min(done, Math.max(total, done)), total: Math.max(total, done) });
          }
        },
      },
    ],
  };
}
