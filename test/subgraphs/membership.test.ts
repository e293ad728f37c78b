import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddPersonDocument,
  CreateOrganizationDocument,
  OrganizationDocument,
  OrganizationsDocument,
  OrganizationsWithPeopleDocument,
  PersonDocument,
  RecordCredentialDocument,
  UpdateOrganizationDocument,
} from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await as('ADMIN');
});
afterAll(async () => {
  await t?.stop();
});

async function createOrganization(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { createOrganization } = await t.data(
    CreateOrganizationDocument,
    {
      input: { name, employeeCount: 120, linuxFoundationMember: true, finopsMembership: 'GENERAL', ...extra },
    },
    admin,
  );
  expect(createOrganization.errors).toEqual([]);
  return createOrganization.organization!.id;
}

async function addPerson(organizationId: string, name: string, credentials: string[] = []): Promise<string> {
  const { addPerson } = await t.data(AddPersonDocument, { input: { organizationId, name, employedFrom: '2024-01-01' } }, admin);
  const personId = addPerson.person!.id;
  for (const kind of credentials) {
    const { recordCredential } = await t.data(
      RecordCredentialDocument,
      {
        input: { personId, kind: kind as 'PRACTITIONER', awardedOn: '2024-06-01', expiresOn: '2027-06-01' },
      },
      admin,
    );
    expect(recordCredential.errors).toEqual([]);
  }
  return personId;
}

