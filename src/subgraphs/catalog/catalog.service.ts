import { suggestion } from '../../domain/text/did-you-mean';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertNotOwnProposal, assertRole, assertWritesFor } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import { type ReviewOutcome, reviewOutcome } from '../../domain/catalog/review-mapping';
import { DEFAULT_MAPPING_RELATIONSHIP } from '../../domain/catalog/mapping-status';
import { computeCoverage, type Coverage } from '../../domain/coverage/compute-coverage';
import { DomainError, duplicateName, userError, type UserErrorData } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { checkLength, checkName, checkUrl, MAX_TEXT_LENGTH } from '../../domain/input-checks';
import { pageSize } from '../../graphql/pagination';
import { type EditionRow, type FrameworkSnapshot, FrameworkService } from '../../reference/framework';
import { Organization } from '../membership';
import { type MutationSteps, runMutation } from '../../services/run-mutation';
import { actingIdentity } from './actor';
import { type CatalogLoaders, coverageKey } from './catalog.loaders';
import {
  type FeatureRecord,
  featureRecord,
  type MappingRecord,
  mappingRecord,
  organizationExists,
  pageProducts,
  type ProductRecord,
  productRecord,
  reviewMappingRow,
} from './catalog.repository';
import type {
  AddFeatureInput,
  CoverageMatrixType,
  CreateProductInput,
  MapFeatureInput,
  ProductCoverageType,
  ReviewMappingInput,
} from './catalog.types';
import { checkStrength } from './catalog.validation';
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

  async product(id: string): Promise<ProductRecord> {
    const product = await this.loaders.product.load(id);
    if (!product) throw new DomainError('NOT_FOUND', `No product with id "${id}"`, 'id');
    return product;
  }

  async mapping(id: string): Promise<MappingRecord> {
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

  /** Now, or at the end of the day asOf (UTC). */
  async coverage(product: ProductRecord, editionSlug: string | null | undefined, asOf?: string | null): Promise<ProductCoverageType> {
    const edition = this.framework.editionOrCurrent(editionSlug);
    const covered = await this.loaders.coveredCapabilities.load(coverageKey(product.id, edition.id, asOf));
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
    const covered = await this.loaders.coveredCapabilities.loadMany(page.nodes.map((p) => coverageKey(p.id, edition.id, null)));
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

  /** Runs one of this subgraph's mutations through the one mutation path (src/services/run-mutation.ts). */
  private mutate<R extends { errors: UserErrorData[] }, P>(steps: Omit<MutationSteps<R, P>, 'subgraph'>): Promise<R> {
    return runMutation(this.em, this.viewer, { ...steps, subgraph: 'catalog' });
  }

  createProduct(input: CreateProductInput): Promise<Result<'product', ProductRecord>> {
    return this.mutate({
      failed: (errors) => ({ product: null, errors }),
      authorize: () => assertWritesFor(this.viewer, input.organizationId, 'create products for this organization'),
      validate: async (errors) => {
        const name = checkName(input.name, 'input.name', errors, "The product's name");
        const description = checkLength(input.description, MAX_TEXT_LENGTH, 'input.description', errors, 'The description');
        const url = checkUrl(input.url, 'input.url', errors);
        // The organization is membership's: read its table (by id only), never write it.
        if (!(isUuid(input.organizationId) && (await organizationExists(this.em, input.organizationId)))) {
          errors.push(userError('NOT_FOUND', `No organization with id "${input.organizationId}"`, 'input.organizationId'));
        }
        return { name, description, url };
      },
      write: async (tx, { name, description, url }) => {
        const product = tx.create(Product, {
          organization: tx.getReference(Organization, input.organizationId, { wrapped: true }),
          name,
          description,
          url,
        });
        return {
          payload: { product: productRecord(product), errors: [] },
          audit: [
            {
              objectType: 'Product',
              objectId: product.id,
              action: 'CREATE',
              after: { organizationId: input.organizationId, name, description, url },
            },
          ],
        };
      },
      // The unique index on (organization_id, lower(name)) decides, so two concurrent creations cannot both win.
      duplicate: () => duplicateName(`The organization already has a product named "${input.name.trim()}" (names are compared ignoring case)`),
    });
  }

  addFeature(input: AddFeatureInput): Promise<Result<'feature', FeatureRecord>> {
    const duplicate = (name: string) => userError('DUPLICATE_FEATURE', `The product already has a feature named "${name}"`, 'input.name');
    return this.mutate({
      failed: (errors) => ({ feature: null, errors }),
      authorize: () => assertRole(this.viewer, ['VENDOR'], 'add features'),
      validate: async (errors) => {
        const name = checkName(input.name, 'input.name', errors, "The feature's name");
        const description = checkLength(input.description, MAX_TEXT_LENGTH, 'input.description', errors, 'The description');
        const product = isUuid(input.productId) ? await this.loaders.product.load(input.productId) : null;
        if (!product) {
          errors.push(userError('NOT_FOUND', `No product with id "${input.productId}"`, 'input.productId'));
          return undefined;
        }
        assertWritesFor(this.viewer, product.organizationId, "change this organization's products");
        if (name) {
          const siblings = await this.loaders.featuresByProduct.load(product.id);
          if (siblings.some((f) => f.name.trim().toLowerCase() === name.toLowerCase())) errors.push(duplicate(name));
        }
        return { product, name, description };
      },
      write: async (tx, { product, name, description }) => {
        const feature = tx.create(Feature, { product: tx.getReference(Product, product.id), name, description });
        return {
          payload: { feature: featureRecord(feature), errors: [] },
          audit: [{ objectType: 'Feature', objectId: feature.id, action: 'CREATE', after: { productId: product.id, name, description } }],
        };
      },
      duplicate: () => duplicate(input.name.trim()),
    });
  }

  mapFeature(input: MapFeatureInput): Promise<Result<'mapping', MappingRecord>> {
    const slug = input.capability.trim().toLowerCase();
    const alreadyMapped = (edition: string) =>
      userError('ALREADY_MAPPED', `The feature is already mapped to "${slug}" in edition ${edition}`, 'input.capability');
    return this.mutate({
      failed: (errors) => ({ mapping: null, errors }),
      authorize: () => assertRole(this.viewer, ['VENDOR'], 'map features'),
      validate: async (errors) => {
        const strength = checkStrength(input.strength, 'input.strength', errors);
        const rationale = checkLength(input.rationale, MAX_TEXT_LENGTH, 'input.rationale', errors, 'The rationale');
        const evidenceUrl = checkUrl(input.evidenceUrl, 'input.evidenceUrl', errors);
        const feature = isUuid(input.featureId) ? await this.loaders.feature.load(input.featureId) : null;
        if (!feature) errors.push(userError('NOT_FOUND', `No feature with id "${input.featureId}"`, 'input.featureId'));
        if (feature) {
          const owner = await this.loaders.product.load(feature.productId);
          assertWritesFor(this.viewer, owner?.organizationId ?? '', "map this organization's features");
        }
        const edition = this.snapshot.editionBySlug.get(input.edition.trim());
        const capability = edition ? this.snapshot.capability(edition.id, slug) : undefined;
        if (!edition) {
          const known = this.snapshot.editions.map((e) => e.slug).join(', ');
          errors.push(userError('NOT_FOUND', `Unknown framework edition "${input.edition}" (known: ${known})`, 'input.edition'));
        } else if (!capability) {
          const elsewhere = this.snapshot.editions.filter((e) => this.snapshot.capability(e.id, slug)).map((e) => e.slug);
          const hint = elsewhere.length
            ? `; it belongs to edition ${elsewhere.join(', ')}`
            : suggestion(
                slug,
                this.snapshot.capabilities(edition.id).map((c) => c.slug),
              );
          errors.push(userError('NOT_FOUND', `Edition ${edition.slug} has no capability "${input.capability}"${hint}`, 'input.capability'));
        }
        if (feature && capability && edition) {
          const existing = await this.loaders.mappingsByFeature.load(feature.id);
          if (existing.some((m) => m.capabilityId === capability.id)) errors.push(alreadyMapped(edition.slug));
        }
        return feature && capability && edition ? { feature, capability, edition, strength, rationale, evidenceUrl } : undefined;
      },
      write: async (tx, { feature, capability, edition, strength, rationale, evidenceUrl }) => {
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
          proposedBy: actingIdentity(this.viewer),
        });
        const after = {
          featureId: feature.id,
          edition: edition.slug,
          capability: capability.slug,
          relationship: mapping.relationship,
          strength,
          public: mapping.public,
          status: 'PROPOSED',
        };
        return {
          payload: { mapping: mappingRecord(mapping), errors: [] },
          audit: [{ objectType: 'Mapping', objectId: mapping.id, action: 'CREATE', after }],
        };
      },
      duplicate: () => alreadyMapped(input.edition.trim()),
    });
  }

  /**
   * A reviewer's decision. The write is one conditional UPDATE (the status must still allow review,
   * and the version must match when one is given), so of any number of concurrent reviews of a
   * mapping exactly one wins and the others get CONFLICT (top-level); nothing is overwritten silently.
   */
  async reviewMapping(input: ReviewMappingInput): Promise<Result<'mapping', MappingRecord>> {
    // The row is written by SQL; the loaded entity is brought up to date after the transaction, so no
    // flush ever sees it changed.
    let reviewed: Partial<MappingRecord> | null = null;
    const payload = await this.mutate<
      Result<'mapping', MappingRecord>,
      { mapping: MappingRecord; note: string | null; outcome: Extract<ReviewOutcome, { ok: true }> }
    >({
      failed: (errors) => ({ mapping: null, errors }),
      authorize: () => assertRole(this.viewer, ['REVIEWER'], 'review mappings'),
      validate: async (errors) => {
        const note = checkLength(input.note, MAX_TEXT_LENGTH, 'input.note', errors, 'The note');
        const mapping = isUuid(input.mappingId) ? await this.loaders.mapping.load(input.mappingId) : null;
        if (!mapping) {
          errors.push(userError('NOT_FOUND', `No mapping with id "${input.mappingId}"`, 'input.mappingId'));
          return undefined;
        }
        if (input.decision === 'APPROVE') assertNotOwnProposal(this.viewer!, mapping.proposedBy);
        const outcome = reviewOutcome(mapping.status, input.decision);
        if (!outcome.ok) throw new DomainError('CONFLICT', outcome.reason, 'mappingId');
        return { mapping, note, outcome };
      },
      write: async (tx, { mapping, note, outcome }) => {
        const actor = actingIdentity(this.viewer);
        const before = { status: mapping.status, version: mapping.version };
        const now = new Date();
        const approvedAt = outcome.approves ? now : null;
        const version = await reviewMappingRow(tx, {
          id: mapping.id,
          status: outcome.status,
          actor,
          at: now,
          note,
          approvedAt,
          expectedVersion: input.expectedVersion ?? null,
        });
        if (version === null) {
          throw new DomainError('CONFLICT', 'The mapping was reviewed or changed by someone else meanwhile; reload it and try again', 'mappingId');
        }
        reviewed = { status: outcome.status, reviewedBy: actor, reviewedAt: now, reviewNote: note, approvedAt, version };
        const after = { status: outcome.status, version, note };
        return {
          payload: { mapping, errors: [] },
          audit: [{ objectType: 'Mapping', objectId: mapping.id, action: `REVIEW_${input.decision}`, before, after, reason: note }],
        };
      },
    });
    if (payload.mapping && reviewed) Object.assign(payload.mapping, reviewed);
    return payload;
  }
}
