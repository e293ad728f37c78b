import { Entity, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { FrameworkEdition } from './framework-edition.entity';

@Entity({ tableName: 'framework_domain' })
@Unique({ properties: ['edition', 'slug'] })
export class FrameworkDomain extends BaseEntity {
  @ManyToOne(() => FrameworkEdition, { ref: true, deleteRule: 'cascade' })
  edition!: Ref<FrameworkEdition>;

  @Property({ type: 'string', length: 100 })
  slug!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'integer' })
  position!: number;
}
