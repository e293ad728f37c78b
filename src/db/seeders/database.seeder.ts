import type { MikroORM } from '@mikro-orm/postgresql';
import { seedDemo } from './demo.seeder';
import { seedCertificationPrograms } from './certification.seeder';
import { seedFramework } from './framework.seeder';

export interface SeedOptions {
  /** Demo organizations, products and mappings; reference data is always loaded. */
  demo: boolean;
}

export interface SeedReport {
  framework: Awaited<ReturnType<typeof seedFramework>>;
  certification: Awaited<ReturnType<typeof seedCertificationPrograms>>;
  demo: Awaited<ReturnType<typeof seedDemo>> | null;
}

/** Reference data first (framework, programs), then demo data; all in one transaction. */
export async function seedDatabase(orm: MikroORM, options: SeedOptions): Promise<SeedReport> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const framework = await seedFramework(tx);
    const certification = await seedCertificationPrograms(tx);
    const demo = options.demo ? await seedDemo(tx) : null;
    return { framework, certification, demo };
  });
}
