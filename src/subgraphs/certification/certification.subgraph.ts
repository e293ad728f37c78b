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
  ],
  orphanedTypes: [OrganizationRef, ProductRef, FrameworkEditionRef],
  referenceResolvers: certificationReferenceResolvers,
};
