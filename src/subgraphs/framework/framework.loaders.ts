import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { cachedFrameworkSnapshot, type FrameworkSnapshot } from './framework.repository';

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

export function frameworkSnapshot(ctx: Context): Promise<FrameworkSnapshot> {
  return ctx.loaders.get(createFrameworkLoaders).snapshot();
}
