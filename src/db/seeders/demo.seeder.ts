import type { EntityManager } from '@mikro-orm/postgresql';
import { isMappingRelationship, isMappingStatus, type MappingRelationship, type MappingStatus } from '../../domain/catalog/mapping-status';
import { DomainError } from '../../domain/errors';
import { MEMBERSHIP_LEVELS } from '../../domain/membership/membership';
import { loadFrameworkSnapshot } from '../../reference/framework';
import { stableId } from '../ids';
import { upsertRows } from '../upsert';
import { readSeedFolder } from './seed-files';

// Demo vendors, products, features and mappings from seeds/demo/*.json, so a fresh `npm start`
// has a coverage matrix worth looking at. Everything gets name-based ids and is upserted: reseeding
// updates in place and never changes an id. Runs after the framework seeder, in its transaction.

interface DemoMapping {
  edition: string;
  capability: string;
  status: MappingStatus;
  relationship?: MappingRelationship;
  strength?: number;
  rationale?: string;
  evidenceUrl?: string;
  public?: boolean;
}
interface DemoFile {
  organization: { name: string; employeeCount: number; finopsMembership: string | null; linuxFoundationMember: boolean };
  products: { name: string; description?: string; url?: string; features: { name: string; description?: string; mappings: DemoMapping[] }[] }[];
}

export const DEMO_PROPOSER = 'demo-seed';
export const DEMO_REVIEWER = 'demo-reviewer';

export const demoIds = {
  organization: (name: string) => stableId('demo', 'organization', name),
  product: (organizationId: string, name: string) => stableId('demo', 'product', organizationId, name),
  feature: (productId: string, name: string) => stableId('demo', 'feature', productId, name.trim().toLowerCase()),
  mapping: (featureId: string, capabilityId: string) => stableId('demo', 'mapping', featureId, capabilityId),
};

export async function seedDemo(em: EntityManager): Promise<{ organizations: number; products: number; features: number; mappings: number }> {
  const files = readSeedFolder('demo') as { file: string; data: DemoFile }[];
  const framework = await loadFrameworkSnapshot(em);
  const organizations: Record<string, unknown>[] = [];
  const products: Record<string, unknown>[] = [];
  const features: Record<string, unknown>[] = [];
  const mappings: Record<string, unknown>[] = [];

  for (const { file, data } of files) {
    const invalid = (message: string) => new DomainError('INVALID_SEED', `${file}: ${message}`);
    const org = data.organization;
    if (!org?.name?.trim()) throw invalid('organization.name is required');
    if (org.finopsMembership !== null && !(MEMBERSHIP_LEVELS as readonly string[]).includes(org.finopsMembership)) {
      throw invalid(`unknown finopsMembership "${org.finopsMembership}"`);
    }
    const organizationId = demoIds.organization(org.name);
    organizations.push({
      id: organizationId,
      name: org.name,
      employee_count: org.employeeCount,
      finops_membership: org.finopsMembership,
      linux_foundation_member: org.linuxFoundationMember,
    });
    for (const p of data.products ?? []) {
      const productId = demoIds.product(organizationId, p.name);
      products.push({ id: productId, organization_id: organizationId, name: p.name, description: p.description ?? null, url: p.url ?? null });
      for (const f of p.features) {
        const featureId = demoIds.feature(productId, f.name);
        features.push({ id: featureId, product_id: productId, name: f.name, description: f.description ?? null });
        for (const m of f.mappings) {
          const edition = framework.editionBySlug.get(m.edition);
          if (!edition) throw invalid(`"${f.name}": unknown edition "${m.edition}"`);
          const capability = framework.capability(edition.id, m.capability);
          if (!capability) throw invalid(`"${f.name}": edition ${m.edition} has no capability "${m.capability}"`);
          if (!isMappingStatus(m.status)) throw invalid(`"${f.name}": unknown status "${m.status}"`);
          if (m.relationship !== undefined && !isMappingRelationship(m.relationship)) {
            throw invalid(`"${f.name}": unknown relationship "${m.relationship}"`);
          }
          // Demo reviews happened "in" their edition's year, so the dates read sensibly.
          const decidedAt = `${m.edition}-06-01T00:00:00Z`;
          const decided = m.status !== 'PROPOSED';
          mappings.push({
            id: demoIds.mapping(featureId, capability.id),
            feature_id: featureId,
            capability_id: capability.id,
            edition_id: edition.id,
            relationship: m.relationship ?? 'INTERSECTS',
            strength: m.strength ?? null,
            rationale: m.rationale ?? null,
            evidence_url: m.evidenceUrl ?? null,
            public: m.public ?? true,
            status: m.status,
            proposed_by: DEMO_PROPOSER,
            proposed_at: `${m.edition}-05-01T00:00:00Z`,
            reviewed_by: decided ? DEMO_REVIEWER : null,
            reviewed_at: decided ? decidedAt : null,
            approved_at: m.status === 'APPROVED' ? decidedAt : null,
          });
        }
      }
    }
  }

  await upsertRows(em, 'organization', organizations, { conflict: ['id'] });
  await upsertRows(em, 'product', products, { conflict: ['id'] });
  await upsertRows(em, 'feature', features, { conflict: ['id'] });
  // By the natural key, so a pair mapped by hand since the last seed is updated, not duplicated.
  await upsertRows(em, 'mapping', mappings, {
    conflict: ['feature_id', 'capability_id'],
    update: Object.keys(mappings[0] ?? {}).filter((c) => c !== 'id' && c !== 'feature_id' && c !== 'capability_id'),
  });
  return { organizations: organizations.length, products: products.length, features: features.length, mappings: mappings.length };
}
