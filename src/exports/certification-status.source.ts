import type { EntityManager } from '@mikro-orm/postgresql';
import { isAwardValidOn, PRODUCT_KINDS, programKinds, type CertificationKind, type Evaluation, type Rulebook } from '../domain/certification';
import { DomainError } from '../domain/errors';
import { todayIso } from '../domain/calendar';
import { createEvaluationService } from '../subgraphs/certification';
import type { FrameworkSnapshot } from '../reference/framework';
import { badRequest } from './export-errors';
import {
  type AwardRow,
  countOrganizations,
  newestAwards,
  organizationPage,
  type OrganizationRow,
  productsOfOrganizations,
} from './exports.repository';
import type { Cell, ProgressListener, Report, ReportColumn } from './report';

// Every organization × every kind of a program: the outcome of evaluating it today, the requirements
// that fail, and the award (and its expiry) if the Foundation has granted one. For Foundation staff.
// The evaluation is the certification subgraph's own (EvaluationService.evaluateOrganization), so the
// export says exactly what EvaluateCertification says. PLATFORM and SPECIALTY_SOLUTION certify one
// product: those kinds get a row per product of the organization (NO_PRODUCT when it has none).
//
// Organizations are paged like products (keyset, 200 a page; their products and awards in one
// statement each per page); the evaluations themselves cost the service's fixed handful of
// statements each, so this report costs O(organizations × kinds) statements, not O(pages).

export const ORGANIZATION_PAGE_SIZE = 200;

const COLUMNS: ReportColumn[] = [
  { key: 'organization', label: 'Organization', width: 32 },
  { key: 'organizationId', label: 'Organization ID', width: 38 },
  { key: 'kind', label: 'Kind', width: 20 },
  { key: 'product', label: 'Product', width: 32 },
  { key: 'productId', label: 'Product ID', width: 38 },
  { key: 'program', label: 'Program', width: 10 },
  { key: 'edition', label: 'Edition', width: 10 },
  { key: 'asOf', label: 'As of', width: 12 },
  { key: 'outcome', label: 'Outcome', width: 16 },
  { key: 'failing', label: 'Failing requirements', width: 48 },
  { key: 'needsReview', label: 'Requirements needing review', width: 48 },
  { key: 'awardIssuedOn', label: 'Award issued', width: 12 },
  { key: 'awardExpiresOn', label: 'Award expires', width: 12 },
  { key: 'awardValid', label: 'Award valid', width: 10 },
];

export interface ProgramChoice {
  id: string;
  rulebook: Rulebook;
}

/** The named program or the default one; unknown is a 400 listing the programs that exist. */
export async function resolveProgram(em: EntityManager, slug: string | null | undefined): Promise<ProgramChoice> {
  const service = createEvaluationService(em, () => Promise.reject(new Error('unused')));
  try {
    const row = await service.program(slug || null);
    return { id: row.id, rulebook: row.rulebook };
  } catch (err) {
    if (err instanceof DomainError) throw badRequest(err.message, 'program');
    throw err;
  }
}

export function certificationStatusReport(
  em: EntityManager,
  framework: FrameworkSnapshot,
  program: ProgramChoice,
  edition: string,
  generatedAt: string,
  onProgress?: ProgressListener,
): Report {
  const asOf = todayIso();
  const kinds = programKinds(program.rulebook);
  const rulebook = program.rulebook;
  return {
    report: 'certification-status',
    title: `Certification status, program ${rulebook.slug}`,
    edition,
    program: rulebook.slug,
    asOf,
    generatedAt,
    parts: [
      {
        name: 'status',
        title: `Program ${rulebook.slug}`,
        columns: COLUMNS,
        frozenColumns: 1,
        async *rows() {
          const service = createEvaluationService(em, () => Promise.resolve(framework));
          const total = await countOrganizations(em);
          let done = 0;
          onProgress?.({ part: 'status', done, total });
          let after: [string, string] | null = null;
          for (;;) {
            const organizations: OrganizationRow[] = await organizationPage(em, after, ORGANIZATION_PAGE_SIZE);
            if (organizations.length === 0) return;
            const ids = organizations.map((o) => o.id);
            const [products, awards] = await Promise.all([productsOfOrganizations(em, ids), newestAwards(em, ids, program.id)]);
            const awardOf = new Map(awards.map((a) => [`${a.organizationId}|${a.kind}|${a.productId ?? ''}`, a]));
            for (const org of organizations) {
              const own = products.filter((p) => p.organizationId === org.id);
              for (const kind of kinds) {
                const targets: ({ id: string; name: string } | null)[] = PRODUCT_KINDS.includes(kind) ? own : [null];
                if (targets.length === 0) {
                  yield row(org, kind, null, null, awardOf.get(`${org.id}|${kind}|`) ?? null);
                  continue;
                }
                for (const product of targets) {
                  const evaluation = await service.evaluateOrganization({
                    organizationId: org.id,
                    kind,
                    program: rulebook.slug,
                    productId: product?.id ?? null,
                    asOf,
                    edition,
                  });
                  yield row(org, kind, product, evaluation, awardOf.get(`${org.id}|${kind}|${product?.id ?? ''}`) ?? null);
                }
              }
            }
            done += organizations.length;
            onProgress?.({ part: 'status', done, total: Math.max(total, done) });
            if (organizations.length < ORGANIZATION_PAGE_SIZE) return;
            const last = organizations[organizations.length - 1];
            after = [last.sortName, last.id];
          }
        },
      },
    ],
  };

  function row(
    org: OrganizationRow,
    kind: CertificationKind,
    product: { id: string; name: string } | null,
    evaluation: Evaluation | null,
    award: AwardRow | null,
  ): Cell[] {
    const codes = (status: string) =>
      evaluation?.requirements
        .filter((r) => r.status === status)
        .map((r) => r.code)
        .join(' ') ?? null;
    return [
      org.name,
      org.id,
      kind,
      product?.name ?? null,
      product?.id ?? null,
      rulebook.slug,
      edition,
      asOf,
      evaluation?.outcome ?? 'NO_PRODUCT',
      codes('NOT_MET') || null,
      codes('NEEDS_REVIEW') || null,
      award?.issuedOn ?? null,
      award?.expiresOn ?? null,
      award ? isAwardValidOn(award, asOf) : null,
    ];
  }
}
