import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEntry } from '../../audit';
import { assertRole, assertWritesFor } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import { mappingKey, parseMappingSheet, type MappingSheetFormat } from '../../domain/catalog/mapping-sheet';
import { sheetBatchProblems, sheetBatchRowProblem } from '../../domain/catalog/mapping-sheet-batch';
import { userError, type UserErrorData } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { runMutation } from '../../services/run-mutation';
import type { FrameworkSnapshot } from '../../reference/framework';
import { actingIdentity } from './actor';
import type { CatalogLoaders } from './catalog.loaders';
import type { ProductRecord } from './catalog.repository';
import type {
  ImportMappingSheetsInput,
  ImportMappingSheetsPayload,
  ImportMappingsInput,
  ImportMappingsPayload,
  MappingSheetResultType,
} from './catalog.types';
import {
  featuresOfProductsForImport,
  type ImportFeatureRow,
  type ImportMappingRow,
  insertImportedFeatures,
  insertImportedMappings,
  mappingsOfProductEditions,
} from './import-mappings.repository';

/** One sheet as the import sees it; `field` is where its input sits ('input', 'input.sheets.3'). */
interface SheetSpec {
  productId: string;
  edition: string;
  format: MappingSheetFormat;
  content: string;
  field: string;
}

type Edition = NonNullable<ReturnType<FrameworkSnapshot['editionBySlug']['get']>>;

interface PlannedSheet {
  spec: SheetSpec;
  result: MappingSheetResultType;
  product: ProductRecord | null;
  edition: Edition | null;
}

/**
 * ImportMappings and ImportMappingSheets: vendors' sheets, each all rows or none. Parsing and every
 * check happen before anything is written, and the whole request runs in one transaction with a
 * FIXED number of statements whatever the number of sheets and rows: one product lookup, one read of
 * the products' features, one of what their (product, edition) pairs already map, one INSERT of the
 * new features, one of the mappings (both INSERT … SELECT FROM unnest) and one audit INSERT.
 */
