import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import type { Rulebook } from '../../../domain/certification';

/**
 * A certification program: a versioned rulebook held as data. Seeded from seeds/certifications by
 * slug with a name-based id, so reseeding updates in place. The parsed rulebook is stored whole
 * (jsonb); the scalar columns beside it are what lists and joins need without opening it.
 */
@Entity({ tableName: 'certification_program' })
export class CertificationProgram extends BaseEntity {
  @Property({ type: 'string', length: 32, unique: true })
  slug!: string;

  @Property({ type: 'string', length: 300 })
  name!: string;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'boolean' })
  isDefault!: boolean;

  /** The framework edition's slug evaluated unless a caller overrides it. */
  @Property({ type: 'string', length: 32 })
  frameworkEdition!: string;

  @Property({ type: 'integer' })
  awardValidityMonths!: number;

  /** Display order: by effective date, then slug. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'json' })
  rulebook!: Rulebook;
}
