import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One change to what an anonymous reader sees of a product; a product's revision is how many it has.
 * Written only by the triggers of Migration20261130070000_product_revision (in the writing
 * transaction); read by the response cache.
 */
@Entity({ tableName: 'product_revision' })
@Index({ name: 'product_revision_product_id_index', properties: ['productId'] })
export class ProductRevision {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  productId!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  changedAt!: Date;
}
