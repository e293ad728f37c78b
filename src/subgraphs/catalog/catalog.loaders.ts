import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../domain/ids';
import type { Context } from '../../graphql/context';
import { byIdLoader, groupBy } from '../../graphql/loader-utils';
import {
  type FeatureRecord,
  featuresById,
  featuresOfProducts,
  type CapabilityMappingRow,
  featureMappingRows,
  type FeatureMappingRow,
  organizationProductRows,
  productFeatureRows,
  type SliceAsk,
  type Slices,
  type CapabilityMappingsQuery,
  capabilityMappingRows,
  type MappingRecord,
  mappingsById,
  mappingsOfFeatures,
  organizationNames,
  productsById,
} from './catalog.repository';
import { coveredCapabilityRows } from './coverage.repository';

const SEP = '\u0000';

/** A (product, edition, asOf) triple as one key; asOf '' is now. */
export function coverageKey(productId: string, editionId: string, asOf: string | null | undefined): string {
  return `${productId}${SEP}${editionId}${SEP}${asOf ?? ''}`;
}

/** What one capability's mappings query asks, beside the capability: status, visibility, limit, keyset, count. */
export type CapabilityMappingsAsk = Omit<CapabilityMappingsQuery, 'capabilityIds'>;

/** A capability's mappings, up to the asked limit, and (when counted) how many it has in all. */
export interface CapabilityMappingsSlice {
  rows: CapabilityMappingRow[];
  total: number;
}

/** One key per (ask, capability); keys with the same ask share one statement. */
export function capabilityMappingsKey(capabilityId: string, ask: CapabilityMappingsAsk): string {
  return JSON.stringify([JSON.stringify(ask), capabilityId]);
}

/** The asks of the per-parent lists (bounded list or page): visibility, limit, keyset, count. */
export type FeaturesAsk = SliceAsk<[string, string]>;
export type FeatureMappingsAsk = SliceAsk<[string, string]> & { editionId: string | null };
export type OrganizationProductsAsk = Omit<SliceAsk<[string, string]>, 'visibility'> & { order: 'name' | 'lowerName' };

/** One parent's slice: up to the asked limit of rows and (when counted) how many it has in all. */
export interface Slice<R> {
  rows: R[];
  total: number;
}

/** One key per (ask, parent). */
export function sliceKey(parentId: string, ask: object): string {
  return JSON.stringify([JSON.stringify(ask), parentId]);
}

/** A loader of per-parent slices keyed by sliceKey: one statement per distinct ask in the batch, whatever the number of parents. */
function sliceLoader<A, R extends { forParent: string }>(fetch: (parentIds: string[], ask: A) => Promise<Slices<R>>): DataLoader<string, Slice<R>> {
  return new DataLoader<string, Slice<R>>(async (keys) => {
    const byAsk = groupBy(
      keys.map((key) => JSON.parse(key) as [string, string]),
      ([ask]) => ask,
    );
    const slices = new Map<string, Slice<R>>();
    await Promise.all(
      [...byAsk].map(async ([ask, pairs]) => {
        const parentIds = [...new Set(pairs.map(([, id]) => id))].filter(isUuid);
        if (!parentIds.length) return;
        const { rows, totals } = await fetch(parentIds, JSON.parse(ask) as A);
        const groups = groupBy(rows, (r) => r.forParent);
        for (const id of parentIds) slices.set(JSON.stringify([ask, id]), { rows: groups.get(id) ?? [], total: totals.get(id) ?? 0 });
      }),
    );
    return keys.map((key) => slices.get(key) ?? { rows: [], total: 0 });
  });
}

