import type { EntityManager } from '@mikro-orm/postgresql';
import type { FrameworkSnapshot } from '../../reference/framework';
import { createCertificationLoaders } from './certification.loaders';
import { EvaluationService } from './evaluation.service';

/** The certification subgraph's door: its definition, its entities, and the evaluation others may call. */
export { certificationSubgraph } from './certification.subgraph';
export { CertificationApplication } from './entities/certification-application.entity';
export { CertificationAward } from './entities/certification-award.entity';
export { CertificationProgram } from './entities/certification-program.entity';
export { EnterpriseActivity } from './entities/enterprise-activity.entity';
export { Evidence } from './entities/evidence.entity';
export type { EvaluateOrganizationArgs, EvaluationService } from './evaluation.service';

/**
 * The certification subgraph's own evaluation (what EvaluateCertification answers) outside a GraphQL
 * request, e.g. for the exports: bound to `em`, reading the framework through `framework`.
 */
export function createEvaluationService(em: EntityManager, framework: () => Promise<FrameworkSnapshot>): EvaluationService {
  return new EvaluationService(em, createCertificationLoaders(em), framework);
}
