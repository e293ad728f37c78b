import { MikroORM } from '@mikro-orm/postgresql';
import type { Options } from '@mikro-orm/postgresql';
import { ormConfig, type DbConnectionOptions } from './mikro-orm.config';
import { seedDatabase, type SeedOptions } from './seeders/database.seeder';

export type { MikroORM };

/** The only way in: opens the ORM for a database URL (checks the connection). */
export async function initOrm(db: DbConnectionOptions, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormConfig(db, overrides));
}

/** Brings the schema up to date with the checked-in migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** Migrates, then upserts the reference data (and the demo data unless told not to). */
export async function prepareDatabase(orm: MikroORM, seed: SeedOptions): Promise<{ migrations: string[] }> {
  const migrations = await migrate(orm);
  await seedDatabase(orm, seed);
  return { migrations };
}
