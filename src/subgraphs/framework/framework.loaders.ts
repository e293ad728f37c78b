import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context';
import { type FrameworkSnapshot, loadFrameworkSnapshot } from './framework.repository';

/** Per request: the framework snapshot, loaded on first use and shared by every resolver after. */
export function createFrameworkLoaders(em: EntityManager) {
  let snapshot: Promise<FrameworkSnapshot> | undefined;
  return {
    snapshot(): Promise<FrameworkSnapshot> {
      snapshot ??= loadFrameworkSnapshot(em);
      return snapshot;
    },
  };
}

export function frameworkSnapshot(ctx: Context): Promise<FrameworkSnapshot> {
  return ctx.loaders.get(createFrameworkLoaders).snapshot();
}
