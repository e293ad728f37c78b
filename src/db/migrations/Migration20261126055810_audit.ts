import { Migration } from '@mikro-orm/migrations';

export class Migration20261126055810_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_event" ("id" uuid not null, "at" timestamptz not null default now(), "actor_id" varchar(200) null, "actor_role" varchar(16) null, "subgraph" varchar(32) not null, "object_type" varchar(64) not null, "object_id" uuid not null, "action" varchar(64) not null, "before" jsonb null, "after" jsonb null, "reason" text null, constraint "audit_event_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_event_object_id_at_index" on "audit_event" ("object_id", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_event" cascade;`);
  }
}
