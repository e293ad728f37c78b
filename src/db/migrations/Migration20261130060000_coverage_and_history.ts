import { Migration } from '@mikro-orm/migrations';

/**
 * Coverage as data, and the history of every mapping's status and visibility, both kept by
 * PostgreSQL triggers on `mapping` (and `feature`), so every write path (the product's mutations,
 * the seeders, the benchmark's bulk SQL, anything added later) keeps them in its own transaction.
 *
 * - product_coverage: one row per (product, edition, capability) that counts for coverage, with the
 *   number of counting mappings behind it (the row goes when it reaches 0). Statement-level triggers
 *   read the transition tables and apply one grouped delta per statement.
 * - mapping_history: valid-from/valid-to rows of each mapping's status, visibility and approval; the
 *   open row (valid_to null) is the mapping as it stands. Coverage as of a date reads it.
 *
 * The rule "counts for coverage" is the same as the domain's countsForCoverage (compute-coverage.ts):
 * public, and APPROVED or SUPERSEDED after approval. A test checks the two agree.
 */
export class Migration20261130060000_coverage_and_history extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "product_coverage" ("product_id" uuid not null, "edition_id" uuid not null, "capability_id" uuid not null, "mappings" int not null, constraint "product_coverage_pkey" primary key ("product_id", "edition_id", "capability_id"));`,
    );
    this.addSql(
      `alter table "product_coverage" add constraint "product_coverage_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "product_coverage" add constraint "product_coverage_edition_id_foreign" foreign key ("edition_id") references "framework_edition" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "product_coverage" add constraint "product_coverage_capability_id_foreign" foreign key ("capability_id") references "capability" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `create table "mapping_history" ("id" bigserial primary key, "mapping_id" uuid not null, "product_id" uuid not null, "feature_id" uuid not null, "edition_id" uuid not null, "capability_id" uuid not null, "status" text check ("status" in ('PROPOSED', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'SUPERSEDED')) not null, "public" boolean not null, "approved_at" timestamptz null, "counts" boolean not null, "valid_from" timestamptz not null, "valid_to" timestamptz null);`,
    );
    this.addSql(
      `alter table "mapping_history" add constraint "mapping_history_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`create index "mapping_history_mapping_id_index" on "mapping_history" ("mapping_id", "valid_from");`);
    // Covering: an as-of read of a page of products touches only this index (once the visibility map allows).
    this.addSql(
      `create index "mapping_history_counting_index" on "mapping_history" ("product_id", "edition_id", "valid_from") include ("valid_to", "capability_id") where "counts";`,
    );

    // The domain's countsForCoverage, in SQL.
    this.addSql(`create function mapping_counts(p_status text, p_public boolean, p_approved_at timestamptz) returns boolean
      language sql immutable as $$ select p_public and (p_status = 'APPROVED' or (p_status = 'SUPERSEDED' and p_approved_at is not null)) $$;`);

    // The states a mapping went through, from its own timestamps: proposed at proposed_at, decided at
    // approved_at (else reviewed_at), superseded at updated_at; never later than now, never a state
    // before the proposal. Used by the back-fill below and for every inserted row (a seeded or
    // carried-forward mapping arrives already decided; a carried one was proposed now, so it starts now).
    this
      .addSql(`create function mapping_initial_states(p_status text, p_proposed_at timestamptz, p_reviewed_at timestamptz, p_approved_at timestamptz, p_updated_at timestamptz)
      returns table (status text, approved_at timestamptz, valid_from timestamptz, valid_to timestamptz)
      language sql stable as $$
        with t0 as (select least(p_proposed_at, now()) as proposed),
             t1 as (select proposed, greatest(proposed, least(coalesce(p_approved_at, p_reviewed_at, p_updated_at, now()), now())) as decided from t0),
             t as (select proposed, decided, greatest(decided, least(coalesce(p_updated_at, now()), now())) as superseded from t1)
        select 'PROPOSED'::text, null::timestamptz, t.proposed, t.decided from t where p_status <> 'PROPOSED' and t.decided > t.proposed
        union all
        select 'APPROVED'::text, p_approved_at, t.decided, t.superseded from t
         where p_status = 'SUPERSEDED' and p_approved_at is not null and t.superseded > t.decided
        union all
        select p_status,
               p_approved_at,
               case when p_status = 'PROPOSED' then t.proposed when p_status = 'SUPERSEDED' and p_approved_at is not null then t.superseded else t.decided end,
               null::timestamptz
          from t
      $$;`);

    this.addSql(`create function mapping_after_insert() returns trigger language plpgsql as $$
      begin
        insert into product_coverage (product_id, edition_id, capability_id, mappings)
        select f.product_id, n.edition_id, n.capability_id, count(*)::int
          from new_rows n join feature f on f.id = n.feature_id
         where mapping_counts(n.status, n.public, n.approved_at)
         group by f.product_id, n.edition_id, n.capability_id
        on conflict (product_id, edition_id, capability_id) do update set mappings = product_coverage.mappings + excluded.mappings;
        insert into mapping_history (mapping_id, product_id, feature_id, edition_id, capability_id, status, public, approved_at, counts, valid_from, valid_to)
        select n.id, f.product_id, n.feature_id, n.edition_id, n.capability_id, s.status, n.public, s.approved_at,
               mapping_counts(s.status, n.public, s.approved_at), s.valid_from, s.valid_to
          from new_rows n
          join feature f on f.id = n.feature_id
         cross join lateral mapping_initial_states(n.status, n.proposed_at, n.reviewed_at, n.approved_at, n.updated_at) s;
        return null;
      end $$;`);

    this.addSql(`create function mapping_after_update() returns trigger language plpgsql as $$
      begin
        insert into product_coverage (product_id, edition_id, capability_id, mappings)
        select f.product_id, d.edition_id, d.capability_id, sum(d.delta)::int
          from (select o.feature_id, o.edition_id, o.capability_id, -1 as delta from old_rows o where mapping_counts(o.status, o.public, o.approved_at)
                union all
                select n.feature_id, n.edition_id, n.capability_id, 1 from new_rows n where mapping_counts(n.status, n.public, n.approved_at)) d
          join feature f on f.id = d.feature_id
         group by f.product_id, d.edition_id, d.capability_id
        having sum(d.delta) <> 0
        on conflict (product_id, edition_id, capability_id) do update set mappings = product_coverage.mappings + excluded.mappings;
        delete from product_coverage pc
         where pc.mappings <= 0
           and pc.product_id in (select f.product_id from old_rows o join feature f on f.id = o.feature_id where mapping_counts(o.status, o.public, o.approved_at));

        with changed as (
          select n.*, f.product_id
            from new_rows n
            join old_rows o on o.id = n.id
            join feature f on f.id = n.feature_id
           where (n.status, n.public, n.approved_at, n.feature_id, n.edition_id, n.capability_id)
                 is distinct from (o.status, o.public, o.approved_at, o.feature_id, o.edition_id, o.capability_id)
        ), closed as (
          update mapping_history h set valid_to = now()
            from changed c
           where h.mapping_id = c.id and h.valid_to is null
        )
        insert into mapping_history (mapping_id, product_id, feature_id, edition_id, capability_id, status, public, approved_at, counts, valid_from, valid_to)
        select c.id, c.product_id, c.feature_id, c.edition_id, c.capability_id, c.status, c.public, c.approved_at,
               mapping_counts(c.status, c.public, c.approved_at), now(), null
          from changed c;
        return null;
      end $$;`);

    this.addSql(`create function mapping_after_delete() returns trigger language plpgsql as $$
      begin
        insert into product_coverage (product_id, edition_id, capability_id, mappings)
        select f.product_id, o.edition_id, o.capability_id, -count(*)::int
          from old_rows o join feature f on f.id = o.feature_id
         where mapping_counts(o.status, o.public, o.approved_at)
         group by f.product_id, o.edition_id, o.capability_id
        on conflict (product_id, edition_id, capability_id) do update set mappings = product_coverage.mappings + excluded.mappings;
        delete from product_coverage pc
         where pc.mappings <= 0
           and pc.product_id in (select f.product_id from old_rows o join feature f on f.id = o.feature_id where mapping_counts(o.status, o.public, o.approved_at));
        update mapping_history h set valid_to = now()
         where h.mapping_id in (select o.id from old_rows o) and h.valid_to is null;
        return null;
      end $$;`);

    // Deleting a feature deletes its mappings first (ON DELETE CASCADE); by the time the mapping
    // trigger runs the feature row is gone, so its product is unknown there (the join drops those
    // rows). This statement trigger runs after the cascade and recomputes the products concerned
    // (also when a feature moves to another product).
    this.addSql(`create function feature_after_change() returns trigger language plpgsql as $$
      declare
        products uuid[];
      begin
        if tg_op = 'DELETE' then
          select array_agg(distinct o.product_id) into products from old_rows o;
        else
          select array_agg(distinct p.product_id) into products
            from old_rows o join new_rows n on n.id = o.id
           cross join lateral (values (o.product_id), (n.product_id)) p(product_id)
           where o.product_id <> n.product_id;
        end if;
        if products is null then
          return null;
        end if;
        delete from product_coverage where product_id = any(products);
        insert into product_coverage (product_id, edition_id, capability_id, mappings)
        select f.product_id, m.edition_id, m.capability_id, count(*)::int
          from feature f join mapping m on m.feature_id = f.id
         where f.product_id = any(products)
           and mapping_counts(m.status, m.public, m.approved_at)
         group by f.product_id, m.edition_id, m.capability_id;
        update mapping_history h set product_id = f.product_id
          from feature f
         where f.id = h.feature_id and h.product_id <> f.product_id and f.product_id = any(products);
        return null;
      end $$;`);

    this.addSql(
      `create trigger mapping_coverage_insert after insert on mapping referencing new table as new_rows for each statement execute function mapping_after_insert();`,
    );
    this.addSql(
      `create trigger mapping_coverage_update after update on mapping referencing old table as old_rows new table as new_rows for each statement execute function mapping_after_update();`,
    );
    this.addSql(
      `create trigger mapping_coverage_delete after delete on mapping referencing old table as old_rows for each statement execute function mapping_after_delete();`,
    );
    this.addSql(
      `create trigger feature_coverage_delete after delete on feature referencing old table as old_rows for each statement execute function feature_after_change();`,
    );
    this.addSql(
      `create trigger feature_coverage_update after update on feature referencing old table as old_rows new table as new_rows for each statement execute function feature_after_change();`,
    );

    // Back-fill from what is stored today (see the README: what it can and cannot know).
    this.addSql(`insert into product_coverage (product_id, edition_id, capability_id, mappings)
      select f.product_id, m.edition_id, m.capability_id, count(*)::int
        from mapping m join feature f on f.id = m.feature_id
       where mapping_counts(m.status, m.public, m.approved_at)
       group by f.product_id, m.edition_id, m.capability_id;`);
    this
      .addSql(`insert into mapping_history (mapping_id, product_id, feature_id, edition_id, capability_id, status, public, approved_at, counts, valid_from, valid_to)
      select m.id, f.product_id, m.feature_id, m.edition_id, m.capability_id, s.status, m.public, s.approved_at,
             mapping_counts(s.status, m.public, s.approved_at), s.valid_from, s.valid_to
        from mapping m
        join feature f on f.id = m.feature_id
       cross join lateral mapping_initial_states(m.status, m.proposed_at, m.reviewed_at, m.approved_at, m.updated_at) s;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists feature_coverage_update on feature;`);
    this.addSql(`drop trigger if exists feature_coverage_delete on feature;`);
    this.addSql(`drop trigger if exists mapping_coverage_delete on mapping;`);
    this.addSql(`drop trigger if exists mapping_coverage_update on mapping;`);
    this.addSql(`drop trigger if exists mapping_coverage_insert on mapping;`);
    this.addSql(`drop function if exists feature_after_change();`);
    this.addSql(`drop function if exists mapping_after_delete();`);
    this.addSql(`drop function if exists mapping_after_update();`);
    this.addSql(`drop function if exists mapping_after_insert();`);
    this.addSql(`drop function if exists mapping_initial_states(text, timestamptz, timestamptz, timestamptz, timestamptz);`);
    this.addSql(`drop function if exists mapping_counts(text, boolean, timestamptz);`);
    this.addSql(`drop table if exists "mapping_history" cascade;`);
    this.addSql(`drop table if exists "product_coverage" cascade;`);
  }
}