/** One statement per batch, whatever the number of products, features or mappings asked for. Plain rows, no entities. */
export function createCatalogLoaders(em: EntityManager) {
  return {
    product: byIdLoader((ids) => productsById(em, ids)),
    feature: byIdLoader((ids) => featuresById(em, ids)),
    mapping: byIdLoader((ids) => mappingsById(em, ids)),
    /** Organizations' names, read (never written) from membership's table. */
    organizationName: byIdLoader((ids) => organizationNames(em, ids)),
    featuresByProduct: new DataLoader<string, FeatureRecord[]>(async (productIds) => {
      const valid = productIds.filter(isUuid);
      const rows = valid.length ? await featuresOfProducts(em, valid) : [];
      const groups = groupBy(rows, (f) => f.productId);
      return productIds.map((id) => groups.get(id) ?? []);
    }),
    /** Every mapping of a feature, all editions; Feature.mappings filters by edition. */
    mappingsByFeature: new DataLoader<string, MappingRecord[]>(async (featureIds) => {
      const valid = featureIds.filter(isUuid);
      const rows = valid.length ? await mappingsOfFeatures(em, valid) : [];
      const groups = groupBy(rows, (m) => m.featureId);
      return featureIds.map((id) => groups.get(id) ?? []);
    }),
    /** Product.features and featureConnection, keyed by sliceKey(productId, FeaturesAsk). */
    productFeatures: sliceLoader((ids, ask: FeaturesAsk) => productFeatureRows(em, ids, ask)),
    /** Feature.mappings and mappingConnection, keyed by sliceKey(featureId, FeatureMappingsAsk). */
    featureMappings: sliceLoader<FeatureMappingsAsk, FeatureMappingRow>((ids, ask) => featureMappingRows(em, ids, ask)),
    /** Organization.products and productConnection, keyed by sliceKey(organizationId, OrganizationProductsAsk). */
    organizationProducts: sliceLoader((ids, ask: OrganizationProductsAsk) => organizationProductRows(em, ids, ask)),
    /** Keyed by capabilityMappingsKey: one statement per distinct ask in the batch (normally one), whatever the number of capabilities. */
    capabilityMappings: new DataLoader<string, CapabilityMappingsSlice>(async (keys) => {
      const byAsk = groupBy(
        keys.map((key) => JSON.parse(key) as [string, string]),
        ([ask]) => ask,
      );
      const slices = new Map<string, CapabilityMappingsSlice>();
      await Promise.all(
        [...byAsk].map(async ([ask, pairs]) => {
          const capabilityIds = [...new Set(pairs.map(([, id]) => id))].filter(isUuid);
          if (!capabilityIds.length) return;
          const { rows, totals } = await capabilityMappingRows(em, { ...(JSON.parse(ask) as CapabilityMappingsAsk), capabilityIds });
          const groups = groupBy(rows, (m) => m.capabilityId);
          for (const id of capabilityIds) slices.set(JSON.stringify([ask, id]), { rows: groups.get(id) ?? [], total: totals.get(id) ?? 0 });
        }),
      );
      return keys.map((key) => slices.get(key) ?? { rows: [], total: 0 });
    }),
    /**
     * Keyed by coverageKey(productId, editionId, asOf): the capability ids that count for coverage,
     * from product_coverage (now) or mapping_history (asOf). One statement per distinct asOf in the batch.
     */
    coveredCapabilities: new DataLoader<string, string[]>(async (keys) => {
      const byAsOf = groupBy(
        keys.map((key) => key.split(SEP) as [string, string, string]),
        ([, , asOf]) => asOf,
      );
      const covered = new Map<string, string[]>();
      await Promise.all(
        [...byAsOf].map(async ([asOf, triples]) => {
          const productIds = [...new Set(triples.map(([p]) => p))].filter(isUuid);
          const editionIds = [...new Set(triples.map(([, e]) => e))].filter(isUuid);
          for (const row of await coveredCapabilityRows(em, productIds, editionIds, asOf || null)) {
            const key = coverageKey(row.productId, row.editionId, asOf);
            const list = covered.get(key);
            if (list) list.push(row.capabilityId);
            else covered.set(key, [row.capabilityId]);
          }
        }),
      );
      return keys.map((key) => covered.get(key) ?? []);
    }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;

export function catalogLoaders(ctx: Context): CatalogLoaders {
  return ctx.loaders.get(createCatalogLoaders);
}
