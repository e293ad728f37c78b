import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import type { EvidenceStatus } from '../../../domain/certification';
import { Product } from '../../catalog';
import { Organization } from '../../membership';

export const EVIDENCE_STATUSES = ['UNVETTED', 'VETTED', 'REJECTED'] as const satisfies readonly EvidenceStatus[];

/**
 * An item of evidence an organization submits for an evidence requirement or an optional community
 * item (a Slack channel, a recorded demo, a case study …), and a reviewer's verdict on it. Evidence
 * about one product carries it; evidence about the organization as a whole does not.
 */
@Entity({ tableName: 'evidence' })
@Index({ name: 'evidence_organization_id_index', properties: ['organization'] })
export class Evidence extends BaseEntity<'product' | 'status' | 'note' | 'vettedBy' | 'vettedAt' | 'version'> {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade', index: false })
  organization!: Ref<Organization>;

  @ManyToOne(() => Product, { ref: true, nullable: true, deleteRule: 'cascade', index: 'evidence_product_id_index' })
  product: Ref<Product> | null = null;

  /** One of EVIDENCE_CODES. */
  @Property({ type: 'string', length: 64 })
  code!: string;

  @Property({ type: 'string', length: 2048 })
  url!: string;

  @Property({ type: 'date' })
  date!: string;

  @Enum({ items: () => [...EVIDENCE_STATUSES], type: 'string', default: 'UNVETTED' })
  status: EvidenceStatus = 'UNVETTED';

  /** The reviewer's note on vetting. */
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  vettedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  vettedAt: Date | null = null;

  /** Incremented by every change (MikroORM checks it on update: optimistic concurrency). */
  @Property({ type: 'integer', version: true, default: 1 })
  version: number = 1;
}
