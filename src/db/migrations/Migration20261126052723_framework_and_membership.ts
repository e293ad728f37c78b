import { Migration } from '@mikro-orm/migrations';

export class Migration20261126052723_framework_and_membership extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "framework_edition" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "slug" varchar(32) not null, "name" varchar(200) not null, "position" int not null, "announced_on" date null, "note" text null, constraint "framework_edition_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "framework_edition" add constraint "framework_edition_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "framework_domain" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "edition_id" uuid not null, "slug" varchar(100) not null, "name" varchar(200) not null, "position" int not null, constraint "framework_domain_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "framework_domain" add constraint "framework_domain_edition_id_slug_unique" unique ("edition_id", "slug");`);

    this.addSql(
      `create table "capability" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "edition_id" uuid not null, "slug" varchar(100) not null, "name" varchar(200) not null, "summary" text null, "position" int not null, constraint "capability_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "capability" add constraint "capability_edition_id_slug_unique" unique ("edition_id", "slug");`);

    this.addSql(
      `create table "capability_link" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "from_id" uuid not null, "to_id" uuid null, "relation" text check ("relation" in ('SAME', 'MOVED_DOMAIN', 'RENAME', 'MERGE', 'SPLIT', 'RELATED', 'REMOVED')) not null, "confidence" varchar(16) null, "note" text null, constraint "capability_link_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "capability_link" add constraint "capability_link_from_id_to_id_unique" unique ("from_id", "to_id");`);

    this.addSql(
      `create table "capability_domain" ("capability_id" uuid not null, "domain_id" uuid not null, "position" int not null, constraint "capability_domain_pkey" primary key ("capability_id", "domain_id"));`,
    );

    this.addSql(
      `create table "organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(200) not null, "employee_count" int not null, "parent_id" uuid null, "finops_membership" text check ("finops_membership" in ('PREMIER', 'GENERAL')) null, "linux_foundation_member" boolean not null, constraint "organization_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "organization_name_lower_idx" on "organization" (lower("name"), "id");`);

    this.addSql(
      `create table "person" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "name" varchar(200) not null, "employed_from" date null, "employed_until" date null, "community_participant" boolean not null default false, "finops_experience_months" int null, "public_speaking" boolean not null default false, constraint "person_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "person_organization_id_index" on "person" ("organization_id");`);

    this.addSql(
      `create table "credential" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "person_id" uuid not null, "kind" text check ("kind" in ('PRACTITIONER', 'PROFESSIONAL', 'ENGINEER', 'FOCUS_ANALYST', 'INSTRUCTOR', 'PERSONA_TRAINING', 'MEETUP_ORGANIZER', 'CLOUD_PROVIDER_PRACTITIONER')) not null, "awarded_on" date not null, "expires_on" date null, constraint "credential_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "credential_person_id_index" on "credential" ("person_id");`);

    this.addSql(
      `alter table "framework_domain" add constraint "framework_domain_edition_id_foreign" foreign key ("edition_id") references "framework_edition" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "capability" add constraint "capability_edition_id_foreign" foreign key ("edition_id") references "framework_edition" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "capability_link" add constraint "capability_link_from_id_foreign" foreign key ("from_id") references "capability" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "capability_link" add constraint "capability_link_to_id_foreign" foreign key ("to_id") references "capability" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "capability_domain" add constraint "capability_domain_capability_id_foreign" foreign key ("capability_id") references "capability" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "capability_domain" add constraint "capability_domain_domain_id_foreign" foreign key ("domain_id") references "framework_domain" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "organization" add constraint "organization_parent_id_foreign" foreign key ("parent_id") references "organization" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "person" add constraint "person_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "credential" add constraint "credential_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "framework_domain" drop constraint "framework_domain_edition_id_foreign";`);

    this.addSql(`alter table "capability" drop constraint "capability_edition_id_foreign";`);

    this.addSql(`alter table "capability_domain" drop constraint "capability_domain_domain_id_foreign";`);

    this.addSql(`alter table "capability_link" drop constraint "capability_link_from_id_foreign";`);

    this.addSql(`alter table "capability_link" drop constraint "capability_link_to_id_foreign";`);

    this.addSql(`alter table "capability_domain" drop constraint "capability_domain_capability_id_foreign";`);

    this.addSql(`alter table "organization" drop constraint "organization_parent_id_foreign";`);

    this.addSql(`alter table "person" drop constraint "person_organization_id_foreign";`);

    this.addSql(`alter table "credential" drop constraint "credential_person_id_foreign";`);

    this.addSql(`drop table if exists "framework_edition" cascade;`);

    this.addSql(`drop table if exists "framework_domain" cascade;`);

    this.addSql(`drop table if exists "capability" cascade;`);

    this.addSql(`drop table if exists "capability_link" cascade;`);

    this.addSql(`drop table if exists "capability_domain" cascade;`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "person" cascade;`);

    this.addSql(`drop table if exists "credential" cascade;`);
  }
}
