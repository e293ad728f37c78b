import { Migration } from '@mikro-orm/migrations';

export class Migration20261126054751_catalog extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "product" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "name" varchar(200) not null, "description" text null, "url" varchar(2048) null, constraint "product_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "product_organization_id_index" on "product" ("organization_id");`);
    this.addSql(`create index "product_name_lower_idx" on "product" (lower("name"), "id");`);

    this.addSql(
      `create table "feature" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "product_id" uuid not null, "name" varchar(200) not null, "description" text null, constraint "feature_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "feature_product_id_index" on "feature" ("product_id");`);
    this.addSql(`create unique index "feature_product_name_unique" on "feature" ("product_id", lower("name"));`);

    this.addSql(
      `create table "mapping" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "feature_id" uuid not null, "capability_id" uuid not null, "edition_id" uuid not null, "relationship" text check ("relationship" in ('EQUIVALENT', 'SUBSET', 'SUPERSET', 'INTERSECTS')) not null default 'INTERSECTS', "strength" int null, "rationale" text null, "evidence_url" varchar(2048) null, "public" boolean not null default true, "status" text check ("status" in ('PROPOSED', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'SUPERSEDED')) not null default 'PROPOSED', "proposed_by" varchar(200) not null, "proposed_at" timestamptz not null default now(), "reviewed_by" varchar(200) null, "reviewed_at" timestamptz null, "review_note" text null, "approved_at" timestamptz null, "version" int not null default 1, constraint "mapping_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "mapping_edition_id_index" on "mapping" ("edition_id");`);
    this.addSql(`create index "mapping_capability_id_status_index" on "mapping" ("capability_id", "status");`);
    this.addSql(`alter table "mapping" add constraint "mapping_feature_id_capability_id_unique" unique ("feature_id", "capability_id");`);

    this.addSql(
      `alter table "product" add constraint "product_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "feature" add constraint "feature_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "mapping" add constraint "mapping_feature_id_foreign" foreign key ("feature_id") references "feature" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mapping" add constraint "mapping_capability_id_foreign" foreign key ("capability_id") references "capability" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "mapping" add constraint "mapping_edition_id_foreign" foreign key ("edition_id") references "framework_edition" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "feature" drop constraint "feature_product_id_foreign";`);

    this.addSql(`alter table "mapping" drop constraint "mapping_feature_id_foreign";`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "feature" cascade;`);

    this.addSql(`drop table if exists "mapping" cascade;`);
  }
}
