import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
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
}
