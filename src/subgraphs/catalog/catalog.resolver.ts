import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  CAPABILITY_MAPPINGS_BOUND,
  FEATURE_MAPPINGS_BOUND,
  ORGANIZATION_PRODUCTS_BOUND,
  PRODUCT_FEATURES_BOUND,
} from '../../domain/catalog/list-bounds';
import type { MappingStatus } from '../../domain/catalog/mapping-status';
import { DomainError } from '../../domain/errors';
import type { Context } from '../../graphql/context';
import { mappingVisibility, visibleMappings } from './catalog.access';
import { CURSORS, decodeCursor, encodeCursor, pageSize, toConnection, toPage } from '../../graphql/pagination';
import { frameworkSnapshot } from '../../reference/framework';
import { CapabilityStub } from './capability.stub';
import {
  capabilityMappingsKey,
  catalogLoaders,
  type FeatureMappingsAsk,
  type FeaturesAsk,
  type OrganizationProductsAsk,
  sliceKey,
} from './catalog.loaders';
import { CatalogService } from './catalog.service';
import {
  AddFeatureInput,
  AddFeaturePayload,
  CarriedMappingType,
  CarryMappingsForwardInput,
  CarryMappingsForwardPayload,
  CoverageMatrixType,
  CreateProductInput,
  CreateProductPayload,
  DroppedMappingType,
  FeatureConnection,
  FeatureType,
  ImportMappingSheetsInput,
  ImportMappingSheetsPayload,
  ImportMappingsInput,
  ImportMappingsPayload,
  MapFeatureInput,
  MapFeaturePayload,
  MappingConnection,
  MappingStatusEnum,
  MappingType,
  ProductConnection,
  ProductCoverageType,
  ProductType,
  ReviewMappingInput,
  ReviewMappingPayload,
} from './catalog.types';
import { CarryForwardService } from './carry-forward.service';
import type { FeatureRecord as Feature, MappingRecord as Mapping, ProductRecord as Product } from './catalog.repository';
import { FrameworkEditionStub } from './framework-edition.stub';
import { ImportMappingsService } from './import-mappings.service';
import { OrganizationStub } from './organization.stub';

async function service(ctx: Context): Promise<CatalogService> {
  return new CatalogService(ctx.em, catalogLoaders(ctx), await frameworkSnapshot(ctx), ctx.viewer);
}

/** A bounded list's rows (read with limit bound + 1), or TOO_MANY_RESULTS at the field naming its connection. */
function withinBound<R>(rows: R[], bound: number, field: string, what: string, connection: string): R[] {
  if (rows.length > bound) {
    throw new DomainError('TOO_MANY_RESULTS', `${what} more than ${bound} ${field}; page through them with ${connection}`, field);
  }
  return rows;
}

/** A mapping cursor: [the proposal's sort key as digits, id]; the typed decoder checks the shape, this the digits. */
function proposalCursor(after: string | null | undefined): [string, string] | null {
  const key = decodeCursor(after, CURSORS.nameId);
  if (key && !/^-?\d{1,18}$/.test(key[0])) {
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this API issued', 'after');
  }
  return key;
}

