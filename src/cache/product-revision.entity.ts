import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How many times what an anonymous reader sees of a product has changed. Written only by the triggers
 * of Migration20261130061000_product_revision (in the writing transaction); read by the response cache.
 */
@Entity({ tableName: 'product_revision' })
export class ProductRevision {
  @PrimaryKey({ type: 'uuid' })
  productId!: string;

  @Property({ type: 'bigint', defaultRaw: '0' })
  revision!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  changedAt!: Date;
}
