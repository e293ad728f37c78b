import { AuditResolver } from '../../audit/audit.resolver';
import type { SubgraphDefinition } from '../../graphql/build-subgraph-schema';
import { membershipReferenceResolvers, OrganizationResolver, PersonResolver } from './membership.resolver';

/** Owns organizations, people and credentials; also answers the audit trail every subgraph writes. */
export const membershipSubgraph: SubgraphDefinition = {
  name: 'membership',
  resolvers: [OrganizationResolver, PersonResolver, AuditResolver],
  referenceResolvers: membershipReferenceResolvers,
};
