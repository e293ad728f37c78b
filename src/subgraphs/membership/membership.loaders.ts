import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { entityByIdLoader, groupBy } from '../../graphql/loader-utils';
import { Credential } from './entities/credential.entity';
import { Organization } from './entities/organization.entity';
import { Person } from './entities/person.entity';

/** One statement per batch, whatever the number of organizations or people asked for. */
export function createMembershipLoaders(em: EntityManager) {
  return {
    organization: entityByIdLoader(em, Organization),
    person: entityByIdLoader(em, Person),
    peopleByOrganization: new DataLoader<string, Person[]>(async (orgIds) => {
      const rows = await em.find(Person, { organization: { $in: [...orgIds] } }, { orderBy: { name: 'asc', id: 'asc' } });
      const groups = groupBy(rows, (p) => p.organization.id);
      return orgIds.map((id) => groups.get(id) ?? []);
    }),
    credentialsByPerson: new DataLoader<string, Credential[]>(async (personIds) => {
      const rows = await em.find(Credential, { person: { $in: [...personIds] } }, { orderBy: { awardedOn: 'asc', id: 'asc' } });
      const groups = groupBy(rows, (c) => c.person.id);
      return personIds.map((id) => groups.get(id) ?? []);
    }),
  };
}

export function membershipLoaders(ctx: Context) {
  return ctx.loaders.get(createMembershipLoaders);
}
