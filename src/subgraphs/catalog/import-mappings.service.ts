import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEntry } from '../../audit';
import { assertRole, assertWritesFor } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import { mappingKey, parseMappingSheet } from '../../domain/catalog/mapping-sheet';
import { userError, type UserErrorData } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { runMutation } from '../../services/run-mutation';
import type { FrameworkSnapshot } from '../../reference/framework';
import { actingIdentity } from './actor';
import type { CatalogLoaders } from './catalog.loaders';
import { featuresOfProduct, insertRows, mappingsOfProduct, type NewMappingRow } from './catalog.repository';
import type { ImportMappingsInput, ImportMappingsPayload } from './catalog.types';

/**
 * ImportMappings: a vendor's whole sheet, all rows or none. Parsing and every check happen before
 * anything is written; the writes are set-based (one INSERT per 1000 features or mappings) inside
 * one transaction that uses only its own EntityManager.
 */
export class ImportMappingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CatalogLoaders,
    private readonly framework: FrameworkSnapshot,
    private readonly viewer: Viewer | null,
  ) {}

  importMappings(input: ImportMappingsInput): Promise<ImportMappingsPayload> {
    const actor = actingIdentity(this.viewer);
    const dryRun = input.dryRun ?? false;
    const fail = (errors: UserErrorData[], rowErrors: ImportMappingsPayload['rowErrors'] = []): ImportMappingsPayload => ({
      created: 0,
      featuresCreated: 0,
      dryRun,
      rowErrors,
      errors,
    });
    // Someone mapping the same pair (or adding the same feature) while the sheet is imported makes a
    // unique index refuse a row: a CONFLICT (top-level), nothing written.
    return runMutation(this.em, this.viewer, {
      subgraph: 'catalog',
      failed: fail,
      authorize: () => assertRole(this.viewer, ['VENDOR'], 'import mapping sheets'),
      validate: async (errors) => {
        const product = isUuid(input.productId) ? await this.loaders.product.load(input.productId) : null;
        if (!product) errors.push(userError('NOT_FOUND', `No product with id "${input.productId}"`, 'input.productId'));
        else assertWritesFor(this.viewer, product.organization.id, "import mappings for this organization's products");
        const edition = this.framework.editionBySlug.get(input.edition.trim());
        if (!edition) errors.push(userError('NOT_FOUND', `Unknown framework edition "${input.edition}"`, 'input.edition'));
        return product && edition ? { product, edition } : undefined;
      },
      write: async (tx, { product, edition }) => {
        const capabilities = this.framework.capabilities(edition.id);
        const capabilityIdBySlug = new Map(capabilities.map((c) => [c.slug, c.id]));
        // Only tx from here on: with a pool of one, any other EntityManager would wait forever.
        const audit: Omit<AuditEntry, 'subgraph'>[] = [];
        const features = await featuresOfProduct(tx, product.id);
        const existingMappings = await mappingsOfProduct(tx, product.id, edition.id);
        const featureNameById = new Map(features.map((f) => [f.id, f.name]));
        const existing = new Set(
          existingMappings.map((m) =>
            mappingKey(featureNameById.get(m.featureId) ?? '', this.framework.capabilityById.get(m.capabilityId)?.slug ?? ''),
          ),
        );
        const sheet = parseMappingSheet({
          format: input.format ?? 'CSV',
          content: input.content,
          capabilitySlugs: new Set(capabilityIdBySlug.keys()),
          existing,
        });
        if (sheet.errors.length || sheet.rowErrors.length) {
          return {
            audit: [],
            payload: fail(
              sheet.errors.map((e) => ({ ...e, field: e.field ? `input.${e.field}` : null })),
              sheet.rowErrors,
            ),
          };
        }

        const featureIdByName = new Map(features.map((f) => [f.name.trim().toLowerCase(), f.id]));
        const newFeatures: { id: string; product_id: string; name: string }[] = [];
        const mappings: NewMappingRow[] = sheet.rows.map((row) => {
          const key = row.featureName.toLowerCase();
          let featureId = featureIdByName.get(key);
          if (!featureId) {
            featureId = randomUUID();
            featureIdByName.set(key, featureId);
            newFeatures.push({ id: featureId, product_id: product.id, name: row.featureName });
          }
          return {
            id: randomUUID(),
            feature_id: featureId,
            capability_id: capabilityIdBySlug.get(row.capabilitySlug)!,
            edition_id: edition.id,
            relationship: row.relationship,
            strength: row.strength,
            rationale: row.rationale,
            evidence_url: row.evidenceUrl,
            public: true,
            status: 'PROPOSED',
            proposed_by: actor,
            approved_at: null,
          };
        });
        if (!dryRun) {
          await insertRows(tx, 'feature', newFeatures, { returning: 'id' });
          await insertRows(tx, 'mapping', mappings as unknown as Record<string, unknown>[]);
          audit.push({
            objectType: 'Product',
            objectId: product.id,
            action: 'IMPORT_MAPPINGS',
            after: { edition: edition.slug, mappingsCreated: mappings.length, featuresCreated: newFeatures.length, format: input.format ?? 'CSV' },
          });
        }
        return { audit, payload: { created: mappings.length, featuresCreated: newFeatures.length, dryRun, rowErrors: [], errors: [] } };
      },
    });
  }
}
