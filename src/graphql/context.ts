import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { IncomingHttpHeaders } from 'node:http';

/** Who is acting. Until roles arrive this is the caller's self-declared identity (x-actor header). */
export interface Viewer {
  id: string;
}

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
      this.bags.set(factory, bag);
    }
    return bag;
  }
}

export interface Context {
  /** A fork per request: its own identity map, never the global one. */
  em: EntityManager;
  loaders: LoaderRegistry;
  viewer: Viewer | null;
}

export function createContext(orm: MikroORM, viewer: Viewer | null): Context {
  const em = orm.em.fork();
  return { em, loaders: new LoaderRegistry(em), viewer };
}

export const ACTOR_HEADER = 'x-actor';

/** The identity a request carries (kept in one place: the security work replaces only this). */
export function viewerFromHeaders(headers: IncomingHttpHeaders | Headers): Viewer | null {
  const raw = headers instanceof Headers ? headers.get(ACTOR_HEADER) : headers[ACTOR_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const id = value?.trim();
  return id ? { id: id.slice(0, 200) } : null;
}
