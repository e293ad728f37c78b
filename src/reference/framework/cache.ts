import type { EntityManager } from '@mikro-orm/postgresql';
import type { FrameworkSnapshot } from './snapshot';
import { frameworkRevision, loadFrameworkSnapshot } from './snapshot.repository';

// Keyed by database and revision: one process may talk to several databases (tests, the benchmark).
let cached: { key: string; snapshot: Promise<FrameworkSnapshot> } | null = null;

/**
 * The snapshot, shared by every request of this process while the framework's revision stays the
 * same. Editions are reference data that change only when the seeder runs.
 */
export async function cachedFrameworkSnapshot(em: EntityManager): Promise<FrameworkSnapshot> {
  const key = `${em.config.get('clientUrl')}#${await frameworkRevision(em)}`;
  if (cached?.key !== key) {
    const snapshot = loadFrameworkSnapshot(em);
    cached = { key, snapshot };
    snapshot.catch(() => {
      if (cached?.snapshot === snapshot) cached = null;
    });
  }
  return cached.snapshot;
}
