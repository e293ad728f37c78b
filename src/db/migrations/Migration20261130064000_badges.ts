import { Migration } from '@mikro-orm/migrations';

/**
 * Verifiable badges: each award gets a stable position in the revocation status list (a W3C
 * Bitstring Status List; numbered from a sequence, never reused), and revocation is recorded on
 * the award itself (when, the day it took effect, by whom, why). A partial index keeps the status
 * list's "which positions are revoked" read small however many awards there are.
 */
export class Migration20261130064000_badges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence "certification_award_status_list_index_seq" as integer minvalue 0 start with 0;`);
    this.addSql(
      `alter table "certification_award"
         add column "status_list_index" integer not null default nextval('certification_award_status_list_index_seq'),
         add column "revoked_at" timestamptz null,
         add column "revoked_on" date null,
         add column "revoked_by" varchar(200) null,
         add column "revocation_reason" text null;`,
    );
    this.addSql(`alter sequence "certification_award_status_list_index_seq" owned by "certification_award"."status_list_index";`);
    this.addSql(`alter table "certification_award" add constraint "certification_award_status_list_index_unique" unique ("status_list_index");`);
    this.addSql(`create index "certification_award_revoked_index" on "certification_award" ("status_list_index") where "revoked_at" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "certification_award_revoked_index";`);
    this.addSql(
      `alter table "certification_award" drop column "status_list_index", drop column "revoked_at", drop column "revoked_on",
         drop column "revoked_by", drop column "revocation_reason";`,
    );
  }
}
