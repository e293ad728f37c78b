import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '../domain/access/roles';
import { countLoaderBatches, metricsEnabled } from '../observability';

export type { Viewer };

/**
 * Loader bags are created on first use, one per request and per factory, bound to the request's
 * EntityManager fork; a subgraph asks for its own bag with `ctx.loaders.get(createXLoaders)`.
 */
export class LoaderRegistry {
  private readonly bags = new Map<(em: EntityManager) => unknown, unknown>();

  constructor(private readonly em: EntityManager) {}

  get<T>(factory: (em: EntityManager) => T): T {
    let bag = this.bags.get(factory) as T | undefined;
    if (bag === undefined) {
      bag = factory(this.em);
      // With metrics on, each loader's batches, keys and rows are counted under the bag's name.
      if (metricsEnabled()) bag = countLoaderBatches(bag, factory.name.replace(/^create|Loaders$/g, '').toLowerCase() || 'loader');
      this.bags.set(factory, bag);
    }
    return bag;
  }
}

export interface Context {
  /** A fork per request: its own identity map, never the global one. */
  em: EntityManager;
  loaders: LoaderRegistry;
  /** Who is acting (verified by the gateway); null for anonymous callers. */
  viewer: Viewer | null;
}

export function createContext(orm: MikroORM, viewer: Viewer | null): Context {
  const em = orm.em.fork();
  return { em, loaders: new LoaderRegistry(em), viewer };
}
