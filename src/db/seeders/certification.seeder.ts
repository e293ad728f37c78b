import type { EntityManager } from '@mikro-orm/postgresql';
import { parseRulebooks } from '../../domain/certification';
import { stableId } from '../ids';
import { upsertRows } from '../upsert';
import { readSeedFolder } from './seed-files';

export const certificationProgramId = (slug: string) => stableId('certification-program', slug);

/**
 * Loads seeds/certifications (one rulebook per program) after parseRulebooks has validated all of
 * them together (exactly one default, every reference resolved). Upserted by slug with a name-based
 * id, so reseeding updates a program in place and applications and awards keep pointing at it. A
 * program dropped from the seeds stays in the table: decisions already taken under it still name it.
 */
export async function seedCertificationPrograms(em: EntityManager): Promise<{ programs: number }> {
  const programs = parseRulebooks(readSeedFolder('certifications'));
  const ordered = [...programs].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.slug.localeCompare(b.slug));
  const rows = ordered.map((p, i) => ({
    id: certificationProgramId(p.slug),
    slug: p.slug,
    name: p.name,
    effective_from: p.effectiveFrom,
    is_default: p.isDefault,
    framework_edition: p.frameworkEdition,
    award_validity_months: p.awardValidityMonths,
    position: i + 1,
    rulebook: JSON.stringify(p),
  }));
  await upsertRows(em, 'certification_program', rows, {
    conflict: ['slug'],
    update: ['name', 'effective_from', 'is_default', 'framework_edition', 'award_validity_months', 'position', 'rulebook'],
  });
  return { programs: rows.length };
}