@Resolver(() => ProductType)
export class ProductResolver {
  @Query(() => ProductType, { nullable: true, description: 'One product; an unknown id is a NOT_FOUND error.' })
  async product(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Product> {
    return (await service(ctx)).product(id);
  }

  @Query(() => ProductConnection, { nullable: true, description: 'Products by name, a page at a time.' })
  async products(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true, description: 'Case-insensitive part of the name.' }) search?: string,
    @Arg('organizationId', () => ID, { nullable: true, description: "Only this organization's products." }) organizationId?: string,
  ) {
    return toConnection(await (await service(ctx)).products({ first, after, search, organizationId }));
  }

  @Query(() => CoverageMatrixType, {
    nullable: true,
    description: 'Every product (by name) against every capability of an edition (default: current).',
  })
  async coverageMatrix(
    @Ctx() ctx: Context,
    @Arg('edition', () => String, { nullable: true }) edition?: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('organizationId', () => ID, { nullable: true, description: "Only this organization's products." }) organizationId?: string,
    @Arg('search', () => String, { nullable: true, description: 'Case-insensitive part of the product name.' }) search?: string,
  ): Promise<CoverageMatrixType> {
    return (await service(ctx)).coverageMatrix({ edition, first, after, organizationId, search });
  }

  @Mutation(() => CreateProductPayload)
  async createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput, @Ctx() ctx: Context) {
    return (await service(ctx)).createProduct(input);
  }

  @FieldResolver(() => OrganizationStub, { nullable: true })
  organization(@Root() product: Product): OrganizationStub {
    return { id: product.organizationId };
  }

  @FieldResolver(() => [FeatureType], {
    nullable: true,
    description: `By name; at most ${PRODUCT_FEATURES_BOUND}. Anyone but the product's own vendor and Foundation staff sees only features with a published mapping.`,
    deprecationReason: `Unpaged: answers at most ${PRODUCT_FEATURES_BOUND} features, else a TOO_MANY_RESULTS error at this field. Use featureConnection.`,
  })
  async features(@Root() product: Product, @Ctx() ctx: Context): Promise<Feature[]> {
    // Reads at most bound + 1 visible rows: the extra one only says the list is too long.
    const ask: FeaturesAsk = { visibility: mappingVisibility(ctx), limit: PRODUCT_FEATURES_BOUND + 1, after: null, withCount: false };
    const { rows } = await catalogLoaders(ctx).productFeatures.load(sliceKey(product.id, ask));
    return withinBound(rows, PRODUCT_FEATURES_BOUND, 'features', 'This product has', 'featureConnection(first:, after:)');
  }

  @FieldResolver(() => FeatureConnection, {
    description: "By name, a page at a time. Anyone but the product's own vendor and Foundation staff sees only features with a published mapping.",
  })
  async featureConnection(
    @Root() product: Product,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = pageSize(first);
    const key = decodeCursor(after, CURSORS.nameId);
    const ask: FeaturesAsk = { visibility: mappingVisibility(ctx), limit: size + 1, after: key, withCount: true };
    const { rows, total } = await catalogLoaders(ctx).productFeatures.load(sliceKey(product.id, ask));
    return toConnection(toPage(rows, size, (f) => encodeCursor([f.name, f.id]), total, key !== null));
  }

  @FieldResolver(() => ProductCoverageType, { nullable: true, description: 'Coverage in an edition (default: the current one).' })
  async coverage(
    @Root() product: Product,
    @Ctx() ctx: Context,
    @Arg('edition', () => String, { nullable: true }) edition?: string,
    @Arg('asOf', () => Date, {
      nullable: true,
      description: "Coverage as it stood at the end of this day (UTC), from the mappings' history; default: now.",
    })
    asOf?: string,
  ): Promise<ProductCoverageType> {
    return (await service(ctx)).coverage(product, edition, asOf);
  }
}

@Resolver(() => FeatureType)
export class FeatureResolver {
  @Mutation(() => AddFeaturePayload)
  async addFeature(@Arg('input', () => AddFeatureInput) input: AddFeatureInput, @Ctx() ctx: Context) {
    return (await service(ctx)).addFeature(input);
  }

  @FieldResolver(() => ProductType)
  product(@Root() feature: Feature, @Ctx() ctx: Context) {
    return catalogLoaders(ctx).product.load(feature.productId);
  }

  @FieldResolver(() => [MappingType], {
    nullable: true,
    description: `Its mappings, of one edition or of all, oldest proposal first; at most ${FEATURE_MAPPINGS_BOUND}.`,
    deprecationReason: `Unpaged: answers at most ${FEATURE_MAPPINGS_BOUND} mappings, else a TOO_MANY_RESULTS error at this field. Use mappingConnection.`,
  })
  async mappings(
    @Root() feature: Feature,
    @Ctx() ctx: Context,
    @Arg('edition', () => String, { nullable: true }) edition?: string,
  ): Promise<Mapping[]> {
    const editionId = (await service(ctx)).editionIdFilter(edition) ?? null;
    const ask: FeatureMappingsAsk = {
      editionId,
      visibility: mappingVisibility(ctx),
      limit: FEATURE_MAPPINGS_BOUND + 1,
      after: null,
      withCount: false,
    };
    const { rows } = await catalogLoaders(ctx).featureMappings.load(sliceKey(feature.id, ask));
    return withinBound(rows, FEATURE_MAPPINGS_BOUND, 'mappings', 'This feature has', 'mappingConnection(edition:, first:, after:)');
  }

  @FieldResolver(() => MappingConnection, { description: 'Its mappings, of one edition or of all, oldest proposal first, a page at a time.' })
  async mappingConnection(
    @Root() feature: Feature,
    @Ctx() ctx: Context,
    @Arg('edition', () => String, { nullable: true }) edition?: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = pageSize(first);
    const key = proposalCursor(after);
    const editionId = (await service(ctx)).editionIdFilter(edition) ?? null;
    const ask: FeatureMappingsAsk = { editionId, visibility: mappingVisibility(ctx), limit: size + 1, after: key, withCount: true };
    const { rows, total } = await catalogLoaders(ctx).featureMappings.load(sliceKey(feature.id, ask));
    return toConnection(toPage(rows, size, (m) => encodeCursor([m.sortKey, m.id]), total, key !== null));
  }
}

