import { Capability, CapabilityDomain } from '../subgraphs/framework/entities/capability.entity';
import { CapabilityLink } from '../subgraphs/framework/entities/capability-link.entity';
import { FrameworkDomain } from '../subgraphs/framework/entities/framework-domain.entity';
import { FrameworkEdition } from '../subgraphs/framework/entities/framework-edition.entity';
import { Credential } from '../subgraphs/membership/entities/credential.entity';
import { Organization } from '../subgraphs/membership/entities/organization.entity';
import { Person } from '../subgraphs/membership/entities/person.entity';

/** Every entity, listed explicitly (no folder scanning: the same list serves tsc, tsx and vitest). */
export const ENTITIES = [
  FrameworkEdition,
  FrameworkDomain,
  Capability,
  CapabilityDomain,
  CapabilityLink,
  Organization,
  Person,
  Credential,
];
