import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEntry } from '../../audit';
import { assertRole, assertWritesFor } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import { planCarryForward } from '../../domain/catalog/carry-forward';
import { userError } from '../../domain/errors';
import { buildLineageIndex } from '../../domain/framework/lineage';
import { isUuid } from '../../domain/ids';
import { type EditionRow, type FrameworkSnapshot, lineageTransitionsOf } from '../../reference/framework';
import { runMutation } from '../../services/run-mutation';
import { actingIdentity } from './actor';
import type { CatalogLoaders } from './catalog.loaders';
import { insertRows, mappingsOfProduct, type NewMappingRow, supersedeMappings } from './catalog.repository';
import type { CarriedMappingData, CarryMappingsForwardInput, CarryMappingsForwardPayload } from './catalog.types';

/**
 * CarryMappingsForward: plans with the pure rule (planCarryForward over the framework lineage),
 * then, unless it is a dry run, writes the carried mappings and marks their sources SUPERSEDED in
 * one transaction. The past is never rewritten: sources keep their approval, so they keep counting
 * for their own edition.
 */
export class CarryForwardService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CatalogLoaders,
    private readonly framework: FrameworkSnapshot,
    private readonly viewer: Viewer | null,
  ) {}

  carryForward(input: CarryMappingsForwardInput): Promise<CarryMappingsForwardPayload> {
    const actor = actingIdentity(this.viewer);
    const dryRun = input.dryRun ?? false;
    return runMutation(this.em, this.viewer, {
      subgraph: 'catalog',
      failed: (errors) => ({ carried: [], dropped: [], superseded: 0, dryRun, errors }),
      authorize: () => assertRole(this.viewer, ['VENDOR'], 'carry mappings forward'),
      validate: async (errors) => {
        const product = isUuid(input.productId) ? await this.loaders.product.load(input.productId) : null;
        if (!product) errors.push(userError('NOT_FOUND', `No product with id "${input.productId}"`, 'input.productId'));
        else assertWritesFor(this.viewer, product.organizationId, "carry this organization's mappings forward");
        const from = this.framework.editionBySlug.get(input.fromEdition.trim());
        if (!from) errors.push(userError('NOT_FOUND', `Unknown framework edition "${input.fromEdition}"`, 'input.fromEdition'));
        const to = this.framework.editionBySlug.get(input.toEdition.trim());
        if (!to) errors.push(userError('NOT_FOUND', `Unknown framework edition "${input.toEdition}"`, 'input.toEdition'));
        if (from && to && to.position <= from.position) {
          errors.push(userError('EDITION_NOT_LATER', `toEdition ${to.slug} must be later than fromEdition ${from.slug}`, 'input.toEdition'));
        }
        return product && from && to ? { product, from, to } : undefined;
      },
      // A dry run only reads; a real one reads and writes in one transaction, through tx only. A unique
      // index refusing a row means the product changed meanwhile: CONFLICT.
      readOnly: dryRun,
      write: (tx, { product, from, to }) => this.carry(tx, actor, dryRun, product.id, from, to),
    });
  }

  private async carry(
    em: EntityManager,
    actor: string,
    dryRun: boolean,
    productId: string,
    from: EditionRow,
    to: EditionRow,
  ): Promise<{ payload: CarryMappingsForwardPayload; audit: Omit<AuditEntry, 'subgraph'>[] }> {
    const framework = this.framework;
    const lineage = buildLineageIndex(
      framework.editions.map((e) => ({ edition: e.slug, capabilities: framework.capabilities(e.id).map((c) => c.slug) })),
      lineageTransitionsOf(framework),
    ).tracer(from.slug, to.slug);
    const slugOf = (capabilityId: string) => framework.capabilityById.get(capabilityId)!.slug;
    const audit: Omit<AuditEntry, 'subgraph'>[] = [];
    const sources = await mappingsOfProduct(em, productId, from.id);
    const targets = await mappingsOfProduct(em, productId, to.id);
    const plan = planCarryForward({
      sources: sources.map((s) => ({ ...s, capability: slugOf(s.capabilityId) })),
      lineage,
      existingTargets: targets.map((t) => ({ featureId: t.featureId, capability: slugOf(t.capabilityId), status: t.status })),
    });
    const carried: CarriedMappingData[] = plan.carried.map((c) => ({
      featureId: c.featureId,
      capability: { id: framework.capability(to.id, c.capability)!.id },
      status: c.status,
      relation: c.relation,
      alreadyPresent: c.alreadyPresent,
      mappingId: null,
    }));
    if (!dryRun) {
      const rows: NewMappingRow[] = [];
      plan.carried.forEach((c, i) => {
        if (c.alreadyPresent) return;
        const id = randomUUID();
        carried[i].mappingId = id;
        rows.push({
          id,
          feature_id: c.featureId,
          capability_id: carried[i].capability.id,
          edition_id: to.id,
          relationship: c.relationship,
          strength: c.strength,
          rationale: c.rationale,
          evidence_url: c.evidenceUrl,
          public: c.public,
          status: c.status,
          proposed_by: actor,
          approved_at: c.approvedAt,
        });
      });
      await insertRows(em, 'mapping', rows as unknown as Record<string, unknown>[]);
      await supersedeMappings(em, plan.supersededSourceIds);
      audit.push({
        objectType: 'Product',
        objectId: productId,
        action: 'CARRY_MAPPINGS_FORWARD',
        after: { from: from.slug, to: to.slug, created: rows.length, superseded: plan.supersededSourceIds.length, dropped: plan.dropped.length },
      });
      // Every mapping created or changed is findable under its own id; recordAudit writes them in one statement.
      plan.carried.forEach((c, i) => {
        const mappingId = carried[i].mappingId;
        if (!mappingId) return;
        audit.push({
          objectType: 'Mapping',
          objectId: mappingId,
          action: 'CARRY_MAPPING_FORWARD',
          after: {
            productId,
            edition: to.slug,
            capability: c.capability,
            status: c.status,
            relation: c.relation,
            sourceMappingIds: c.sourceMappingIds,
          },
        });
      });
      const sourceStatus = new Map(sources.map((m) => [m.id, m.status]));
      for (const id of plan.supersededSourceIds) {
        audit.push({
          objectType: 'Mapping',
          objectId: id,
          action: 'SUPERSEDE_MAPPING',
          before: { status: sourceStatus.get(id) },
          after: { productId, status: 'SUPERSEDED', carriedTo: to.slug },
        });
      }
    }
    return {
      audit,
      payload: {
        carried,
        dropped: plan.dropped.map((d) => ({
          featureId: d.featureId,
          capability: { id: framework.capability(from.id, d.capability)!.id },
          sourceMappingId: d.sourceMappingId,
        })),
        superseded: plan.supersededSourceIds.length,
        dryRun,
        errors: [],
      },
    };
  }
}
