import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { MAPPING_STATUSES, type MappingStatus } from '../../../domain/catalog/mapping-status';
import { Product } from './product.entity';

/**
 * One state of a mapping (status, visibility, approval) and when it held: [validFrom, validTo),
 * validTo null while it still holds. Written only by the triggers on `mapping` (migration
 * coverage_and_history) in the writing transaction; read by raw SQL for coverage as of a date.
 * The mapping, feature, edition and capability are plain ids: history outlives a deleted mapping.
 */
@Entity({ tableName: 'mapping_history' })
@Index({ name: 'mapping_history_mapping_id_index', properties: ['mappingId', 'validFrom'] })
@Index({
  name: 'mapping_history_counting_index',
  expression:
    'create index "mapping_history_counting_index" on "mapping_history" ("product_id", "edition_id", "valid_from") include ("valid_to", "capability_id") where "counts"',
})
export class MappingHistory {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  mappingId!: string;

  @ManyToOne(() => Product, { ref: true, deleteRule: 'cascade', index: false })
  product!: Ref<Product>;

  @Property({ type: 'uuid' })
  featureId!: string;

  @Property({ type: 'uuid' })
  editionId!: string;

  @Property({ type: 'uuid' })
  capabilityId!: string;

  @Enum({ items: () => [...MAPPING_STATUSES], type: 'string' })
  status!: MappingStatus;

  @Property({ type: 'boolean' })
  public!: boolean;

  @Property({ type: 'datetime', nullable: true })
  approvedAt: Date | null = null;

  /** countsForCoverage of this state (SQL mapping_counts). */
  @Property({ type: 'boolean' })
  counts!: boolean;

  @Property({ type: 'datetime' })
  validFrom!: Date;

  @Property({ type: 'datetime', nullable: true })
  validTo: Date | null = null;
}
