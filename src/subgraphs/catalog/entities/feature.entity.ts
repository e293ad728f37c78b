import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { Product } from './product.entity';

/**
 * A feature of a product. Names are unique per product ignoring case and surrounding spaces: the
 * mapping sheet names features by name, and matches them that way.
 */
@Entity({ tableName: 'feature' })
@Index({
  name: 'feature_product_name_unique',
  expression: 'create unique index "feature_product_name_unique" on "feature" ("product_id", lower("name"))',
})
// A product's features by name, then id: Product.features and a featureConnection page read only their rows.
@Index({ name: 'feature_product_id_name_id_index', properties: ['product', 'name', 'id'] })
export class Feature extends BaseEntity<'description'> {
  @ManyToOne(() => Product, { ref: true, deleteRule: 'cascade', index: 'feature_product_id_index' })
  product!: Ref<Product>;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;
}
