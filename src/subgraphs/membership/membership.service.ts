import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { containsPattern } from '../../db/sql';
import { assertRole } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import { DomainError, type UserErrorData, userError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { checkName } from '../../domain/input-checks';
import {
  validateCredentialDates,
  validateEmployment,
  validateOrganizationFields,
  wouldCreateCycle,
} from '../../domain/membership/organization-rules';
import { type MutationSteps, runMutation } from '../../services/run-mutation';
import { decodeCursor, encodeCursor, type Page, pageSize, toPage } from '../../graphql/pagination';
import { Credential } from './entities/credential.entity';
import { Organization } from './entities/organization.entity';
import { Person } from './entities/person.entity';
import type { createMembershipLoaders } from './membership.loaders';
import type { AddPersonInput, CreateOrganizationInput, RecordCredentialInput, UpdateOrganizationInput } from './membership.types';

type Loaders = ReturnType<typeof createMembershipLoaders>;
type Result<K extends string, T> = { errors: UserErrorData[] } & { [key in K]: T | null };

/** Organizations, people and credentials: checks the rules that need the database, then writes. */
export class MembershipService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer | null,
  ) {}

  async organization(id: string): Promise<Organization> {
    const org = await this.loaders.organization.load(id);
    if (!org) throw new DomainError('NOT_FOUND', `No organization with id "${id}"`, 'id');
    return org;
  }

  async person(id: string): Promise<Person> {
    const person = await this.loaders.person.load(id);
    if (!person) throw new DomainError('NOT_FOUND', `No person with id "${id}"`, 'id');
    return person;
  }

  /** The size that sets the headcount tier: the top-most parent's employee count. */
  async companySize(org: Organization): Promise<number> {
    let current = org;
    const seen = new Set<string>([org.id]);
    while (current.parent && !seen.has(current.parent.id)) {
      seen.add(current.parent.id);
      const parent = await this.loaders.organization.load(current.parent.id);
      if (!parent) break;
      current = parent;
    }
    return current.employeeCount;
  }

  async organizations(args: { first?: number | null; after?: string | null; search?: string | null }): Promise<Page<Organization>> {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2);
    const search = args.search?.trim().toLowerCase();
    const qb = this.em.createQueryBuilder(Organization, 'o');
    if (search) qb.andWhere(`lower(o.name) like ?`, [containsPattern(search)]);
    const [total, rows] = await Promise.all([
      qb.clone().getCount(),
      (() => {
        const page = qb.clone();
        if (after) page.andWhere('(lower(o.name), o.id) > (?, ?)', [after[0], after[1]]);
        return page
          .orderBy({ [raw('lower(o.name)')]: 'asc', id: 'asc' })
          .limit(first + 1)
          .getResultList();
      })(),
    ]);
    return toPage(rows, first, (o) => encodeCursor([o.name.toLowerCase(), o.id]), total, after !== null);
  }

  /** Runs one of this subgraph's mutations through the one mutation path (src/services/run-mutation.ts). */
  private mutate<R extends { errors: UserErrorData[] }, P>(steps: Omit<MutationSteps<R, P>, 'subgraph'>): Promise<R> {
    return runMutation(this.em, this.viewer, { ...steps, subgraph: 'membership' });
  }

  createOrganization(input: CreateOrganizationInput): Promise<Result<'organization', Organization>> {
    return this.mutate({
      failed: (errors) => ({ organization: null, errors }),
      authorize: () => assertRole(this.viewer, ['ADMIN'], 'create organizations'),
      validate: async (errors) => {
        errors.push(...validateOrganizationFields({ name: input.name, employeeCount: input.employeeCount }));
        let parent: Organization | null = null;
        if (input.parentOrganizationId) {
          parent = await this.loaders.organization.load(input.parentOrganizationId);
          if (!parent) errors.push(userError('NOT_FOUND', `No organization with id "${input.parentOrganizationId}"`, 'input.parentOrganizationId'));
        }
        return { parent };
      },
      write: async (tx, { parent }) => {
        const org = tx.create(Organization, {
          name: input.name.trim(),
          employeeCount: input.employeeCount,
          parent: parent ? tx.getReference(Organization, parent.id) : null,
          finopsMembership: input.finopsMembership ?? null,
          linuxFoundationMember: input.linuxFoundationMember,
        });
        return {
          payload: { organization: org, errors: [] },
          audit: [{ objectType: 'Organization', objectId: org.id, action: 'CREATE', after: organizationSnapshot(org) }],
        };
      },
    });
  }

  updateOrganization(input: UpdateOrganizationInput): Promise<Result<'organization', Organization>> {
    return this.mutate({
      failed: (errors) => ({ organization: null, errors }),
      authorize: () => assertRole(this.viewer, ['ADMIN'], 'change organizations'),
      validate: async (errors) => {
        const org = await this.loaders.organization.load(input.id);
        if (!org) {
          errors.push(userError('NOT_FOUND', `No organization with id "${input.id}"`, 'input.id'));
          return undefined;
        }
        errors.push(
          ...validateOrganizationFields({
            ...(input.name !== undefined && input.name !== null ? { name: input.name } : {}),
            ...(input.employeeCount !== undefined && input.employeeCount !== null ? { employeeCount: input.employeeCount } : {}),
          }),
        );
        let parent: Organization | null | undefined;
        if (input.clearParent) parent = null;
        else if (input.parentOrganizationId) {
          parent = await this.loaders.organization.load(input.parentOrganizationId);
          if (!parent) {
            errors.push(userError('NOT_FOUND', `No organization with id "${input.parentOrganizationId}"`, 'input.parentOrganizationId'));
          } else if (await this.closesLoop(org.id, parent.id)) {
            errors.push(
              userError(
                'CYCLIC_PARENT',
                `"${parent.name}" is ${org.name} or one of its descendants; parents cannot form a loop`,
                'input.parentOrganizationId',
              ),
            );
          }
        }
        return { org, parent };
      },
      write: async (tx, { org, parent }) => {
        const target = await tx.findOneOrFail(Organization, org.id);
        const before = organizationSnapshot(target);
        if (input.name != null) target.name = input.name.trim();
        if (input.employeeCount != null) target.employeeCount = input.employeeCount;
        if (parent !== undefined) target.parent = parent ? tx.getReference(Organization, parent.id, { wrapped: true }) : null;
        if (input.clearFinopsMembership) target.finopsMembership = null;
        else if (input.finopsMembership) target.finopsMembership = input.finopsMembership;
        if (input.linuxFoundationMember != null) target.linuxFoundationMember = input.linuxFoundationMember;
        return {
          payload: { organization: target, errors: [] },
          audit: [{ objectType: 'Organization', objectId: target.id, action: 'UPDATE', before, after: organizationSnapshot(target) }],
        };
      },
    });
  }

  /** Loads the new parent's ancestor chain (one batched statement per level) and looks for `id` in it. */
  private async closesLoop(id: string, parentId: string): Promise<boolean> {
    const parentOf = new Map<string, string | null>();
    for (let current: string | null = parentId; current && !parentOf.has(current) && current !== id;) {
      const row: Organization | null = await this.loaders.organization.load(current);
      const next: string | null = row?.parent?.id ?? null;
      parentOf.set(current, next);
      current = next;
    }
    return wouldCreateCycle(id, parentId, (x) => parentOf.get(x));
  }

  addPerson(input: AddPersonInput): Promise<Result<'person', Person>> {
    return this.mutate({
      failed: (errors) => ({ person: null, errors }),
      authorize: () => assertRole(this.viewer, ['ADMIN'], 'add people'),
      validate: async (errors) => {
        const name = checkName(input.name, 'input.name', errors, "The person's name");
        errors.push(...validateEmployment(input.employedFrom, input.employedUntil));
        if (input.finopsExperienceMonths != null && input.finopsExperienceMonths < 0) {
          errors.push(userError('NEGATIVE_EXPERIENCE', 'finopsExperienceMonths must be zero or more', 'input.finopsExperienceMonths'));
        }
        const org = await this.loaders.organization.load(input.organizationId);
        if (!org) errors.push(userError('NOT_FOUND', `No organization with id "${input.organizationId}"`, 'input.organizationId'));
        return org ? { org, name } : undefined;
      },
      write: async (tx, { org, name }) => {
        const person = tx.create(Person, {
          organization: tx.getReference(Organization, org.id),
          name,
          employedFrom: input.employedFrom ?? null,
          employedUntil: input.employedUntil ?? null,
          communityParticipant: input.communityParticipant ?? false,
          finopsExperienceMonths: input.finopsExperienceMonths ?? null,
          publicSpeaking: input.publicSpeaking ?? false,
        });
        const after = { organizationId: org.id, name, employedFrom: person.employedFrom, employedUntil: person.employedUntil };
        return { payload: { person, errors: [] }, audit: [{ objectType: 'Person', objectId: person.id, action: 'CREATE', after }] };
      },
    });
  }

  recordCredential(input: RecordCredentialInput): Promise<Result<'credential', Credential>> {
    return this.mutate({
      failed: (errors) => ({ credential: null, errors }),
      authorize: () => assertRole(this.viewer, ['ADMIN'], 'record credentials'),
      validate: async (errors) => {
        errors.push(...validateCredentialDates(input.awardedOn, input.expiresOn));
        const person = isUuid(input.personId) ? await this.loaders.person.load(input.personId) : null;
        if (!person) errors.push(userError('NOT_FOUND', `No person with id "${input.personId}"`, 'input.personId'));
        return person ?? undefined;
      },
      write: async (tx, person) => {
        const credential = tx.create(Credential, {
          person: tx.getReference(Person, person.id),
          kind: input.kind,
          awardedOn: input.awardedOn,
          expiresOn: input.expiresOn ?? null,
        });
        const after = { personId: person.id, kind: input.kind, awardedOn: input.awardedOn, expiresOn: credential.expiresOn };
        return { payload: { credential, errors: [] }, audit: [{ objectType: 'Credential', objectId: credential.id, action: 'CREATE', after }] };
      },
    });
  }
}

function organizationSnapshot(org: Organization) {
  return {
    name: org.name,
    employeeCount: org.employeeCount,
    parentId: org.parent?.id ?? null,
    finopsMembership: org.finopsMembership,
    linuxFoundationMember: org.linuxFoundationMember,
  };
}