export class ImportMappingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CatalogLoaders,
    private readonly framework: FrameworkSnapshot,
    private readonly viewer: Viewer | null,
  ) {}

  /** One sheet; its problems are the payload's errors, as before the bulk path existed. */
  async importMappings(input: ImportMappingsInput): Promise<ImportMappingsPayload> {
    const dryRun = input.dryRun ?? false;
    const spec: SheetSpec = {
      productId: input.productId,
      edition: input.edition,
      format: input.format ?? 'CSV',
      content: input.content,
      field: 'input',
    };
    const fail = (errors: UserErrorData[], rowErrors: ImportMappingsPayload['rowErrors'] = []): ImportMappingsPayload => ({
      created: 0,
      featuresCreated: 0,
      dryRun,
      rowErrors,
      errors,
    });
    return this.run([spec], dryRun, {
      checkBatch: false,
      failed: fail,
      done: ([sheet]) =>
        sheet.written
          ? { created: sheet.created, featuresCreated: sheet.featuresCreated, dryRun, rowErrors: [], errors: [] }
          : fail(sheet.errors, sheet.rowErrors),
    });
  }

  /**
   * Many sheets in one request. Each sheet is all or nothing on its own: sheets without errors are
   * written, a sheet with errors writes nothing, and the payload says which is which. A refusal
   * (a sheet for another organization's product) or a conflict refuses the whole request.
   */
  async importMappingSheets(input: ImportMappingSheetsInput): Promise<ImportMappingSheetsPayload> {
    const dryRun = input.dryRun ?? false;
    const specs: SheetSpec[] = input.sheets.map((s, i) => ({
      productId: s.productId,
      edition: s.edition,
      format: s.format ?? 'CSV',
      content: s.content,
      field: `input.sheets.${i}`,
    }));
    return this.run(specs, dryRun, {
      checkBatch: true,
      failed: (errors): ImportMappingSheetsPayload => ({ created: 0, featuresCreated: 0, dryRun, sheets: [], errors }),
      done: (sheets) => ({
        created: sheets.reduce((n, s) => n + s.created, 0),
        featuresCreated: sheets.reduce((n, s) => n + s.featuresCreated, 0),
        dryRun,
        sheets,
        errors: [],
      }),
    });
  }

  private run<R extends { errors: UserErrorData[] }>(
    specs: SheetSpec[],
    dryRun: boolean,
    out: { checkBatch: boolean; failed: (errors: UserErrorData[]) => R; done: (sheets: MappingSheetResultType[]) => R },
  ): Promise<R> {
    const actor = actingIdentity(this.viewer);
    // Someone mapping the same pair (or adding the same feature) while the sheets are imported makes a
    // unique index refuse a row: a CONFLICT (top-level), nothing written.
    return runMutation(this.em, this.viewer, {
      subgraph: 'catalog',
      failed: out.failed,
      authorize: () => assertRole(this.viewer, ['VENDOR'], 'import mapping sheets'),
      validate: async (errors) => {
        if (out.checkBatch) {
          errors.push(...prefixed(sheetBatchProblems(specs.map((s) => s.content)), 'input'));
          if (errors.length) return undefined;
        }
        // One statement for every product named (the loader batches the loads).
        const products = await Promise.all(specs.map((s) => (isUuid(s.productId) ? this.loaders.product.load(s.productId) : null)));
        return specs.map((spec, index): PlannedSheet => {
          const product = products[index] ?? null;
          const result: MappingSheetResultType = {
            index,
            productId: spec.productId,
            edition: spec.edition,
            written: false,
            created: 0,
            featuresCreated: 0,
            rowErrors: [],
            errors: [],
          };
          if (!product) result.errors.push(userError('NOT_FOUND', `No product with id "${spec.productId}"`, `${spec.field}.productId`));
          // Any sheet for another organization's product refuses the whole request (FORBIDDEN).
          else assertWritesFor(this.viewer, product.organizationId, "import mappings for this organization's products");
          const edition = this.framework.editionBySlug.get(spec.edition.trim()) ?? null;
          if (!edition) result.errors.push(userError('NOT_FOUND', `Unknown framework edition "${spec.edition}"`, `${spec.field}.edition`));
          return { spec, result, product, edition };
        });
      },
      write: async (tx, planned) => {
        const ready = planned.filter((p) => p.product && p.edition) as (PlannedSheet & { product: ProductRecord; edition: Edition })[];
        if (!ready.length) return { audit: [], payload: out.done(planned.map((p) => p.result)) };

        // Only tx from here on: with a pool of one, any other EntityManager would wait forever.
        const productIds = [...new Set(ready.map((p) => p.product.id))];
        const pairs = uniqueBy(
          ready.map((p) => ({ productId: p.product.id, editionId: p.edition.id })),
          (p) => `${p.productId}/${p.editionId}`,
        );
        const features = await featuresOfProductsForImport(tx, productIds);
        const existingMappings = await mappingsOfProductEditions(tx, pairs);

        const featureIdByName = new Map<string, Map<string, string>>(productIds.map((id) => [id, new Map()]));
        for (const f of features) featureIdByName.get(f.productId)!.set(f.name.trim().toLowerCase(), f.id);
        const existingByPair = new Map<string, Set<string>>(pairs.map((p) => [`${p.productId}/${p.editionId}`, new Set()]));
        for (const m of existingMappings) {
          existingByPair
            .get(`${m.productId}/${m.editionId}`)!
            .add(mappingKey(m.featureName, this.framework.capabilityById.get(m.capabilityId)?.slug ?? ''));
        }
        const slugsByEdition = new Map<string, Map<string, string>>();

        const newFeatures: ImportFeatureRow[] = [];
        const mappings: ImportMappingRow[] = [];
        const audit: Omit<AuditEntry, 'subgraph'>[] = [];
        let rowsSeen = 0;
        for (const { spec, result, product, edition } of ready) {
          let capabilityIdBySlug = slugsByEdition.get(edition.id);
          if (!capabilityIdBySlug) {
            capabilityIdBySlug = new Map(this.framework.capabilities(edition.id).map((c) => [c.slug, c.id]));
            slugsByEdition.set(edition.id, capabilityIdBySlug);
          }
          // A later sheet for the same product and edition sees what an earlier one in this request adds.
          const existing = existingByPair.get(`${product.id}/${edition.id}`)!;
          const sheet = parseMappingSheet({
            format: spec.format,
            content: spec.content,
            capabilitySlugs: new Set(capabilityIdBySlug.keys()),
            existing,
          });
          rowsSeen += sheet.rows.length + new Set(sheet.rowErrors.map((e) => e.line)).size;
          if (sheet.errors.length || sheet.rowErrors.length) {
            result.errors.push(...prefixed(sheet.errors, spec.field));
            result.rowErrors = sheet.rowErrors;
            continue;
          }
          const byName = featureIdByName.get(product.id)!;
          const firstMapping = mappings.length;
          let featuresCreated = 0;
          for (const row of sheet.rows) {
            const key = row.featureName.toLowerCase();
            let featureId = byName.get(key);
            if (!featureId) {
              featureId = randomUUID();
              byName.set(key, featureId);
              newFeatures.push({ id: featureId, productId: product.id, name: row.featureName });
              featuresCreated++;
            }
            existing.add(mappingKey(row.featureName, row.capabilitySlug));
            mappings.push({
              id: randomUUID(),
              featureId,
              capabilityId: capabilityIdBySlug.get(row.capabilitySlug)!,
              editionId: edition.id,
              relationship: row.relationship,
              strength: row.strength,
              rationale: row.rationale,
              evidenceUrl: row.evidenceUrl,
            });
          }
          Object.assign(result, { written: true, created: sheet.rows.length, featuresCreated });
          audit.push({
            objectType: 'Product',
            objectId: product.id,
            action: 'IMPORT_MAPPINGS',
            after: { edition: edition.slug, mappingsCreated: sheet.rows.length, featuresCreated, format: spec.format },
          });
          // Each imported mapping under its own id too (recordAudit writes all of them in one statement).
          for (let k = firstMapping; k < mappings.length; k++) {
            const m = mappings[k];
            audit.push({
              objectType: 'Mapping',
              objectId: m.id,
              action: 'IMPORT_MAPPING',
              after: {
                productId: product.id,
                featureId: m.featureId,
                edition: edition.slug,
                capability: this.framework.capabilityById.get(m.capabilityId)?.slug,
                status: 'PROPOSED',
              },
            });
          }
        }
        if (out.checkBatch) {
          const tooMany = sheetBatchRowProblem(rowsSeen);
          if (tooMany) return { audit: [], payload: out.failed(prefixed([tooMany], 'input')) };
        }
        if (dryRun) return { audit: [], payload: out.done(planned.map((p) => p.result)) };
        await insertImportedFeatures(tx, newFeatures);
        await insertImportedMappings(tx, mappings, actor);
        return { audit, payload: out.done(planned.map((p) => p.result)) };
      },
    });
  }
}

function prefixed(errors: readonly UserErrorData[], field: string): UserErrorData[] {
  return errors.map((e) => ({ ...e, field: e.field ? `${field}.${e.field}` : field }));
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
