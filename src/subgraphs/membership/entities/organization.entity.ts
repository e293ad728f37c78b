import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { MEMBERSHIP_LEVELS, type MembershipLevel } from '../../../domain/membership/membership';

@Entity({ tableName: 'organization' })
@Index({ name: 'organization_name_unique', expression: 'create unique index "organization_name_unique" on "organization" (lower("name"))' })
@Index({ name: 'organization_name_lower_idx', expression: 'create index "organization_name_lower_idx" on "organization" (lower("name"), "id")' })
export class Organization extends BaseEntity<'parent' | 'finopsMembership'> {
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'integer' })
  employeeCount!: number;

  /** The organization whose size set the Linux Foundation fee; its count is the company size. */
  @ManyToOne(() => Organization, { ref: true, nullable: true, deleteRule: 'restrict' })
  parent: Ref<Organization> | null = null;

  @Enum({ items: () => [...MEMBERSHIP_LEVELS], type: 'string', nullable: true })
  finopsMembership: MembershipLevel | null = null;

  @Property({ type: 'boolean' })
  linuxFoundationMember!: boolean;
}
