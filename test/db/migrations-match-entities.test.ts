import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { initOrm, type MikroORM } from '../../src/db/orm';

// The run's database was migrated by the global set-up (every migration of src/db/migrations). If an
// entity and the migrations disagree (a column, a type, an index, a table without an entity), MikroORM's
// schema generator has SQL to offer; it must have none. On the embedded database and on PostgreSQL alike.
let orm: MikroORM;
beforeAll(async () => {
  const database = inject('database');
  orm = await initOrm({ clientUrl: database.url, poolMax: 1 });
});
afterAll(async () => {
  await orm?.close(true);
});

describe('entities and migrations', () => {
  it('a migrated database is exactly what the entities describe', async () => {
    const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    expect(
      sql.trim(),
      'Entities and migrations disagree. Write a migration for the entity change (npm run db:migration:create -- <name>) ' +
        'or fix the entity; the SQL above is what MikroORM would run',
    ).toBe('');
  });
});
