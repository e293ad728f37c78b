import { Entity, ManyToOne, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Capability, FrameworkEdition } from '../../framework';
import { Product } from './product.entity';

/**
 * A capability a product covers in an edition, and how many counting mappings stand behind it.
 * Written only by the triggers on `mapping` and `feature` (migration coverage_and_history), read by
 * raw SQL (coverage.repository.ts); the entity declares the table for the schema tooling.
 */
@Entity({ tableName: 'product_coverage' })
export class ProductCoverage {
  [PrimaryKeyProp]?: ['product', 'edition', 'capability'];

  @ManyToOne(() => Product, { primary: true, ref: true, deleteRule: 'cascade' })
  product!: Ref<Product>;

  @ManyToOne(() => FrameworkEdition, { primary: true, ref: true, deleteRule: 'restrict' })
  edition!: Ref<FrameworkEdition>;

  @ManyToOne(() => Capability, { primary: true, ref: true, deleteRule: 'restrict' })
  capability!: Ref<Capability>;

  @Property({ type: 'integer' })
  mappings!: number;
}
