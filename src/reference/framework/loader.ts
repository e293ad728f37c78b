import type { EntityManager } from '@mikro-orm/postgresql';
import { cachedFrameworkSnapshot } from './cache';
import type { FrameworkSnapshot } from './snapshot';

/**
 * Per request: the framework snapshot, checked against its revision on first use (one statement) and
 * shared by every resolver of the request after.
 */
export function createFrameworkLoaders(em: EntityManager) {
  let snapshot: Promise<FrameworkSnapshot> | undefined;
  return {
    snapshot(): Promise<FrameworkSnapshot> {
      snapshot ??= cachedFrameworkSnapshot(em);
      return snapshot;
    },
  };
}

/** What the loader needs of a request: its loader registry (the GraphQL context is one; so is any job's). */
export interface HasLoaders {
  loaders: { get<T>(factory: (em: EntityManager) => T): T };
}

export function frameworkSnapshot(request: HasLoaders): Promise<FrameworkSnapshot> {
  return request.loaders.get(createFrameworkLoaders).snapshot();
}
