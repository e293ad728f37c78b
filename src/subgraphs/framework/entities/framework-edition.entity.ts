import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';

@Entity({ tableName: 'framework_edition' })
export class FrameworkEdition extends BaseEntity<'announcedOn' | 'note'> {
  @Property({ type: 'string', length: 32 })
  @Unique()
  slug!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** Editions are ordered by this number (the year); the newest is the current one. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'date', nullable: true })
  announcedOn: string | null = null;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
