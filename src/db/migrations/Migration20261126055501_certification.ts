import { Migration } from '@mikro-orm/migrations';

export class Migration20261126055501_certification extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "certification_program" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "slug" varchar(32) not null, "name" varchar(300) not null, "effective_from" date not null, "is_default" boolean not null, "framework_edition" varchar(32) not null, "award_validity_months" int not null, "position" int not null, "rulebook" jsonb not null, constraint "certification_program_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "certification_program" add constraint "certification_program_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "evidence" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "product_id" uuid null, "code" varchar(64) not null, "url" varchar(2048) not null, "date" date not null, "status" text check ("status" in ('UNVETTED', 'VETTED', 'REJECTED')) not null default 'UNVETTED', "note" text null, "recorded_by" varchar(200) not null, "vetted_by" varchar(200) null, "vetted_at" timestamptz null, "version" int not null default 1, constraint "evidence_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "evidence_product_id_index" on "evidence" ("product_id");`);
    this.addSql(`create index "evidence_organization_id_index" on "evidence" ("organization_id");`);

    this.addSql(
      `create table "certification_application" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "program_id" uuid not null, "kind" text check ("kind" in ('PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE')) not null, "edition" varchar(32) not null, "product_id" uuid null, "target_capabilities" jsonb not null default '[]', "status" text check ("status" in ('DRAFT', 'SUBMITTED', 'STAFF_VETTED', 'LIVE_DEMO_DONE', 'APPROVED', 'REJECTED')) not null default 'DRAFT', "rejection_reason" text null, "evaluation" jsonb null, "created_by" varchar(200) not null, "submitted_at" timestamptz null, "decided_at" timestamptz null, "decided_by" varchar(200) null, "version" int not null default 1, constraint "certification_application_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "certification_application_product_id_index" on "certification_application" ("product_id");`);
    this.addSql(`create index "certification_application_status_index" on "certification_application" ("status");`);
    this.addSql(`create index "certification_application_organization_id_index" on "certification_application" ("organization_id");`);

    this.addSql(
      `create table "certification_award" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "kind" text check ("kind" in ('PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE')) not null, "program_id" uuid not null, "edition" varchar(32) not null, "product_id" uuid null, "issued_on" date not null, "expires_on" date not null, "application_id" uuid not null, constraint "certification_award_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "certification_award" add constraint "certification_award_application_id_unique" unique ("application_id");`);
    this.addSql(`create index "certification_award_kind_issued_on_index" on "certification_award" ("kind", "issued_on", "id");`);
    this.addSql(`create index "certification_award_organization_id_index" on "certification_award" ("organization_id");`);

    this.addSql(
      `create table "enterprise_activity" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "code" varchar(64) not null, "date" date not null, "note" text null, "award_id" uuid null, "validated" boolean not null, "recorded_by" varchar(200) not null, "validated_by" varchar(200) null, "validated_at" timestamptz null, "version" int not null default 1, constraint "enterprise_activity_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "enterprise_activity_organization_id_index" on "enterprise_activity" ("organization_id");`);

    this.addSql(
      `alter table "evidence" add constraint "evidence_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "evidence" add constraint "evidence_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "certification_application" add constraint "certification_application_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "certification_application" add constraint "certification_application_program_id_foreign" foreign key ("program_id") references "certification_program" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "certification_application" add constraint "certification_application_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "certification_award" add constraint "certification_award_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "certification_award" add constraint "certification_award_program_id_foreign" foreign key ("program_id") references "certification_program" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "certification_award" add constraint "certification_award_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "certification_award" add constraint "certification_award_application_id_foreign" foreign key ("application_id") references "certification_application" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "enterprise_activity" add constraint "enterprise_activity_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "enterprise_activity" add constraint "enterprise_activity_award_id_foreign" foreign key ("award_id") references "certification_award" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "certification_application" drop constraint "certification_application_program_id_foreign";`);

    this.addSql(`alter table "certification_award" drop constraint "certification_award_program_id_foreign";`);

    this.addSql(`alter table "certification_award" drop constraint "certification_award_application_id_foreign";`);

    this.addSql(`alter table "enterprise_activity" drop constraint "enterprise_activity_award_id_foreign";`);

    this.addSql(`drop table if exists "certification_program" cascade;`);

    this.addSql(`drop table if exists "evidence" cascade;`);

    this.addSql(`drop table if exists "certification_application" cascade;`);

    this.addSql(`drop table if exists "certification_award" cascade;`);

    this.addSql(`drop table if exists "enterprise_activity" cascade;`);
  }
}
