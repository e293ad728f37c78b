import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  CERTIFICATION_KINDS,
  type CertificationKind,
  type Evaluation,
} from '../../../domain/certification';
import { Product } from '../../catalog';
import { Organization } from '../../membership';
import { CertificationProgram } from './certification-program.entity';

/**
 * A vendor's application for one certification kind under one program, and its way through the
 * workflow (application-workflow.ts). On approval the evaluation it was decided on is kept here.
 */
@Entity({ tableName: 'certification_application' })
@Index({ name: 'certification_application_organization_id_index', properties: ['organization'] })
@Index({ name: 'certification_application_status_index', properties: ['status'] })
export class CertificationApplication extends BaseEntity<
  'product' | 'targetCapabilities' | 'status' | 'rejectionReason' | 'evaluation' | 'submittedAt' | 'decidedAt' | 'decidedBy' | 'version'
> {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade', index: false })
  organization!: Ref<Organization>;

  @ManyToOne(() => CertificationProgram, { ref: true, deleteRule: 'restrict', index: false })
  program!: Ref<CertificationProgram>;

  @Enum({ items: () => [...CERTIFICATION_KINDS], type: 'string' })
  kind!: CertificationKind;

  /** Slug of the framework edition evaluated (the program's own). */
  @Property({ type: 'string', length: 32 })
  edition!: string;

  /** PLATFORM and SPECIALTY_SOLUTION name the product applied for. */
  @ManyToOne(() => Product, { ref: true, nullable: true, deleteRule: 'cascade', index: 'certification_application_product_id_index' })
  product: Ref<Product> | null = null;

  /** SPECIALTY_SOLUTION: capability slugs of the edition the solution targets. */
  @Property({ type: 'json', default: '[]' })
  targetCapabilities: string[] = [];

  @Enum({ items: () => [...APPLICATION_STATUSES], type: 'string', default: 'DRAFT' })
  status: ApplicationStatus = 'DRAFT';

  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  /** The evaluation approval was decided on (jsonb), as the evaluator returned it. */
  @Property({ type: 'json', nullable: true })
  evaluation: Evaluation | null = null;

  @Property({ type: 'string', length: 200 })
  createdBy!: string;

  @Property({ type: 'datetime', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  decidedBy: string | null = null;

  /** Incremented by every change; advanceApplication can also name the version it expects. */
  @Property({ type: 'integer', version: true, default: 1 })
  version: number = 1;
}
