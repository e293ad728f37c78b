import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../../db/sql';

// The statements of a mapping import, set-based: each is ONE statement whatever the number of
// sheets and rows (arrays bound as parameters and expanded by unnest), so an import's SQL count is
// fixed. Used only by import-mappings.service.ts.

export interface ImportFeatureRow {
  id: string;
  productId: string;
  name: string;
}

/** Every feature of the given products. */
export function featuresOfProductsForImport(em: EntityManager, productIds: readonly string[]): Promise<ImportFeatureRow[]> {
  return sqlRows<ImportFeatureRow>(em, `select id, product_id as "productId", name from feature where product_id = any(?::uuid[])`, [productIds]);
}

export interface ImportExistingMapping {
  productId: string;
  editionId: string;
  featureName: string;
  capabilityId: string;
}

/** What each (product, edition) pair already maps: one statement for all pairs. */
export function mappingsOfProductEditions(
  em: EntityManager,
  pairs: readonly { productId: string; editionId: string }[],
): Promise<ImportExistingMapping[]> {
  return sqlRows<ImportExistingMapping>(
    em,
    `select f.product_id as "productId", m.edition_id as "editionId", f.name as "featureName", m.capability_id as "capabilityId"
       from unnest(?::uuid[], ?::uuid[]) as k(product_id, edition_id)
       join feature f on f.product_id = k.product_id
       join mapping m on m.feature_id = f.id and m.edition_id = k.edition_id`,
    [pairs.map((p) => p.productId), pairs.map((p) => p.editionId)],
  );
}

/** New features of any number of products: one INSERT … SELECT FROM unnest. */
export async function insertImportedFeatures(em: EntityManager, rows: readonly ImportFeatureRow[]): Promise<void> {
  if (!rows.length) return;
  await sqlRows(
    em,
    `insert into feature (id, product_id, name)
     select * from unnest(?::uuid[], ?::uuid[], ?::text[])`,
    [rows.map((r) => r.id), rows.map((r) => r.productId), rows.map((r) => r.name)],
  );
}

export interface ImportMappingRow {
  id: string;
  featureId: string;
  capabilityId: string;
  editionId: string;
  relationship: string;
  strength: number | null;
  rationale: string | null;
  evidenceUrl: string | null;
}

/** New mappings, PROPOSED by `proposedBy`, public: one INSERT … SELECT FROM unnest. */
export async function insertImportedMappings(em: EntityManager, rows: readonly ImportMappingRow[], proposedBy: string): Promise<void> {
  if (!rows.length) return;
  await sqlRows(
    em,
    `insert into mapping (id, feature_id, capability_id, edition_id, relationship, strength, rationale, evidence_url, public, status, proposed_by)
     select u.id, u.feature_id, u.capability_id, u.edition_id, u.relationship, u.strength, u.rationale, u.evidence_url, true, 'PROPOSED', ?::text
       from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[])
         as u(id, feature_id, capability_id, edition_id, relationship, strength, rationale, evidence_url)`,
    [
      proposedBy,
      rows.map((r) => r.id),
      rows.map((r) => r.featureId),
      rows.map((r) => r.capabilityId),
      rows.map((r) => r.editionId),
      rows.map((r) => r.relationship),
      rows.map((r) => r.strength),
      rows.map((r) => r.rationale),
      rows.map((r) => r.evidenceUrl),
    ],
  );
}
