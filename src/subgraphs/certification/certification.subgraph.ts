import type { SubgraphDefinition } from '../../graphql/build-subgraph-schema';
import {
  ActivityResolver,
  ApplicationResolver,
  AwardResolver,
  certificationReferenceResolvers,
  EvaluationResolver,
  EvidenceResolver,
  InstructorQualificationResolver,
  OrganizationCertificationResolver,
  ProgramResolver,
} from './certification.resolver';
import { FrameworkEditionRef, OrganizationRef, ProductRef } from './certification.stubs';
import { OrganizationPathResolver, SimulatedPathResolver } from './path.resolver';
import { CapabilityRef } from './path.types';

/** Owns programs, evidence, Enterprise activities, applications and awards; adds certification fields to Organization. */
export const certificationSubgraph: SubgraphDefinition = {
  name: 'certification',
  resolvers: [
    ProgramResolver,
    EvaluationResolver,
    OrganizationCertificationResolver,
    EvidenceResolver,
    ActivityResolver,
    ApplicationResolver,
    AwardResolver,
    InstructorQualificationResolver,
    OrganizationPathResolver,
    SimulatedPathResolver,
  ],
  orphanedTypes: [OrganizationRef, ProductRef, FrameworkEditionRef, CapabilityRef],
  referenceResolvers: certificationReferenceResolvers,
};
