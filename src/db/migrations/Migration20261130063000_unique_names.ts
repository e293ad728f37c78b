import { Migration } from '@mikro-orm/migrations';

// Organization names are unique case-insensitively, and product names within their organization.
// Rows written before this rule may already collide. The migration never fails on them: the
// oldest row of each group keeps its name, every later one is renamed to
// "<name> (duplicate <first 8 characters of its id>)" (at most 200 characters), and each rename
// is reported on stderr so the operator can choose better names with updateOrganization (or a
// product rename). Then unique indexes on lower(name) make the rule race-safe.

const SUFFIX = `' (duplicate ' || left(t.id::text, 8) || ')'`;

function duplicatesOf(table: 'organization' | 'product', scope: string): string {
  return `select t.id, t.name from "${table}" t
           where exists (select 1 from "${table}" o
                          where lower(o.name) = lower(t.name) ${scope}
                            and (o.created_at, o.id) < (t.created_at, t.id))`;
}

export class Migration20261130063000_unique_names extends Migration {
  override async up(): Promise<void> {
    const groups = [
      { table: 'organization', index: 'organization_name_unique', columns: 'lower("name")', scope: '' },
      {
        table: 'product',
        index: 'product_organization_name_unique',
        columns: '"organization_id", lower("name")',
        scope: 'and o.organization_id = t.organization_id',
      },
    ] as const;
    for (const { table, index, columns, scope } of groups) {
      const renamed = (await this.execute(
        `update "${table}" t set name = left(t.name, 178) || ${SUFFIX}, updated_at = now()
          where t.id in (select id from (${duplicatesOf(table, scope)}) d)
          returning t.id, t.name`,
      )) as { id: string; name: string }[];
      for (const row of renamed) {
        console.warn(`migration unique_names: ${table} ${row.id} had the name of an older ${table} (case-insensitively); renamed to "${row.name}"`);
      }
      this.addSql(`create unique index "${index}" on "${table}" (${columns});`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "product_organization_name_unique";`);
    this.addSql(`drop index if exists "organization_name_unique";`);
  }
}
