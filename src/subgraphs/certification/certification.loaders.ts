import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../domain/ids';
import type { Context } from '../../graphql/context';
import { entityByIdLoader, groupBy, inKeyOrder } from '../../graphql/loader-utils';
import { CertificationApplication } from './entities/certification-application.entity';
import { CertificationAward } from './entities/certification-award.entity';
import { EnterpriseActivity } from './entities/enterprise-activity.entity';
import { Evidence } from './entities/evidence.entity';
import { type ProgramRow, selectPrograms } from './certification.repository';
import { selectAwardFacts } from '../../badges/badge.repository';
import type { AwardFacts } from '../../domain/badges/open-badge';

export interface Programs {
  all: ProgramRow[];
  bySlug: Map<string, ProgramRow>;
  byId: Map<string, ProgramRow>;
}

/** One statement per batch, whatever the number of organizations, evidence items or awards asked for. */
export function createCertificationLoaders(em: EntityManager) {
  let programs: Promise<Programs> | undefined;
  const byOrganization = <T extends { organization: { id: string } }>(entity: new () => T, orderBy: Record<string, 'asc' | 'desc'>) =>
    new DataLoader<string, T[]>(async (orgIds) => {
      const valid = orgIds.filter(isUuid);
      const rows = valid.length
        ? ((await em.find(entity as never, { organization: { $in: valid } } as never, { orderBy: orderBy as never })) as T[])
        : [];
      const groups = groupBy(rows, (r) => r.organization.id);
      return orgIds.map((id) => groups.get(id) ?? []);
    });
  return {
    /** Every program, loaded once per request (a few rows). */
    programs(): Promise<Programs> {
      programs ??= selectPrograms(em).then((all) => ({
        all,
        bySlug: new Map(all.map((p) => [p.slug, p])),
        byId: new Map(all.map((p) => [p.id, p])),
      }));
      return programs;
    },
    evidence: entityByIdLoader(em, Evidence),
    activity: entityByIdLoader(em, EnterpriseActivity),
    application: entityByIdLoader(em, CertificationApplication),
    award: entityByIdLoader(em, CertificationAward),
    evidenceByOrganization: byOrganization(Evidence, { date: 'desc', id: 'asc' }),
    activitiesByOrganization: byOrganization(EnterpriseActivity, { date: 'desc', id: 'asc' }),
    applicationsByOrganization: byOrganization(CertificationApplication, { createdAt: 'desc', id: 'asc' }),
    awardsByOrganization: byOrganization(CertificationAward, { issuedOn: 'desc', id: 'asc' }),
    /** What an award's badge says (names of the organization, product and kind): one statement per batch. */
    awardFacts: new DataLoader<string, AwardFacts | null>(async (ids) =>
      inKeyOrder(ids, await selectAwardFacts(em, ids.filter(isUuid)), (f) => f.id),
    ),
    awardByApplication: new DataLoader<string, CertificationAward | null>(async (applicationIds) => {
      const rows = await em.find(CertificationAward, { application: { $in: [...applicationIds] } });
      return inKeyOrder(applicationIds, rows, (a) => a.application.id);
    }),
  };
}

export type CertificationLoaders = ReturnType<typeof createCertificationLoaders>;

export function certificationLoaders(ctx: Context): CertificationLoaders {
  return ctx.loaders.get(createCertificationLoaders);
}
