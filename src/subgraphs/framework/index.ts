/**
 * The framework subgraph's door: its definition and the entities other subgraphs may reference.
 * Reads of the framework go through src/reference/framework (the shared read model), not through here.
 */
export { frameworkSubgraph } from './framework.subgraph';
export { Capability, CapabilityDomain } from './entities/capability.entity';
export { CapabilityLink } from './entities/capability-link.entity';
export { FrameworkDomain } from './entities/framework-domain.entity';
export { FrameworkEdition } from './entities/framework-edition.entity';
/** The GraphQL enum of lineage relations: a subgraph that exposes relations declares the same one. */
export { LineageRelationEnum } from './framework.types';
