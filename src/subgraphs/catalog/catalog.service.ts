import type { EntityManager } from '@mikro-orm/postgresql';
import { type AuditEntry, auditedWrite } from '../../audit';
import { assertNotOwnProposal, assertRole, assertWritesFor } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import { reviewOutcome } from '../../domain/catalog/review-mapping';
import { DEFAULT_MAPPING_RELATIONSHIP } from '../../domain/catalog/mapping-status';
import { computeCoverage, type Coverage } from '../../domain/coverage/compute-coverage';
import { DomainError, duplicateName, userError, type UserErrorData } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { sqlRows } from '../../db/sql';
import { pageSize } from '../../graphql/pagination';
import { type EditionRow, type FrameworkSnapshot, FrameworkService } from '../../reference/framework';
import { Organization } from '../membership';
import { actingIdentity, isUniqueViolation } from './actor';
import { type CatalogLoaders, pairKey } from './catalog.loaders';
import { pageProducts } from './catalog.repository';
import type {
  AddFeatureInput,
  CoverageMatrixType,
  CreateProductInput,
  MapFeatureInput,
  ProductCoverageType,
  ReviewMappingInput,
} from './catalog.types';
import {
  checkName,
  checkRationale,
  checkStrength,
  checkText,
  checkUrl,
  MAX_DESCRIPTION_LENGTH,
  MAX_NOTE_LENGTH,
} from './catalog.validation';
import { Feature } from './entities/feature.entity';
import { Mapping } from './entities/mapping.entity';
import { Product } from './entities/product.entity';

type Result<K extends string, T> = { errors: UserErrorData[] } & { [key in K]: T | null };

function coverageData(edition: EditionRow, coverage: Coverage): ProductCoverageType {
  return {
    edition: { id: edition.id },
    domains: coverage.domains,
    capabilities: coverage.capabilities,
    meetsMost: coverage.meetsMost,
    coveredCapabilities: coverage.coveredCapabilityIds.map((id) => ({ id })),
    uncoveredCapabilities: coverage.uncoveredCapabilityIds.map((id) => ({ id })),
    byDomain: coverage.byDomain.map((d) => ({ domain: { id: d.domainId }, covered: d.covered, total: d.total })),
  };
}

/**
 * Products, features, single mappings, reviews and coverage: checks the rules that need the
 * database, then writes through the request's EntityManager. Bulk work (import, carry-forward)
 * lives in its own services.
 */
