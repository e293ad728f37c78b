import { Migration } from '@mikro-orm/migrations';

/**
 * One row counting changes to the framework's reference data. The framework seeder bumps it; every
 * process caches the framework snapshot and rereads it only when this number moves, so a request
 * pays one tiny statement instead of reloading editions, domains, capabilities and lineage.
 */
export class Migration20261126064000_framework_revision extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "framework_revision" ("id" int not null default 1, "revision" bigint not null default 0, "changed_at" timestamptz not null default now(), constraint "framework_revision_pkey" primary key ("id"), constraint "framework_revision_single_row" check ("id" = 1));`,
    );
    this.addSql(`insert into "framework_revision" ("id", "revision") values (1, 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "framework_revision";`);
  }
}
