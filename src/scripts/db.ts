import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../config/env';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { initOrm, migrate } from '../db/orm';
import { seedDatabase } from '../db/seeders/database.seeder';
import { rebuildCoverage } from '../subgraphs/catalog';
import { HelpRequested, runCommand, UsageError } from './cli';

// npm run db:migrate | db:seed | db:rebuild-coverage | db:migration:create -- <name>
// Against DATABASE_URL when set, otherwise the embedded database in DATA_DIR (stop `npm start` first: it holds that folder).

const USAGE = [
  'usage: npm run db:migrate                       apply the checked-in migrations',
  '       npm run db:seed                          upsert the reference data (and the demo data unless SEED_DEMO=false)',
  '       npm run db:rebuild-coverage              recompute product_coverage from the mappings (prints how many rows were wrong)',
  '       npm run db:migration:create -- <name>    write a migration from the entity changes (snake_case name)',
  '  Against DATABASE_URL when set, otherwise the embedded database in DATA_DIR.',
].join('\n');

/** The schema is older than the code: seeding would fail on missing tables or columns. */
class MigrationsPending extends Error {}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) throw new HelpRequested();
  const [command, name, ...rest] = args;
  if (!['migrate', 'seed', 'rebuild-coverage', 'create-migration'].includes(command ?? ''))
    throw new UsageError(`unknown command "${command ?? ''}"`);
  if (command !== 'create-migration' && name !== undefined) throw new UsageError(`unexpected argument "${name}"`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const config = loadConfig();
  if (command === 'create-migration') {
    if (!name || !/^[a-z][a-z0-9_]*$/.test(name))
      throw new UsageError('the migration needs a snake_case name: npm run db:migration:create -- <name>');
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
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir });
  try {
    // Migrations and seeds may run long statements: no statement timeout here.
    const orm = await initOrm({ clientUrl: config.databaseUrl ?? embedded!.url, poolMax: 1, acquireTimeoutMs: config.dbAcquireTimeoutMs });
    try {
      if (command === 'migrate') {
        const applied = await migrate(orm);
        console.log(applied.length ? `applied ${applied.join(', ')}` : 'already up to date');
      } else if (command === 'rebuild-coverage') {
        // Recomputes product_coverage from the mappings; `changed` counts rows that were wrong (0 when
        // the triggers did their job).
        console.log(JSON.stringify(await rebuildCoverage(orm.em.fork())));
      } else {
        const pending = await orm.getMigrator().getPendingMigrations();
        if (pending.length) throw new MigrationsPending(`${pending.length} migration(s) not applied yet: run npm run db:migrate first`);
        console.log(JSON.stringify(await seedDatabase(orm, { demo: config.seedDemo })));
      }
    } finally {
      await orm.close();
    }
  } finally {
    await embedded?.stop();
  }
}

runCommand(`db ${process.argv[2] ?? ''}`.trim(), USAGE, main);
