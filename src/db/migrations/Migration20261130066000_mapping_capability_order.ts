import { Migration } from '@mikro-orm/migrations';

/**
 * A capability's mappings in the order Capability.mappings and mappingConnection serve them
 * (oldest proposal first): a bounded list or one page reads only its rows from the index.
 */
export class Migration20261130066000_mapping_capability_order extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "mapping_capability_id_proposed_at_id_index" on "mapping" ("capability_id", "proposed_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "mapping_capability_id_proposed_at_id_index";`);
  }
}
