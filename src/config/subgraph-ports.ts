import type { SubgraphName } from './env';

/** Where each subgraph is written into the checked-in supergraph (the split-mode defaults). */
export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  framework: 4001,
  membership: 4002,
  catalog: 4003,
  certification: 4004,
};

export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}