@Resolver(() => MappingType)
export class MappingResolver {
  @Query(() => MappingType, { nullable: true, description: 'One mapping; an unknown id is a NOT_FOUND error.' })
  async mapping(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Mapping> {
    const mapping = await (await service(ctx)).mapping(id);
    // A draft or private mapping of someone else's product is simply not there.
    const [visible] = await visibleMappings(ctx, [mapping]);
    if (!visible) throw new DomainError('NOT_FOUND', `No mapping with id "${id}"`, 'id');
    return visible;
  }

  @Mutation(() => MapFeaturePayload, { description: 'Proposes a mapping of a feature to a capability of one edition.' })
  async mapFeature(@Arg('input', () => MapFeatureInput) input: MapFeatureInput, @Ctx() ctx: Context) {
    return (await service(ctx)).mapFeature(input);
  }

  @Mutation(() => ReviewMappingPayload)
  async reviewMapping(@Arg('input', () => ReviewMappingInput) input: ReviewMappingInput, @Ctx() ctx: Context) {
    return (await service(ctx)).reviewMapping(input);
  }

  @Mutation(() => ImportMappingsPayload, { description: "A vendor's mapping sheet, all rows or none; mappings arrive PROPOSED." })
  async importMappings(@Arg('input', () => ImportMappingsInput) input: ImportMappingsInput, @Ctx() ctx: Context) {
    const svc = new ImportMappingsService(ctx.em, catalogLoaders(ctx), await frameworkSnapshot(ctx), ctx.viewer);
    return svc.importMappings(input);
  }

  @Mutation(() => ImportMappingSheetsPayload, {
    description:
      "Many products' mapping sheets in one request: each sheet all rows or none (sheets without errors are written, a sheet with errors writes nothing); mappings arrive PROPOSED.",
  })
  async importMappingSheets(@Arg('input', () => ImportMappingSheetsInput) input: ImportMappingSheetsInput, @Ctx() ctx: Context) {
    const svc = new ImportMappingsService(ctx.em, catalogLoaders(ctx), await frameworkSnapshot(ctx), ctx.viewer);
    return svc.importMappingSheets(input);
  }

  @Mutation(() => CarryMappingsForwardPayload, { description: "Carries a product's mappings into a later edition along the lineage." })
  async carryMappingsForward(@Arg('input', () => CarryMappingsForwardInput) input: CarryMappingsForwardInput, @Ctx() ctx: Context) {
    const svc = new CarryForwardService(ctx.em, catalogLoaders(ctx), await frameworkSnapshot(ctx), ctx.viewer);
    return svc.carryForward(input);
  }

  @FieldResolver(() => FeatureType)
  feature(@Root() mapping: Mapping, @Ctx() ctx: Context) {
    return catalogLoaders(ctx).feature.load(mapping.featureId);
  }

  @FieldResolver(() => CapabilityStub, { nullable: true })
  capability(@Root() mapping: Mapping): CapabilityStub {
    return { id: mapping.capabilityId };
  }

  @FieldResolver(() => FrameworkEditionStub, { nullable: true })
  edition(@Root() mapping: Mapping): FrameworkEditionStub {
    return { id: mapping.editionId };
  }
}

@Resolver(() => CarriedMappingType)
export class CarriedMappingResolver {
  @FieldResolver(() => FeatureType, { nullable: true })
  feature(@Root() carried: CarriedMappingType, @Ctx() ctx: Context) {
    return catalogLoaders(ctx).feature.load(carried.featureId);
  }
}

@Resolver(() => DroppedMappingType)
export class DroppedMappingResolver {
  @FieldResolver(() => FeatureType, { nullable: true })
  feature(@Root() dropped: DroppedMappingType, @Ctx() ctx: Context) {
    return catalogLoaders(ctx).feature.load(dropped.featureId);
  }
}

@Resolver(() => OrganizationStub)
export class OrganizationProductsResolver {
  @FieldResolver(() => [ProductType], {
    nullable: true,
    description: `Its products, by name (catalog); at most ${ORGANIZATION_PRODUCTS_BOUND}.`,
    deprecationReason: `Unpaged: answers at most ${ORGANIZATION_PRODUCTS_BOUND} products, else a TOO_MANY_RESULTS error at this field. Use productConnection.`,
  })
  async products(@Root() organization: OrganizationStub, @Ctx() ctx: Context): Promise<Product[]> {
    const ask: OrganizationProductsAsk = { order: 'name', limit: ORGANIZATION_PRODUCTS_BOUND + 1, after: null, withCount: false };
    const { rows } = await catalogLoaders(ctx).organizationProducts.load(sliceKey(organization.id, ask));
    return withinBound(rows, ORGANIZATION_PRODUCTS_BOUND, 'products', 'This organization has', 'productConnection(first:, after:)');
  }

