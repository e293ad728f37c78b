import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { Organization } from '../../membership';

/** A vendor's product. The organization is membership's; the catalog only points at it. */
@Entity({ tableName: 'product' })
@Index({ name: 'product_name_lower_idx', expression: 'create index "product_name_lower_idx" on "product" (lower("name"), "id")' })
export class Product extends BaseEntity<'description' | 'url'> {
  @ManyToOne(() => Organization, { ref: true, deleteRule: 'cascade', index: 'product_organization_id_index' })
  organization!: Ref<Organization>;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  url: string | null = null;
}
