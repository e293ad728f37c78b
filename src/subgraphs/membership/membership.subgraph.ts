import type { SubgraphDefinition } from '../../graphql/build-subgraph-schema';
import { membershipReferenceResolvers, OrganizationResolver, PersonResolver } from './membership.resolver';

/** Owns organizations, people and credentials. */
export const membershipSubgraph: SubgraphDefinition = {
  name: 'membership',
  resolvers: [OrganizationResolver, PersonResolver],
  referenceResolvers: membershipReferenceResolvers,
};
