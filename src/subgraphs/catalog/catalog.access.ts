import { seesEverything, seesPrivateOf } from '../../domain/access/policy';
import { countsForCoverage } from '../../domain/coverage/compute-coverage';
import type { Context } from '../../graphql/context';
import { catalogLoaders } from './catalog.loaders';
import type { MappingRecord, MappingVisibility } from './catalog.repository';

/** Published: public and approved (or approved, then superseded). What anyone may see. */
export function isPublished(m: MappingRecord): boolean {
  return countsForCoverage({ status: m.status, public: m.public, approvedAt: m.approvedAt ? m.approvedAt.toISOString() : null });
}

/**
 * The mappings this viewer may see: published ones for anyone; drafts, private and rejected ones
 * only for the product's own vendor and Foundation staff. Hidden ones are simply absent. Resolving
 * the owner of a hidden candidate costs two batched lookups (feature, then product), never one per row.
 */
export async function visibleMappings(ctx: Context, mappings: MappingRecord[]): Promise<MappingRecord[]> {
  if (seesEverything(ctx.viewer)) return mappings;
  const hidden = mappings.filter((m) => !isPublished(m));
  if (!hidden.length) return mappings;
  if (ctx.viewer?.role !== 'VENDOR') return mappings.filter(isPublished);
  const loaders = catalogLoaders(ctx);
  const features = await loaders.feature.loadMany([...new Set(hidden.map((m) => m.featureId))]);
  const productIds = [...new Set(features.flatMap((f) => (f && !(f instanceof Error) ? [f.productId] : [])))];
  const products = await loaders.product.loadMany(productIds);
  const ownProducts = new Set(products.flatMap((p) => (p && !(p instanceof Error) && seesPrivateOf(ctx.viewer, p.organizationId) ? [p.id] : [])));
  const ownFeatures = new Set(features.flatMap((f) => (f && !(f instanceof Error) && ownProducts.has(f.productId) ? [f.id] : [])));
  return mappings.filter((m) => isPublished(m) || ownFeatures.has(m.featureId));
}

/** The same rule as visibleMappings, for SQL that must count only what the viewer sees (bounded lists, pages). */
export function mappingVisibility(ctx: Context): MappingVisibility {
  if (seesEverything(ctx.viewer)) return { kind: 'all' };
  if (ctx.viewer?.role === 'VENDOR' && ctx.viewer.organizationId) return { kind: 'publishedOrOwn', organizationId: ctx.viewer.organizationId };
  return { kind: 'published' };
}
