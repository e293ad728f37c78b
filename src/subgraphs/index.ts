import type { SubgraphName } from '../config/env';
import type { SubgraphDefinition } from '../graphql/build-subgraph-schema';
import { catalogSubgraph } from './catalog/catalog.subgraph';
import { certificationSubgraph } from './certification/certification.subgraph';
import { frameworkSubgraph } from './framework/framework.subgraph';
import { membershipSubgraph } from './membership/membership.subgraph';

/** Every subgraph the gateway composes, by name. */
export const SUBGRAPHS: Partial<Record<SubgraphName, SubgraphDefinition>> = {
  framework: frameworkSubgraph,
  membership: membershipSubgraph,
  catalog: catalogSubgraph,
  certification: certificationSubgraph,
};

export function subgraphDefinitions(): [SubgraphName, SubgraphDefinition][] {
  return Object.entries(SUBGRAPHS) as [SubgraphName, SubgraphDefinition][];
}