export class CatalogService {
  private readonly framework: FrameworkService;

  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CatalogLoaders,
    private readonly snapshot: FrameworkSnapshot,
    private readonly viewer: Viewer | null,
  ) {
    this.framework = new FrameworkService(snapshot);
  }

  private write<T>(fn: (tx: EntityManager) => Promise<{ result: T; audit: AuditEntry[] }>): Promise<T> {
    return auditedWrite(this.em, this.viewer, fn);
  }

  async product(id: string): Promise<Product> {
    const product = await this.loaders.product.load(id);
    if (!product) throw new DomainError('NOT_FOUND', `No product with id "${id}"`, 'id');
    return product;
  }

  async mapping(id: string): Promise<Mapping> {
    const mapping = await this.loaders.mapping.load(id);
    if (!mapping) throw new DomainError('NOT_FOUND', `No mapping with id "${id}"`, 'id');
    return mapping;
  }

  products(args: { first?: number | null; after?: string | null; search?: string | null; organizationId?: string | null }) {
    if (args.organizationId != null && !isUuid(args.organizationId)) {
      throw new DomainError('BAD_USER_INPUT', `"${args.organizationId}" is not an organization id`, 'organizationId');
    }
    return pageProducts(this.em, { ...args, first: pageSize(args.first) });
  }

  /** The edition slug's id for Feature.mappings(edition); null means every edition. */
  editionIdFilter(slug: string | null | undefined): string | null {
    return slug ? this.framework.edition(slug).id : null;
  }

  async coverage(product: Product, editionSlug: string | null | undefined): Promise<ProductCoverageType> {
    const edition = this.framework.editionOrCurrent(editionSlug);
    const covered = await this.loaders.coveredCapabilities.load(pairKey(product.id, edition.id));
    return coverageData(edition, computeCoverage(this.snapshot.coverageStructure(edition.id), covered));
  }

  /** A page of products with their coverage: a fixed number of statements whatever the page size. */
  async coverageMatrix(args: {
    edition?: string | null;
    first?: number | null;
    after?: string | null;
    organizationId?: string | null;
    search?: string | null;
  }): Promise<CoverageMatrixType> {
    const edition = this.framework.editionOrCurrent(args.edition);
    const page = await this.products(args);
    const covered = await this.loaders.coveredCapabilities.loadMany(page.nodes.map((p) => pairKey(p.id, edition.id)));
    const structure = this.snapshot.coverageStructure(edition.id);
    return {
      edition: { id: edition.id },
      capabilities: structure.capabilities.map((c) => ({ id: c.id })),
      totalCount: page.totalCount,
      edges: page.nodes.map((product, i) => {
        const ids = covered[i];
        if (ids instanceof Error) throw ids;
        const coverage = computeCoverage(structure, ids);
        return {
          cursor: page.cursors[i],
          node: {
            product,
            coveredCapabilities: coverage.coveredCapabilityIds.map((id) => ({ id })),
            meetsMost: coverage.meetsMost,
            domains: coverage.domains,
            capabilities: coverage.capabilities,
          },
        };
      }),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.cursors[0] ?? null,
        endCursor: page.cursors[page.cursors.length - 1] ?? null,
      },
    };
  }

  async createProduct(input: CreateProductInput): Promise<Result<'product', Product>> {
    assertWritesFor(this.viewer, input.organizationId, "create products for this organization");
    const errors: UserErrorData[] = [];
    const name = checkName(input.name, 'input.name', errors);
    const description = checkText(input.description, MAX_DESCRIPTION_LENGTH, 'input.description', errors);
    const url = checkUrl(input.url, 'input.url', errors);
    // The organization is membership's: read its table (by id only), never write it.
    const found = isUuid(input.organizationId)
      ? await sqlRows<{ id: string }>(this.em, `select id from organization where id = ?`, [input.organizationId])
      : [];
    if (!found.length) errors.push(userError('NOT_FOUND', `No organization with id "${input.organizationId}"`, 'input.organizationId'));
    if (errors.length) return { product: null, errors };
    try {
      return await this.write(async (tx) => {
        const product = tx.create(Product, {
          organization: tx.getReference(Organization, input.organizationId, { wrapped: true }),
          name,
          description,
          url,
        });
        return {
          result: { product, errors: [] },
          audit: [{ subgraph: 'catalog', objectType: 'Product', objectId: product.id, action: 'CREATE', after: { organizationId: input.organizationId, name, description, url } }],
        };
      });
    } catch (err) {
      // The unique index on (organization_id, lower(name)) decides, so two concurrent creations cannot both win.
      if (!isUniqueViolation(err)) throw err;
      return { product: null, errors: [duplicateName(`The organization already has a product named "${name}" (names are compared ignoring case)`)] };
    }
  }

  async addFeature(input: AddFeatureInput): Promise<Result<'feature', Feature>> {
    assertRole(this.viewer, ['VENDOR'], 'add features');
    const errors: UserErrorData[] = [];
    const name = checkName(input.name, 'input.name', errors);
    const description = checkText(input.description, MAX_DESCRIPTION_LENGTH, 'input.description', errors);
    const product = isUuid(input.productId) ? await this.loaders.product.load(input.productId) : null;
    if (!product) errors.push(userError('NOT_FOUND', `No product with id "${input.productId}"`, 'input.productId'));
    if (product) assertWritesFor(this.viewer, product.organization.id, "change this organization's products");
    if (product && name) {
      const siblings = await this.loaders.featuresByProduct.load(product.id);
      if (siblings.some((f) => f.name.trim().toLowerCase() === name.toLowerCase())) {
        errors.push(userError('DUPLICATE_FEATURE', `The product already has a feature named "${name}"`, 'input.name'));
      }
    }
    if (errors.length || !product) return { feature: null, errors };
    try {
      return await this.write(async (tx) => {
        const feature = tx.create(Feature, { product: tx.getReference(Product, product.id), name, description });
        return {
          result: { feature, errors: [] },
          audit: [{ subgraph: 'catalog', objectType: 'Feature', objectId: feature.id, action: 'CREATE', after: { productId: product.id, name, description } }],
        };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return { feature: null, errors: [userError('DUPLICATE_FEATURE', `The product already has a feature named "${name}"`, 'input.name')] };
    }
  }

  async mapFeature(input: MapFeatureInput): Promise<Result<'mapping', Mapping>> {
    const actor = actingIdentity(this.viewer);
    assertRole(this.viewer, ['VENDOR'], 'map features');
    const errors: UserErrorData[] = [];
    const strength = checkStrength(input.strength, 'input.strength', errors);
    const rationale = checkRationale(input.rationale, 'input.rationale', errors);
    const evidenceUrl = checkUrl(input.evidenceUrl, 'input.evidenceUrl', errors, 'BAD_EVIDENCE_URL');
    const feature = isUuid(input.featureId) ? await this.loaders.feature.load(input.featureId) : null;
    if (!feature) errors.push(userError('NOT_FOUND', `No feature with id "${input.featureId}"`, 'input.featureId'));
    if (feature) {
      const owner = await this.loaders.product.load(feature.product.id);
      assertWritesFor(this.viewer, owner?.organization.id ?? '', "map this organization's features");
    }
    const edition = this.snapshot.editionBySlug.get(input.edition.trim());
    const slug = input.capability.trim().toLowerCase();
    const capability = edition ? this.snapshot.capability(edition.id, slug) : undefined;
    if (!edition) {
      const known = this.snapshot.editions.map((e) => e.slug).join(', ');
      errors.push(userError('NOT_FOUND', `Unknown framework edition "${input.edition}" (known: ${known})`, 'input.edition'));
    } else if (!capability) {
      const elsewhere = this.snapshot.editions.filter((e) => this.snapshot.capability(e.id, slug)).map((e) => e.slug);
      const hint = elsewhere.length ? `; it belongs to edition ${elsewhere.join(', ')}` : '';
      errors.push(userError('NOT_FOUND', `Edition ${edition.slug} has no capability "${input.capability}"${hint}`, 'input.capability'));
    }
    if (feature && capability) {
      const existing = await this.loaders.mappingsByFeature.load(feature.id);
      if (existing.some((m) => m.capability.id === capability.id)) {
        errors.push(userError('ALREADY_MAPPED', `The feature is already mapped to "${slug}" in edition ${edition!.slug}`, 'input.capability'));
      }
    }
    if (errors.length || !feature || !capability || !edition) return { mapping: null, errors };
    try {
      return await this.write(async (tx) => {
        const mapping = tx.create(Mapping, {
          feature: tx.getReference(Feature, feature.id),
          capability: capability.id,
          edition: edition.id,
          relationship: input.relationship ?? DEFAULT_MAPPING_RELATIONSHIP,
          strength,
          rationale,
          evidenceUrl,
          public: input.public ?? true,
          status: 'PROPOSED',
          proposedBy: actor,
        });
        const after = { featureId: feature.id, edition: edition.slug, capability: capability.slug, relationship: mapping.relationship, strength, public: mapping.public, status: 'PROPOSED' };
        return { result: { mapping, errors: [] }, audit: [{ subgraph: 'catalog', objectType: 'Mapping', objectId: mapping.id, action: 'CREATE', after }] };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return {
        mapping: null,
        errors: [userError('ALREADY_MAPPED', `The feature is already mapped to "${slug}" in edition ${edition.slug}`, 'input.capability')],
      };
    }
  }

  /**
   * A reviewer's decision. The write is one conditional UPDATE (the status must still allow review,
   * and the version must match when one is given), so of any number of concurrent reviews of a
   * mapping exactly one wins and the others get CONFLICT; nothing is overwritten silently.
   */
  async reviewMapping(input: ReviewMappingInput): Promise<Result<'mapping', Mapping>> {
    assertRole(this.viewer, ['REVIEWER'], 'review mappings');
    const actor = actingIdentity(this.viewer);
    const errors: UserErrorData[] = [];
    const note = checkText(input.note, MAX_NOTE_LENGTH, 'input.note', errors);
    const mapping = isUuid(input.mappingId) ? await this.loaders.mapping.load(input.mappingId) : null;
    if (!mapping) {
      errors.push(userError('NOT_FOUND', `No mapping with id "${input.mappingId}"`, 'input.mappingId'));
      return { mapping: null, errors };
    }
    if (input.decision === 'APPROVE') assertNotOwnProposal(this.viewer, mapping.proposedBy);
    const outcome = reviewOutcome(mapping.status, input.decision);
    if (!outcome.ok) errors.push(userError('CONFLICT', outcome.reason, 'input.mappingId'));
    if (errors.length || !outcome.ok) return { mapping: null, errors };
    const before = { status: mapping.status, version: mapping.version };
    const now = new Date();
    const approvedAt = outcome.approves ? now : null;
    const updated = await this.write(async (tx) => {
      const rows = await sqlRows<{ version: number }>(
        tx,
        `update mapping set status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?, approved_at = ?,
                version = version + 1, updated_at = now()
          where id = ? and status in ('PROPOSED', 'CHANGES_REQUESTED') and (?::int is null or version = ?::int)
          returning version`,
        [outcome.status, actor, now, note, approvedAt, mapping.id, input.expectedVersion ?? null, input.expectedVersion ?? null],
      );
      const after = rows.length ? { status: outcome.status, version: rows[0].version, note } : null;
      const audit: AuditEntry[] = after
        ? [{ subgraph: 'catalog', objectType: 'Mapping', objectId: mapping.id, action: `REVIEW_${input.decision}`, before, after, reason: note }]
        : [];
      return { result: rows[0]?.version ?? null, audit };
    });
    if (updated === null) {
      return {
        mapping: null,
        errors: [userError('CONFLICT', 'The mapping was reviewed or changed by someone else meanwhile; reload it and try again', 'input.mappingId')],
      };
    }
    Object.assign(mapping, { status: outcome.status, reviewedBy: actor, reviewedAt: now, reviewNote: note, approvedAt, version: updated });
    return { mapping, errors: [] };
  }

}
