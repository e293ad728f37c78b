import { AuditEvent } from '../audit';
import { Feature, Mapping, MappingHistory, Product, ProductCoverage } from '../subgraphs/catalog';
import { CertificationApplication, CertificationAward, CertificationProgram, EnterpriseActivity, Evidence } from '../subgraphs/certification';
import { Capability, CapabilityDomain, CapabilityLink, FrameworkDomain, FrameworkEdition, FrameworkRevision } from '../subgraphs/framework';
import { Credential, Organization, Person } from '../subgraphs/membership';
import { ProductRevision } from '../cache/product-revision.entity';

/** Every entity, listed explicitly (no folder scanning: the same list serves tsc, tsx and vitest). */
export const ENTITIES = [
  FrameworkEdition,
  FrameworkRevision,
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
  ProductCoverage,
  MappingHistory,
  CertificationProgram,
  Evidence,
  EnterpriseActivity,
  CertificationApplication,
  CertificationAward,
  AuditEvent,
  ProductRevision,
];
