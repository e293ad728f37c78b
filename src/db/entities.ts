import { Feature } from '../subgraphs/catalog/entities/feature.entity';
import { Mapping } from '../subgraphs/catalog/entities/mapping.entity';
import { Product } from '../subgraphs/catalog/entities/product.entity';
import { Capability, CapabilityDomain } from '../subgraphs/framework/entities/capability.entity';
import { CapabilityLink } from '../subgraphs/framework/entities/capability-link.entity';
import { FrameworkDomain } from '../subgraphs/framework/entities/framework-domain.entity';
import { FrameworkEdition } from '../subgraphs/framework/entities/framework-edition.entity';
import { CertificationApplication } from '../subgraphs/certification/entities/certification-application.entity';
import { CertificationAward } from '../subgraphs/certification/entities/certification-award.entity';
import { CertificationProgram } from '../subgraphs/certification/entities/certification-program.entity';
import { EnterpriseActivity } from '../subgraphs/certification/entities/enterprise-activity.entity';
import { Evidence } from '../subgraphs/certification/entities/evidence.entity';
import { Credential } from '../subgraphs/membership/entities/credential.entity';
import { Organization } from '../subgraphs/membership/entities/organization.entity';
import { Person } from '../subgraphs/membership/entities/person.entity';

import { AuditEvent } from '../audit/audit-event.entity';
import { ProductRevision } from '../cache/product-revision.entity';

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
  Product,
  Feature,
  Mapping,
  CertificationProgram,
  Evidence,
  EnterpriseActivity,
  CertificationApplication,
  CertificationAward,
  AuditEvent,
  ProductRevision,
];
