import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { initOrm, migrate } from '../db/orm';
import { seedDatabase } from '../db/seeders/database.seeder';
import { rebuildCoverage } from '../subgraphs/catalog';

// npm run db:migrate | db:seed | db:rebuild-coverage | db:migration:create -- <name>
// Against DATABASE_URL when set, otherwise the embedded database in DATA_DIR.

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  if (command === 'create-migration') {
    if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) throw new Error('usage: npm run db:migration:create -- <snake_case_name>');
    // Diffs the entities against a throw-away database brought up to date with the existing migrations.
    const scratch = await startEmbeddedPostgres({ dataDir: null });
    const orm = await initOrm({ clientUrl: scratch.url, poolMax: 1 });
    try {
      await migrate(orm);
      const result = await orm.getMigrator().createMigration(path.join(__dirname, '..', 'db', 'migrations'), false, false, name);
      console.log(result.fileName ? `wrote src/db/migrations/${result.fileName}; add it to src/db/migrations/index.ts` : 'no changes');
    } finally {
      await orm.close();
      await scratch.stop();
    }
    return;
  }
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pgdata') });
  const orm = await initOrm({ clientUrl: config.databaseUrl ?? embedded!.url, poolMax: 1 });
  try {
    if (command === 'migrate') {
      const applied = await migrate(orm);
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'already up to date');
    } else if (command === 'seed') {
      console.log(JSON.stringify(await seedDatabase(orm, { demo: config.seedDemo })));
    } else if (command === 'rebuild-coverage') {
      // Recomputes product_coverage from the mappings; `changed` counts rows that were wrong (0 when
      // the triggers did their job).
      console.log(JSON.stringify(await rebuildCoverage(orm.em.fork())));
    } else {
      throw new Error('usage: db.ts migrate | seed | rebuild-coverage | create-migration <name>');
    }
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
