import { Migration } from '@mikro-orm/migrations';

/**
 * A revision counter per product, bumped by triggers in the transaction that changes anything an
 * anonymous reader of the product sees: the product row, its features, their mappings, the name of
 * its organization. Every write path (service, import, carry-forward, a future one, plain SQL) bumps
 * it, so the gateway's response cache and ETags can trust it. Statement-level triggers with transition
 * tables: a 10,000-row import bumps each product once, not 10,000 times. The revision is the count of
 * a product's rows (none yet: 0).
 */
export class Migration20261130070000_product_revision extends Migration {
  override async up(): Promise<void> {
    // Append-only: a bump is a new row, so concurrent writers never wait on one another's counter row
    // (an UPDATE of one row per product serialised concurrent reviews until commit). A product's
    // revision is its number of rows, which only grows as bumping transactions commit, whatever order
    // they commit in.
    this.addSql(
      `create table "product_revision" ("id" bigserial, "product_id" uuid not null, "changed_at" timestamptz not null default now(), constraint "product_revision_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "product_revision_product_id_index" on "product_revision" ("product_id");`);
    this.addSql(`create function "bump_product_revisions"(product_ids uuid[]) returns void language sql as $$
  insert into "product_revision" ("product_id") select distinct p from unnest(product_ids) as p where p is not null;
$$;`);
    // Products and features name the product in a column (TG_ARGV[0]: "id" or "product_id").
    this.addSql(`create function "product_revision_on_rows"() returns trigger language plpgsql as $$
declare
  ids uuid[];
begin
  if TG_OP = 'INSERT' then
    execute format('select array(select %I from "new_rows")', TG_ARGV[0]) into ids;
  elsif TG_OP = 'DELETE' then
    execute format('select array(select %I from "old_rows")', TG_ARGV[0]) into ids;
  else
    execute format('select array(select %1$I from "new_rows" union select %1$I from "old_rows")', TG_ARGV[0]) into ids;
  end if;
  perform "bump_product_revisions"(ids);
  return null;
end $$;`);
    // A mapping reaches its product through its feature; a feature already deleted (cascade) has bumped
    // its product itself.
    this.addSql(`create function "product_revision_on_mapping"() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    perform "bump_product_revisions"(array(select distinct f."product_id" from "feature" f where f."id" in (select "feature_id" from "new_rows")));
  elsif TG_OP = 'DELETE' then
    perform "bump_product_revisions"(array(select distinct f."product_id" from "feature" f where f."id" in (select "feature_id" from "old_rows")));
  else
    perform "bump_product_revisions"(array(select distinct f."product_id" from "feature" f
      where f."id" in (select "feature_id" from "new_rows" union select "feature_id" from "old_rows")));
  end if;
  return null;
end $$;`);
    // Products show their organization's name.
    this.addSql(`create function "product_revision_on_organization"() returns trigger language plpgsql as $$
begin
  perform "bump_product_revisions"(array(select p."id" from "product" p where p."organization_id" in (select "id" from "new_rows")));
  return null;
end $$;`);
    const fn: Record<string, string> = {
      product: `"product_revision_on_rows"('id')`,
      feature: `"product_revision_on_rows"('product_id')`,
      mapping: `"product_revision_on_mapping"()`,
    };
    for (const [table, call] of Object.entries(fn)) {
      this.addSql(
        `create trigger "${table}_revision_insert" after insert on "${table}" referencing new table as "new_rows" for each statement execute function ${call};`,
      );
      this.addSql(
        `create trigger "${table}_revision_update" after update on "${table}" referencing old table as "old_rows" new table as "new_rows" for each statement execute function ${call};`,
      );
      this.addSql(
        `create trigger "${table}_revision_delete" after delete on "${table}" referencing old table as "old_rows" for each statement execute function ${call};`,
      );
    }
    this.addSql(
      `create trigger "organization_revision_update" after update on "organization" referencing old table as "old_rows" new table as "new_rows" for each statement execute function "product_revision_on_organization"();`,
    );
  }

  override async down(): Promise<void> {
    for (const table of ['product', 'feature', 'mapping']) {
      for (const op of ['insert', 'update', 'delete']) this.addSql(`drop trigger if exists "${table}_revision_${op}" on "${table}";`);
    }
    this.addSql(`drop function if exists "product_revision_on_rows"();`);
    this.addSql(`drop function if exists "product_revision_on_mapping"();`);
    this.addSql(`drop trigger if exists "organization_revision_update" on "organization";`);
    this.addSql(`drop function if exists "product_revision_on_organization"();`);
    this.addSql(`drop function if exists "bump_product_revisions"(uuid[]);`);
    this.addSql(`drop table if exists "product_revision";`);
  }
}
