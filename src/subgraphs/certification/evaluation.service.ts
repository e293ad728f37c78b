import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertIsoDate,
  checkCapabilitySlugs,
  type CertificationKind,
  type CoverageFacts,
  type EligibilityPath,
  ENTERPRISE_ACTIVITY_CODES,
  type EvaluateCertificationInput,
  EVIDENCE_CODES,
  type Evaluation,
  evaluateCertification,
  isCertificationKind,
  isEnterpriseActivityCode,
  isEvidenceCode,
  kindRules,
  type OrganizationFacts,
  planPathToEligibility,
  PRODUCT_KINDS,
  programKinds,
  type Rulebook,
  selectProgram,
} from '../../domain/certification';
import { computeCoverage, countsForCoverage, type EditionStructure } from '../../domain/coverage/compute-coverage';
import { DomainError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { todayIso } from '../../domain/calendar';
import type { EditionRow, FrameworkSnapshot } from '../../reference/framework';
import type { CertificationLoaders } from './certification.loaders';
import {
  type ProgramRow,
  selectActivityFacts,
  selectDeclaredTargets,
  selectEvidenceFacts,
  selectOrganizationFacts,
  selectPeopleFacts,
  selectProductMappings,
} from './certification.repository';
import type { SimulateCertificationInput } from './certification.inputs';

const UNREACHABLE: EligibilityPath = { outcome: 'NOT_ELIGIBLE', reachable: false, steps: [] };

export interface EvaluateOrganizationArgs {
  organizationId: string;
  kind: string;
  program?: string | null;
  productId?: string | null;
  asOf?: string | null;
  /** Overrides the program's framework edition (e.g. the 2023 program against edition 2026). */
  edition?: string | null;
  /** SPECIALTY_SOLUTION: defaults to the targets of the newest application for the product. */
  targetCapabilities?: string[] | null;
}

/**
 * Loads an organization's facts (or takes a what-if's inline facts) and hands them to the pure
 * evaluator; EvaluateCertification, SimulateCertification and approval share this one path. A stored
 * evaluation costs a fixed number of statements: one per fact group (organization with its top-most
 * parent, people with credentials, evidence, activities, the product's mappings) plus the per-request
 * program list and framework snapshot, however many people or mappings there are.
 */
export class EvaluationService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CertificationLoaders,
    private readonly framework: () => Promise<FrameworkSnapshot>,
  ) {}

  /** The named program, or the default; an unknown slug is NOT_FOUND naming the programs that exist. */
  async program(slug: string | null | undefined): Promise<ProgramRow> {
    const programs = await this.loaders.programs();
    const rulebook = selectProgram(
      programs.all.map((p) => p.rulebook),
      slug ?? null,
    );
    return programs.bySlug.get(rulebook.slug)!;
  }

  async evaluateOrganization(args: EvaluateOrganizationArgs): Promise<Evaluation> {
    return evaluateCertification((await this.storedFacts(args)).input);
  }

  /** The least the organization still has to do, over the same stored facts as evaluateOrganization. */
  async pathForOrganization(args: EvaluateOrganizationArgs): Promise<EligibilityPath> {
    if (await this.offersNot(args)) return UNREACHABLE;
    const { input, structure, pendingCapabilities } = await this.storedFacts(args);
    return planPathToEligibility({ ...input, structure: structure ?? (await this.structureOf(input.edition)), pendingCapabilities });
  }

  /** The path over inline facts (what-if); writes nothing. */
  async simulatePath(input: SimulateCertificationInput): Promise<EligibilityPath> {
    if (await this.offersNot(input)) return UNREACHABLE;
    const evaluation = await this.simulatedFacts(input);
    return planPathToEligibility({ ...evaluation, structure: await this.structureOf(evaluation.edition), pendingCapabilities: [] });
  }

  /** A kind the program does not offer: nothing an organization does makes it eligible (not an error for a path). */
  private async offersNot(args: { program?: string | null; kind: string }): Promise<boolean> {
    const rulebook = (await this.program(args.program)).rulebook;
    return isCertificationKind(args.kind) && !programKinds(rulebook).includes(args.kind);
  }

  /** The edition's coverage structure; null for an edition the framework lacks (the evaluator then says so). */
  private async structureOf(edition: string): Promise<EditionStructure | null> {
    const framework = await this.framework();
    const row = framework.editionBySlug.get(edition);
    return row ? framework.coverageStructure(row.id) : null;
  }

  /**
   * An organization's stored facts for the evaluator, with what only planning needs: the edition's
   * structure and the capabilities whose public mappings await review (PROPOSED).
   */
  private async storedFacts(
    args: EvaluateOrganizationArgs,
  ): Promise<{ input: EvaluateCertificationInput; structure: EditionStructure | null; pendingCapabilities: string[] }> {
    const { rulebook, kind, asOf, edition } = await this.prepare(args);
    const isProductKind = PRODUCT_KINDS.includes(kind);
    const productId = args.productId ?? null;
    if (isProductKind && !productId) {
      throw new DomainError('BAD_USER_INPUT', `A ${kind} evaluation is about one product: name it with productId`, 'productId');
    }
    if (!isProductKind && productId) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `productId applies only to ${PRODUCT_KINDS.join(' and ')}; a ${kind} evaluation is about the whole organization`,
        'productId',
      );
    }
    if (!isUuid(args.organizationId)) throw new DomainError('NOT_FOUND', `No organization with id "${args.organizationId}"`, 'id');
    if (productId && !isUuid(productId)) throw notOwnProduct(productId);

    const programRow = (await this.loaders.programs()).bySlug.get(rulebook.slug)!;
    const wantsTargets = kind === 'SPECIALTY_SOLUTION' && (args.targetCapabilities === null || args.targetCapabilities === undefined);
    // Every fact group is one statement; they are independent, so they are sent together.
    const [org, people, evidence, activities, product, framework, declaredTargets] = await Promise.all([
      selectOrganizationFacts(this.em, args.organizationId),
      selectPeopleFacts(this.em, args.organizationId, asOf),
      selectEvidenceFacts(this.em, args.organizationId, isProductKind ? productId : undefined),
      selectActivityFacts(this.em, args.organizationId),
      // With asOf, coverage as it stood at the end of that day (so an award's evaluation can be reproduced).
      productId ? selectProductMappings(this.em, productId, edition, args.asOf ? asOf : null) : Promise.resolve(null),
      isProductKind || args.edition ? this.framework() : Promise.resolve(null),
      wantsTargets ? selectDeclaredTargets(this.em, args.organizationId, productId!, programRow.id) : Promise.resolve(null),
    ]);
    if (!org) throw new DomainError('NOT_FOUND', `No organization with id "${args.organizationId}"`, 'id');
    if (productId && (!product || product.organizationId !== org.id)) throw notOwnProduct(productId);

    let coverage: CoverageFacts | null = null;
    let coveredCapabilities: string[] = [];
    let targetCapabilities: string[] = [];
    let structure: EditionStructure | null = null;
    let pendingCapabilities: string[] = [];
    if (framework) {
      const editionRow = editionOf(framework, edition);
      structure = framework.coverageStructure(editionRow.id);
      if (product) {
        const covered = computeCoverage(
          structure,
          product.mappings.filter(countsForCoverage).map((m) => m.capabilityId),
        );
        coverage = { domains: covered.domains, capabilities: covered.capabilities, meetsMost: covered.meetsMost };
        coveredCapabilities = covered.coveredCapabilityIds.map((id) => framework.capabilityById.get(id)!.slug);
        const awaiting = product.mappings
          .filter((m) => m.public && m.status === 'PROPOSED')
          .map((m) => framework.capabilityById.get(m.capabilityId)!.slug);
        pendingCapabilities = [...new Set(awaiting)].filter((slug) => !coveredCapabilities.includes(slug));
      }
      if (kind === 'SPECIALTY_SOLUTION') {
        targetCapabilities = capabilitySlugsIn(framework, editionRow, args.targetCapabilities ?? declaredTargets ?? [], 'targetCapabilities');
      }
    }

    const facts: OrganizationFacts = {
      companySize: org.companySize,
      finopsMembership: org.finopsMembership,
      linuxFoundationMember: org.linuxFoundationMember,
      people,
      evidence,
      activities,
      coverage,
      coveredCapabilities,
      targetCapabilities,
    };
    return { input: { program: rulebook, kind, asOf, edition, facts }, structure, pendingCapabilities };
  }

  /** The same evaluation over facts given inline; writes nothing. Inline evidence counts as vetted. */
  async simulate(input: SimulateCertificationInput): Promise<Evaluation> {
    return evaluateCertification(await this.simulatedFacts(input));
  }

  private async simulatedFacts(input: SimulateCertificationInput): Promise<EvaluateCertificationInput> {
    const { rulebook, kind, asOf, edition } = await this.prepare(input);
    const o = input.organization;
    const evidence = (o.evidence ?? []).map((e, i) => {
      if (!isEvidenceCode(e.code)) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `Unknown evidence code "${e.code}"; known codes: ${EVIDENCE_CODES.join(', ')}`,
          `organization.evidence[${i}].code`,
        );
      }
      return { code: e.code, date: e.date, status: 'VETTED' as const };
    });
    const activities = (o.activities ?? []).map((a, i) => {
      if (!isEnterpriseActivityCode(a.code)) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `Unknown activity code "${a.code}"; known codes: ${ENTERPRISE_ACTIVITY_CODES.join(', ')}`,
          `organization.activities[${i}].code`,
        );
      }
      return { code: a.code, date: a.date, validated: a.validated ?? true };
    });
    const usesCapabilities = o.coveredCapabilities != null || (o.targetCapabilities?.length ?? 0) > 0 || input.edition != null;
    let coverage: CoverageFacts | null = null;
    let coveredCapabilities: string[] = [];
    let targetCapabilities: string[] = [];
    if (usesCapabilities) {
      const framework = await this.framework();
      const editionRow = editionOf(framework, edition);
      if (o.coveredCapabilities != null) {
        coveredCapabilities = capabilitySlugsIn(framework, editionRow, o.coveredCapabilities, 'organization.coveredCapabilities');
        const ids = coveredCapabilities.map((slug) => framework.capability(editionRow.id, slug)!.id);
        const covered = computeCoverage(framework.coverageStructure(editionRow.id), ids);
        coverage = { domains: covered.domains, capabilities: covered.capabilities, meetsMost: covered.meetsMost };
      }
      targetCapabilities = capabilitySlugsIn(framework, editionRow, o.targetCapabilities ?? [], 'organization.targetCapabilities');
    }
    const facts: OrganizationFacts = {
      companySize: o.employeeCount,
      finopsMembership: o.finopsMembership ?? null,
      linuxFoundationMember: o.linuxFoundationMember,
      people: (o.people ?? []).map((p) => ({
        employedFrom: p.employedFrom ?? null,
        employedUntil: p.employedUntil ?? null,
        credentials: (p.credentials ?? []).map((c) => ({ kind: c.kind as never, awardedOn: c.awardedOn, expiresOn: c.expiresOn ?? null })),
      })),
      evidence,
      activities,
      coverage,
      coveredCapabilities,
      targetCapabilities,
    };
    return { program: rulebook, kind, asOf, edition, facts };
  }

  /** Program, kind (a kind the program lacks is BAD_USER_INPUT naming the kinds it has), date and edition. */
  private async prepare(args: { program?: string | null; kind: string; asOf?: string | null; edition?: string | null }): Promise<{
    rulebook: Rulebook;
    kind: CertificationKind;
    asOf: string;
    edition: string;
  }> {
    const rulebook = (await this.program(args.program)).rulebook;
    if (!isCertificationKind(args.kind)) throw new DomainError('BAD_USER_INPUT', `Unknown certification kind "${args.kind}"`, 'kind');
    kindRules(rulebook, args.kind);
    const asOf = args.asOf ? assertIsoDate(args.asOf, 'asOf') : todayIso();
    const edition = args.edition?.trim() || rulebook.frameworkEdition;
    return { rulebook, kind: args.kind, asOf, edition };
  }
}

function notOwnProduct(productId: string): DomainError {
  // Someone else's product is reported exactly like an unknown one.
  return new DomainError('BAD_USER_INPUT', `"${productId}" is not a product of this organization`, 'productId');
}

function editionOf(framework: FrameworkSnapshot, slug: string): EditionRow {
  const edition = framework.editionBySlug.get(slug);
  if (!edition) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Unknown framework edition "${slug}"; known editions: ${framework.editions.map((e) => e.slug).join(', ')}`,
      'edition',
    );
  }
  return edition;
}

/** checkCapabilitySlugs against the capabilities the framework snapshot knows for `edition`. */
export function capabilitySlugsIn(framework: FrameworkSnapshot, edition: EditionRow, slugs: string[], field: string): string[] {
  return checkCapabilitySlugs(slugs, edition.slug, (slug) => framework.capability(edition.id, slug) !== undefined, field);
}
