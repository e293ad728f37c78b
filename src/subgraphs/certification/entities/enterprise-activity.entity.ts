import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { Organization } from '../../membership';
import { CertificationAward } from './certification-award.entity';

/**
 * An activity an enterprise records for Certified Enterprise points (a talk, an interview, using a
 * certified platform …). Activities whose row "requires validation" (an internal FinOps tool) wait
 * for a reviewer; the rest count as recorded.
 */
@Entity({ tableName: 'enterprise_activity' })
@Index({ name: 'enterprise_activity_organization_id_index', properties: ['organization'] })
export class EnterpriseActivity extends BaseEntity<'note' | 'award' | 'validatedBy' | 'validatedAt' | 'version'> {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade', index: false })
  organization!: Ref<Organization>;

  /** One of ENTERPRISE_ACTIVITY_CODES that is recorded (not the Training rows, which come from credentials). */
  @Property({ type: 'string', length: 64 })
  code!: string;

  @Property({ type: 'date' })
  date!: string;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  /** USES_CERTIFIED_PLATFORM / USED_CERTIFIED_SERVICE_PROVIDER: the other organization's award. */
  @ManyToOne(() => CertificationAward, { ref: true, nullable: true, deleteRule: 'set null', index: false })
  award: Ref<CertificationAward> | null = null;

  @Property({ type: 'boolean' })
  validated!: boolean;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  validatedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  validatedAt: Date | null = null;

  @Property({ type: 'integer', version: true, default: 1 })
  version: number = 1;
}
