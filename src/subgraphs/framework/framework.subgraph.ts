import type { Context } from '../../graphql/context';
import type { SubgraphDefinition } from '../../graphql/build-subgraph-schema';
import { frameworkSnapshot } from '../../reference/framework';
import { CapabilityResolver, DomainResolver, FrameworkEditionResolver } from './framework.resolver';

/** Owns editions, domains, capabilities and lineage. */
export const frameworkSubgraph: SubgraphDefinition = {
  name: 'framework',
  resolvers: [FrameworkEditionResolver, DomainResolver, CapabilityResolver],
  referenceResolvers: {
    FrameworkEdition: {
      __resolveReference: async (ref: { id?: string; slug?: string }, ctx: Context) => {
        const framework = await frameworkSnapshot(ctx);
        return (ref.id ? framework.editionById.get(ref.id) : framework.editionBySlug.get(ref.slug ?? '')) ?? null;
      },
    },
    Domain: {
      __resolveReference: async (ref: { id: string }, ctx: Context) => (await frameworkSnapshot(ctx)).domainById.get(ref.id) ?? null,
    },
    Capability: {
      __resolveReference: async (ref: { id: string }, ctx: Context) => (await frameworkSnapshot(ctx)).capabilityById.get(ref.id) ?? null,
    },
  },
};
