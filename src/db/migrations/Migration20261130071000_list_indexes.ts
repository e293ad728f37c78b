import { Migration } from '@mikro-orm/migrations';

/**
 * Lists that grow, read a page at a time:
 * - a capability's published mappings in page order (partial, covering the status filter), so an
 *   anonymous page and its exact count are index-only scans that skip the capability's drafts;
 * - a product's features by name, then id, so Product.features and featureConnection read only their rows.
 */
export class Migration20261130071000_list_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "mapping_published_capability_index" on "mapping" ("capability_id", "proposed_at", "id") include ("status") where mapping_counts("status", "public", "approved_at");`,
    );
    this.addSql(`create index "feature_product_id_name_id_index" on "feature" ("product_id", "name", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "feature_product_id_name_id_index";`);
    this.addSql(`drop index if exists "mapping_published_capability_index";`);
  }
}
