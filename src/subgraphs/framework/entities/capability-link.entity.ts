import { Entity, Enum, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { LINEAGE_RELATIONS, type LineageRelation } from '../../../domain/framework/lineage';
import { BaseEntity } from '../../../db/base.entity';
import { Capability } from './capability.entity';

/** One step of lineage: where a capability of an edition went in the next edition. */
@Entity({ tableName: 'capability_link' })
@Unique({ properties: ['from', 'to'] })
export class CapabilityLink extends BaseEntity<'note' | 'confidence'> {
  @ManyToOne(() => Capability, { ref: true, deleteRule: 'cascade' })
  from!: Ref<Capability>;

  /** Null for REMOVED. */
  @ManyToOne(() => Capability, { ref: true, nullable: true, deleteRule: 'cascade' })
  to: Ref<Capability> | null = null;

  @Enum({ items: () => [...LINEAGE_RELATIONS], type: 'string' })
  relation!: LineageRelation;

  @Property({ type: 'string', length: 16, nullable: true })
  confidence: string | null = null;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
