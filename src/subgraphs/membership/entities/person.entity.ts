import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { Organization } from './organization.entity';

@Entity({ tableName: 'person' })
export class Person extends BaseEntity<'employedFrom' | 'employedUntil' | 'communityParticipant' | 'finopsExperienceMonths' | 'publicSpeaking'> {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade', index: true })
  organization!: Ref<Organization>;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'date', nullable: true })
  employedFrom: string | null = null;

  /** Last day of employment (inclusive); null while employed. */
  @Property({ type: 'date', nullable: true })
  employedUntil: string | null = null;

  // Facts the Certified Instructor qualification needs beyond credentials.
  @Property({ type: 'boolean', default: false })
  communityParticipant: boolean = false;

  @Property({ type: 'integer', nullable: true })
  finopsExperienceMonths: number | null = null;

  @Property({ type: 'boolean', default: false })
  publicSpeaking: boolean = false;
}