describe('organizations, people and credentials through the gateway', () => {
  it('creates an organization with a parent whose size is the company size', async () => {
    const parent = await createOrganization(unique('Parent Corp'), { employeeCount: 1500 });
    const unit = await createOrganization(unique('Business Unit'), { employeeCount: 100, parentOrganizationId: parent });
    const { organization } = await t.data(OrganizationDocument, { id: unit }, admin);
    expect(organization).toMatchObject({ employeeCount: 100, companySize: 1500, parent: { id: parent } });
  });

  it.each([
    [{ name: '   ' }, 'EMPTY_NAME', 'input.name'],
    [{ employeeCount: -1 }, 'NEGATIVE_EMPLOYEE_COUNT', 'input.employeeCount'],
    [{ parentOrganizationId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'input.parentOrganizationId'],
    [{ parentOrganizationId: 'not-an-id' }, 'NOT_FOUND', 'input.parentOrganizationId'],
  ])('refuses %j with %s on %s and writes nothing', async (bad, code, field) => {
    const name = unique('Refused');
    const { createOrganization } = await t.data(
      CreateOrganizationDocument,
      {
        input: { name, employeeCount: 10, linuxFoundationMember: false, ...bad },
      },
      admin,
    );
    expect(createOrganization.organization).toBeNull();
    expect(createOrganization.errors).toContainEqual(expect.objectContaining({ code, field }));
    const { organizations } = await t.data(OrganizationsDocument, { search: name });
    expect(organizations!.totalCount).toBe(0);
  });

  it('refuses a parent that would close a loop', async () => {
    const a = await createOrganization(unique('Loop A'));
    const b = await createOrganization(unique('Loop B'), { parentOrganizationId: a });
    const c = await createOrganization(unique('Loop C'), { parentOrganizationId: b });
    const { updateOrganization } = await t.data(UpdateOrganizationDocument, { input: { id: a, parentOrganizationId: c } }, admin);
    expect(updateOrganization.organization).toBeNull();
    expect(updateOrganization.errors).toEqual([expect.objectContaining({ code: 'CYCLIC_PARENT', field: 'input.parentOrganizationId' })]);
    const self = await t.data(UpdateOrganizationDocument, { input: { id: a, parentOrganizationId: a } }, admin);
    expect(self.updateOrganization.errors[0].code).toBe('CYCLIC_PARENT');
    const { organization } = await t.data(OrganizationDocument, { id: a }, admin);
    expect(organization?.parent).toBeNull();
  });

  it('records people and credentials, and refuses a credential that expires before it is awarded', async () => {
    const org = await createOrganization(unique('Credentials Inc'));
    const person = await addPerson(org, 'Ada', ['PRACTITIONER', 'PROFESSIONAL']);
    const bad = await t.data(
      RecordCredentialDocument,
      {
        input: { personId: person, kind: 'PRACTITIONER', awardedOn: '2025-01-01', expiresOn: '2024-01-01' },
      },
      admin,
    );
    expect(bad.recordCredential.credential).toBeNull();
    expect(bad.recordCredential.errors).toEqual([expect.objectContaining({ code: 'EXPIRES_BEFORE_AWARDED', field: 'input.expiresOn' })]);
    const { person: read } = await t.data(PersonDocument, { id: person }, admin);
    expect(read?.organization.id).toBe(org);
    expect(read?.credentials.map((c) => c.kind).sort()).toEqual(['PRACTITIONER', 'PROFESSIONAL']);
  });

  it('refuses employment that ends before it starts, and an unknown organization', async () => {
    const org = await createOrganization(unique('Dates Ltd'));
    const { addPerson } = await t.data(
      AddPersonDocument,
      {
        input: { organizationId: org, name: 'Bo', employedFrom: '2025-01-01', employedUntil: '2024-12-31' },
      },
      admin,
    );
    expect(addPerson.errors[0]).toMatchObject({ code: 'INVALID_EMPLOYMENT_DATES', field: 'input.employedUntil' });
    const unknown = await t.data(AddPersonDocument, { input: { organizationId: '00000000-0000-4000-8000-000000000001', name: 'Cy' } }, admin);
    expect(unknown.addPerson.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.organizationId' });
  });

  it('answers an unknown organization id with NOT_FOUND, and a malformed date with BAD_USER_INPUT', async () => {
    const body = await t.request(OrganizationDocument, { id: 'b6c4e5d2-0000-4000-8000-000000000000' }, admin);
    expect(body.data?.organization).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const date = await t.request(AddPersonDocument, { input: { organizationId: 'x', name: 'y', employedFrom: '2025-02-30' } }, admin);
    expect(date.data?.addPerson ?? null).toBeNull();
    expect(date.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(date.errors?.[0].message).toContain('2025-02-30');
    expect(JSON.stringify(date.errors)).not.toMatch(/select|insert|at .*\.ts/i);
  });

  it('pages through organizations with a name search and an exact total', async () => {
    const tag = unique('Paging');
    for (let i = 0; i < 5; i++) await createOrganization(`${tag} ${i}`);
    const seen: string[] = [];
    let after: string | null | undefined = null;
    for (let page = 0; page < 3; page++) {
      const {
        organizations,
      }: {
        organizations: {
          totalCount: number;
          edges: { node: { name: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor?: string | null };
        } | null;
      } = await t.data(OrganizationsDocument, { first: 2, after, search: tag.toUpperCase() });
      expect(organizations!.totalCount).toBe(5);
      seen.push(...organizations!.edges.map((e) => e.node.name));
      after = organizations!.pageInfo.endCursor;
      expect(organizations!.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));
    const bad = await t.request(OrganizationsDocument, { first: 500 });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await t.request(OrganizationsDocument, { after: 'garbage' });
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists organizations with people and credentials in a fixed number of statements', async () => {
    const small = unique('Statements');
    const large = unique('Statements');
    const seed = async (tag: string, count: number) => {
      for (let i = 0; i < count; i++) {
        const org = await createOrganization(`${tag} ${String(i).padStart(2, '0')}`);
        await addPerson(org, `P${i}a`, ['PRACTITIONER']);
        await addPerson(org, `P${i}b`, ['PROFESSIONAL', 'FOCUS_ANALYST']);
      }
    };
    await seed(small, 3);
    await seed(large, 12);
    const few = await t.countStatements(() => t.data(OrganizationsWithPeopleDocument, { first: 50, search: small }, admin));
    const many = await t.countStatements(() => t.data(OrganizationsWithPeopleDocument, { first: 50, search: large }, admin));
    expect(few.result.organizations!.nodes).toHaveLength(3);
    expect(many.result.organizations!.nodes).toHaveLength(12);
    expect(many.result.organizations!.nodes.flatMap((o) => o.people.flatMap((p) => p.credentials))).toHaveLength(36);
    expect(few.statements).toBeGreaterThan(0);
    expect(many.statements).toBe(few.statements);
  });
});

describe('audit trail', () => {
  it('records who created and changed an organization, before and after, for staff only', async () => {
    const name = unique('Audited');
    const created = await t.data(CreateOrganizationDocument, { input: { name, employeeCount: 10, linuxFoundationMember: false } }, admin);
    const id = created.createOrganization.organization!.id;
    await t.data(UpdateOrganizationDocument, { input: { id, employeeCount: 20 } }, admin);
    const query = `query ($id: ID!) { auditTrail(objectId: $id, first: 10) { totalCount nodes { action actorRole objectType before after } } }`;
    const trail = await t.data<any, { id: string }>(query, { id }, await as('REVIEWER'));
    expect(trail.auditTrail.totalCount).toBe(2);
    expect(trail.auditTrail.nodes.map((n: { action: string }) => n.action)).toEqual(['CREATE', 'UPDATE']);
    expect(trail.auditTrail.nodes[1]).toMatchObject({
      actorRole: 'ADMIN',
      objectType: 'Organization',
      before: { employeeCount: 10 },
      after: { employeeCount: 20 },
    });
    const vendor = await t.request(query, { id }, await as('VENDOR', id));
    expect(vendor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('writes nothing, not even an audit line, when a mutation is refused', async () => {
    const name = unique('NotAudited');
    const refused = await t.data(CreateOrganizationDocument, { input: { name, employeeCount: -5, linuxFoundationMember: false } }, admin);
    expect(refused.createOrganization.errors[0].code).toBe('NEGATIVE_EMPLOYEE_COUNT');
    const { organizations } = await t.data(OrganizationsDocument, { search: name });
    expect(organizations!.totalCount).toBe(0);
  });
});
