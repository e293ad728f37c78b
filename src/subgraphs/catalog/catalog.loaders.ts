import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { countsForCoverage } from '../../domain/coverage/compute-coverage';
import { isUuid } from '../../domain/ids';
import type { Context } from '../../graphql/context';
import { byIdLoader, entityByIdLoader, groupBy } from '../../graphql/loader-utils';
import { coverageCandidates, organizationNames } from './catalog.repository';
import { Feature } from './entities/feature.entity';
import { Mapping } from './entities/mapping.entity';
import { Product } from './entities/product.entity';

const SEP = '\u0000';

/** A (product, edition) or (capability, status) pair as one DataLoader key. */
export function pairKey(a: string, b: string | null | undefined): string {
  return `${a}${SEP}${b ?? ''}`;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(SEP);
  return [key.slice(0, i), key.slice(i + 1)];
}

const MAPPING_ORDER = { proposedAt: 'asc', id: 'asc' } as const;

/** One statement per batch, whatever the number of products, features or mappings asked for. */
export function createCatalogLoaders(em: EntityManager) {
  return {
    product: entityByIdLoader(em, Product),
    feature: entityByIdLoader(em, Feature),
    mapping: entityByIdLoader(em, Mapping),
    /** Organizations' names, read (never written) from membership's table. */
    organizationName: byIdLoader((ids) => organizationNames(em, ids)),
    productsByOrganization: new DataLoader<string, Product[]>(async (orgIds) => {
      const valid = orgIds.filter(isUuid);
      const rows = valid.length ? await em.find(Product, { organization: { $in: valid } }, { orderBy: { name: 'asc', id: 'asc' } }) : [];
      const groups = groupBy(rows, (p) => p.organization.id);
      return orgIds.map((id) => groups.get(id) ?? []);
    }),
    featuresByProduct: new DataLoader<string, Feature[]>(async (productIds) => {
      const rows = await em.find(Feature, { product: { $in: [...productIds] } }, { orderBy: { name: 'asc', id: 'asc' } });
      const groups = groupBy(rows, (f) => f.product.id);
      return productIds.map((id) => groups.get(id) ?? []);
    }),
    /** Every mapping of a feature, all editions; Feature.mappings filters by edition. */
    mappingsByFeature: new DataLoader<string, Mapping[]>(async (featureIds) => {
      const rows = await em.find(Mapping, { feature: { $in: [...featureIds] } }, { orderBy: MAPPING_ORDER });
      const groups = groupBy(rows, (m) => m.feature.id);
      return featureIds.map((id) => groups.get(id) ?? []);
    }),
    /** Keyed by pairKey(capabilityId, status or ''): mappings of the capability, optionally of one status. */
    mappingsByCapability: new DataLoader<string, Mapping[]>(async (keys) => {
      const capabilityIds = [...new Set(keys.map((k) => splitKey(k)[0]))].filter(isUuid);
      const rows = capabilityIds.length
        ? await em.find(Mapping, { capability: { $in: capabilityIds } }, { orderBy: MAPPING_ORDER })
        : [];
      const groups = groupBy(rows, (m) => m.capability.id);
      return keys.map((key) => {
        const [capabilityId, status] = splitKey(key);
        const list = groups.get(capabilityId) ?? [];
        return status ? list.filter((m) => m.status === status) : list;
      });
    }),
    /** Keyed by pairKey(productId, editionId): the capability ids whose mappings count for coverage. */
    coveredCapabilities: new DataLoader<string, string[]>(async (keys) => {
      const pairs = keys.map(splitKey);
      const productIds = [...new Set(pairs.map(([p]) => p))];
      const editionIds = [...new Set(pairs.map(([, e]) => e))];
      const rows = await coverageCandidates(em, productIds, editionIds);
      const covered = new Map<string, Set<string>>();
      for (const row of rows) {
        if (!countsForCoverage(row)) continue;
        const key = pairKey(row.productId, row.editionId);
        let set = covered.get(key);
        if (!set) covered.set(key, (set = new Set()));
        set.add(row.capabilityId);
      }
      return keys.map((key) => [...(covered.get(key) ?? [])]);
    }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;

export function catalogLoaders(ctx: Context): CatalogLoaders {
  return ctx.loaders.get(createCatalogLoaders);
}
