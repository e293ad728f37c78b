/** The membership subgraph's door: its definition and the entities other subgraphs may reference. */
export { membershipSubgraph } from './membership.subgraph';
export { Credential } from './entities/credential.entity';
export { Organization } from './entities/organization.entity';
export { Person } from './entities/person.entity';