  @FieldResolver(() => ProductConnection, { nullable: true, description: 'Its products, by name (case-insensitive), a page at a time (catalog).' })
  async productConnection(
    @Root() organization: OrganizationStub,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = pageSize(first);
    const key = decodeCursor(after, CURSORS.nameId);
    const ask: OrganizationProductsAsk = { order: 'lowerName', limit: size + 1, after: key, withCount: true };
    const { rows, total } = await catalogLoaders(ctx).organizationProducts.load(sliceKey(organization.id, ask));
    return toConnection(toPage(rows, size, (p) => encodeCursor([p.name.toLowerCase(), p.id]), total, key !== null));
  }

  @FieldResolver(() => String)
  async name(@Root() organization: OrganizationStub, @Ctx() ctx: Context): Promise<string> {
    const name = (await catalogLoaders(ctx).organizationName.load(organization.id))?.name ?? null;
    if (name === null) throw new DomainError('NOT_FOUND', `No organization with id "${organization.id}"`);
    return name;
  }
}

@Resolver(() => CapabilityStub)
export class CapabilityMappingsResolver {
  @FieldResolver(() => [MappingType], {
    nullable: true,
    deprecationReason: `Unpaged: answers at most ${CAPABILITY_MAPPINGS_BOUND} mappings, else a TOO_MANY_RESULTS error at this field. Use mappingConnection.`,
    description: `Features mapped to this capability (catalog), optionally of one status; at most ${CAPABILITY_MAPPINGS_BOUND}.`,
  })
  async mappings(
    @Root() capability: CapabilityStub,
    @Ctx() ctx: Context,
    @Arg('status', () => MappingStatusEnum, { nullable: true }) status?: MappingStatus,
  ): Promise<Mapping[]> {
    // Reads at most bound + 1 visible rows: the extra one only says the list is too long.
    const ask = { status: status ?? null, visibility: mappingVisibility(ctx), limit: CAPABILITY_MAPPINGS_BOUND + 1, after: null, withCount: false };
    const { rows } = await catalogLoaders(ctx).capabilityMappings.load(capabilityMappingsKey(capability.id, ask));
    if (rows.length > CAPABILITY_MAPPINGS_BOUND) {
      throw new DomainError(
        'TOO_MANY_RESULTS',
        `This capability has more than ${CAPABILITY_MAPPINGS_BOUND} mappings; page through them with mappingConnection(status:, first:, after:)`,
        'mappings',
      );
    }
    return rows;
  }

  @FieldResolver(() => MappingConnection, {
    nullable: true,
    description: 'Features mapped to this capability (catalog), optionally of one status, oldest proposal first, a page at a time.',
  })
  async mappingConnection(
    @Root() capability: CapabilityStub,
    @Ctx() ctx: Context,
    @Arg('status', () => MappingStatusEnum, { nullable: true }) status?: MappingStatus,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = pageSize(first);
    const key = proposalCursor(after);
    const ask = { status: status ?? null, visibility: mappingVisibility(ctx), limit: size + 1, after: key, withCount: true };
    const { rows, total } = await catalogLoaders(ctx).capabilityMappings.load(capabilityMappingsKey(capability.id, ask));
    return toConnection(toPage(rows, size, (m) => encodeCursor([m.sortKey, m.id]), total, key !== null));
  }
}

// The gateway's _entities calls: owned entities through the batched loaders, stubs by id.
export const catalogReferenceResolvers = {
  Product: { __resolveReference: (ref: { id: string }, ctx: Context) => catalogLoaders(ctx).product.load(ref.id) },
  Feature: { __resolveReference: (ref: { id: string }, ctx: Context) => catalogLoaders(ctx).feature.load(ref.id) },
  Mapping: { __resolveReference: (ref: { id: string }, ctx: Context) => catalogLoaders(ctx).mapping.load(ref.id) },
  Organization: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
  Capability: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
  FrameworkEdition: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
  Domain: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
};
