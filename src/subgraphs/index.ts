import { AUDIT_RESOLVERS } from '../audit';
import type { SubgraphName } from '../config/env';
import type { SubgraphDefinition } from '../graphql/build-subgraph-schema';
import { catalogSubgraph } from './catalog';
import { certificationSubgraph } from './certification';
import { frameworkSubgraph } from './framework';
import { membershipSubgraph } from './membership';

/**
 * Every subgraph the gateway composes, by name. The audit trail (src/audit) belongs to no subgraph:
 * every subgraph writes it; its one query is served from the membership subgraph's server.
 */
export const SUBGRAPHS: Partial<Record<SubgraphName, SubgraphDefinition>> = {
  framework: frameworkSubgraph,
  membership: { ...membershipSubgraph, resolvers: [...membershipSubgraph.resolvers, ...AUDIT_RESOLVERS] },
  catalog: catalogSubgraph,
  certification: certificationSubgraph,
};

export function subgraphDefinitions(): [SubgraphName, SubgraphDefinition][] {
  return Object.entries(SUBGRAPHS) as [SubgraphName, SubgraphDefinition][];
}
