import { Entity, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { FrameworkDomain } from './framework-domain.entity';
import { FrameworkEdition } from './framework-edition.entity';

@Entity({ tableName: 'capability' })
@Unique({ properties: ['edition', 'slug'] })
export class Capability extends BaseEntity<'summary'> {
  @ManyToOne(() => FrameworkEdition, { ref: true, deleteRule: 'cascade' })
  edition!: Ref<FrameworkEdition>;

  @Property({ type: 'string', length: 100 })
  slug!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  summary: string | null = null;

  @Property({ type: 'integer' })
  position!: number;
}

/**
 * Which domains a capability sits in. Edition 2023 is many-to-many (a capability in several domains);
 * later editions put each capability in one domain, and the same table serves both.
 */
@Entity({ tableName: 'capability_domain' })
export class CapabilityDomain {
  @ManyToOne(() => Capability, { primary: true, ref: true, deleteRule: 'cascade' })
  capability!: Ref<Capability>;

  @ManyToOne(() => FrameworkDomain, { primary: true, ref: true, deleteRule: 'cascade' })
  domain!: Ref<FrameworkDomain>;

  /** Order of the capability inside the domain, as the edition lists it. */
  @Property({ type: 'integer' })
  position!: number;
}
