import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { CERTIFICATION_KINDS, type CertificationKind } from '../../../domain/certification';
import { Product } from '../../catalog';
import { Organization } from '../../membership';
import { CertificationApplication } from './certification-application.entity';
import { CertificationProgram } from './certification-program.entity';

/**
 * A certification decision: what the Landscape shows. Created only by approving an application,
 * whose stored evaluation is the one the award rests on.
 */
@Entity({ tableName: 'certification_award' })
@Index({ name: 'certification_award_organization_id_index', properties: ['organization'] })
@Index({ name: 'certification_award_kind_issued_on_index', properties: ['kind', 'issuedOn', 'id'] })
@Index({
  name: 'certification_award_revoked_index',
  expression: 'create index "certification_award_revoked_index" on "certification_award" ("status_list_index") where "revoked_at" is not null',
})
export class CertificationAward extends BaseEntity<'product'> {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade', index: false })
  organization!: Ref<Organization>;

  @Enum({ items: () => [...CERTIFICATION_KINDS], type: 'string' })
  kind!: CertificationKind;

  @ManyToOne(() => CertificationProgram, { ref: true, deleteRule: 'restrict', index: false })
  program!: Ref<CertificationProgram>;

  /** Slug of the framework edition the evaluation used (framework reference data, never deleted). */
  @Property({ type: 'string', length: 32 })
  edition!: string;

  @ManyToOne(() => Product, { ref: true, nullable: true, deleteRule: 'set null', index: false })
  product: Ref<Product> | null = null;

  @Property({ type: 'date' })
  issuedOn!: string;

  /** Exclusive, like a credential's: the award is valid up to the day before. */
  @Property({ type: 'date' })
  expiresOn!: string;

  @ManyToOne(() => CertificationApplication, { ref: true, deleteRule: 'restrict', unique: 'certification_award_application_id_unique' })
  application!: Ref<CertificationApplication>;

  /**
   * Position in the revocation status list (W3C Bitstring Status List): from the column's own sequence
   * (certification_award_status_list_index_seq, starting at 0), set by the database, never reused.
   */
  @Property({ type: 'int', autoincrement: true, unique: 'certification_award_status_list_index_unique' })
  statusListIndex!: number & Opt;

  /** Set once when TAC or ADMIN revokes the award; a revoked award is invalid from revokedOn on. */
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  /** The UTC day the revocation took effect. */
  @Property({ type: 'date', nullable: true })
  revokedOn: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  revokedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  revocationReason: string | null = null;
}
