import { Entity, Enum, Index, ManyToOne, Property, type Ref, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { MAPPING_RELATIONSHIPS, MAPPING_STATUSES, type MappingRelationship, type MappingStatus } from '../../../domain/catalog/mapping-status';
import { Capability, FrameworkEdition } from '../../framework';
import { Feature } from './feature.entity';

/**
 * A feature → capability claim in ONE edition, and its review. The capability's edition is stored
 * beside it (denormalised from the framework's table) so coverage per edition is one indexed read.
 */
@Entity({ tableName: 'mapping' })
@Unique({ name: 'mapping_feature_id_capability_id_unique', properties: ['feature', 'capability'] })
@Index({ name: 'mapping_capability_id_status_index', properties: ['capability', 'status'] })
@Index({ name: 'mapping_edition_id_index', properties: ['edition'] })
@Index({
  name: 'mapping_review_queue_index',
  expression: `create index "mapping_review_queue_index" on "mapping" ("proposed_at", "id") where "status" in ('PROPOSED', 'CHANGES_REQUESTED')`,
})
@Index({ name: 'mapping_capability_id_proposed_at_id_index', properties: ['capability', 'proposedAt', 'id'] })
// The published mappings of a capability in page order: what anyone may see, read (and counted) from
// the index alone, without visiting the capability's drafts.
@Index({
  name: 'mapping_published_capability_index',
  expression: `create index "mapping_published_capability_index" on "mapping" ("capability_id", "proposed_at", "id") include ("status") where mapping_counts("status", "public", "approved_at")`,
})
export class Mapping extends BaseEntity<
  | 'relationship'
  | 'strength'
  | 'rationale'
  | 'evidenceUrl'
  | 'public'
  | 'status'
  | 'proposedAt'
  | 'reviewedBy'
  | 'reviewedAt'
  | 'reviewNote'
  | 'approvedAt'
  | 'version'
> {
  @ManyToOne(() => Feature, { ref: true, deleteRule: 'cascade' })
  feature!: Ref<Feature>;

  @ManyToOne(() => Capability, { ref: true, deleteRule: 'restrict' })
  capability!: Ref<Capability>;

  @ManyToOne(() => FrameworkEdition, { ref: true, deleteRule: 'restrict' })
  edition!: Ref<FrameworkEdition>;

  @Enum({ items: () => [...MAPPING_RELATIONSHIPS], type: 'string', default: 'INTERSECTS' })
  relationship: MappingRelationship = 'INTERSECTS';

  @Property({ type: 'integer', nullable: true })
  strength: number | null = null;

  @Property({ type: 'text', nullable: true })
  rationale: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  evidenceUrl: string | null = null;

  @Property({ type: 'boolean', default: true })
  public: boolean = true;

  @Enum({ items: () => [...MAPPING_STATUSES], type: 'string', default: 'PROPOSED' })
  status: MappingStatus = 'PROPOSED';

  @Property({ type: 'string', length: 200 })
  proposedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  proposedAt: Date = new Date();

  @Property({ type: 'string', length: 200, nullable: true })
  reviewedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  reviewedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  reviewNote: string | null = null;

  /** Set on approval and kept when superseded, so the mapping still counts for its own edition. */
  @Property({ type: 'datetime', nullable: true })
  approvedAt: Date | null = null;

  /** Incremented by every change (MikroORM checks it on update: optimistic concurrency). */
  @Property({ type: 'integer', version: true, default: 1 })
  version: number = 1;
}
