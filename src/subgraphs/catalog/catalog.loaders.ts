import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../domain/ids';
import type { Context } from '../../graphql/context';
import { byIdLoader, groupBy } from '../../graphql/loader-utils';
import {
  type FeatureRecord,
  featuresById,
  featuresOfProducts,
  type MappingRecord,
  mappingsById,
  mappingsOfCapabilities,
  mappingsOfFeatures,
  organizationNames,
  type ProductRecord,
  productsById,
  productsOfOrganizations,
} from './catalog.repository';
import { coveredCapabilityRows } from './coverage.repository';

const SEP = '\u0000';

/** A (product, edition) or (capability, status) pair as one DataLoader key. */
export function pairKey(a: string, b: string | null | undefined): string {
  return `${a}${SEP}${b ?? ''}`;
}

/** A (product, edition, asOf) triple as one key; asOf '' is now. */
export function coverageKey(productId: string, editionId: string, asOf: string | null | undefined): string {
  return `${productId}${SEP}${editionId}${SEP}${asOf ?? ''}`;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(SEP);
  return [key.slice(0, i), key.slice(i + 1)];
}

/** One statement per batch, whatever the number of products, features or mappings asked for. Plain rows, no entities. */
export function createCatalogLoaders(em: EntityManager) {
  return {
    product: byIdLoader((ids) => productsById(em, ids)),
    feature: byIdLoader((ids) => featuresById(em, ids)),
    mapping: byIdLoader((ids) => mappingsById(em, ids)),
    /** Organizations' names, read (never written) from membership's table. */
    organizationName: byIdLoader((ids) => organizationNames(em, ids)),
    productsByOrganization: new DataLoader<string, ProductRecord[]>(async (orgIds) => {
      const valid = orgIds.filter(isUuid);
      const rows = valid.length ? await productsOfOrganizations(em, valid) : [];
      const groups = groupBy(rows, (p) => p.organizationId);
      return orgIds.map((id) => groups.get(id) ?? []);
    }),
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
    /** Keyed by pairKey(capabilityId, status or ''): mappings of the capability, optionally of one status. */
    mappingsByCapability: new DataLoader<string, MappingRecord[]>(async (keys) => {
      const capabilityIds = [...new Set(keys.map((k) => splitKey(k)[0]))].filter(isUuid);
      const rows = capabilityIds.length ? await mappingsOfCapabilities(em, capabilityIds) : [];
      const groups = groupBy(rows, (m) => m.capabilityId);
      return keys.map((key) => {
        const [capabilityId, status] = splitKey(key);
        const list = groups.get(capabilityId) ?? [];
        return status ? list.filter((m) => m.status === status) : list;
      });
    }),
    /**
     * Keyed by coverageKey(productId, editionId, asOf): the capability ids that count for coverage,
     * from product_coverage (now) or mapping_history (asOf). One statement per distinct asOf in the batch.
     */
    coveredCapabilities: new DataLoader<string, string[]>(async (keys) => {
      const byAsOf = groupBy(keys.map((key) => key.split(SEP) as [string, string, string]), ([, , asOf]) => asOf);
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
