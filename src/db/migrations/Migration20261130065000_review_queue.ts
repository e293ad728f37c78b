import { Migration } from '@mikro-orm/migrations';

/**
 * The reviewers' queue reads mappings awaiting a decision, oldest proposal first: a partial index over
 * just those rows (a small fraction of all mappings) serves the order, the keyset and the count.
 */
export class Migration20261130065000_review_queue extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "mapping_review_queue_index" on "mapping" ("proposed_at", "id") where "status" in ('PROPOSED', 'CHANGES_REQUESTED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "mapping_review_queue_index";`);
  }
}
