// Names are unique ignoring case: organizations everywhere, products within their organization. The
// unique indexes decide, so concurrent creations cannot both win; the refusal is a DUPLICATE_NAME
// payload error and nothing is written.
import { randomUUID } from 'node:crypto';
import type { AbstractSqlDriver } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CreateOrganizationDocument,
  CreateProductDocument,
  OrganizationsDocument,
  UpdateOrganizationDocument,
} from '../../src/client/generated/graphql';
import { sqlRows } from '../../src/db/sql';
import { Migration20261130063000_unique_names } from '../../src/db/migrations/Migration20261130063000_unique_names';
import { createOrganization } from '../subgraphs/catalog-helpers';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const DUPLICATE = [expect.objectContaining({ code: 'DUPLICATE_NAME', field: 'input.name' })];

describe('duplicate names', () => {
  it('refuses an organization name that differs only by case or surrounding space, on create and on rename', async () => {
    const admin = await as('ADMIN');
    const name = unique('Acme');
    const create = (n: string) => t.data(CreateOrganizationDocument, { input: { name: n, employeeCount: 5, linuxFoundationMember: false } }, admin);
    expect((await create(name)).createOrganization.errors).toEqual([]);
    for (const variant of [name.toLowerCase(), `  ${name.toUpperCase()} `]) {
      const again = await create(variant);
      expect(again.createOrganization).toEqual({ organization: null, errors: DUPLICATE });
    }
    const other = (await create(unique('Other'))).createOrganization.organization!.id;
    const rename = await t.data(UpdateOrganizationDocument, { input: { id: other, name: name.toUpperCase() } }, admin);
    expect(rename.updateOrganization.errors).toEqual(DUPLICATE);
    expect((await t.data(OrganizationsDocument, { search: name }, admin)).organizations!.totalCount).toBe(1);
  });

  it('of ten concurrent creations of one name in different cases, exactly one wins', async () => {
    const admin = await as('ADMIN');
    const name = unique('Race');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.data(
          CreateOrganizationDocument,
          { input: { name: i % 2 ? name.toUpperCase() : name, employeeCount: 1, linuxFoundationMember: false } },
          admin,
        ),
      ),
    );
    expect(results.filter((r) => r.createOrganization.organization !== null)).toHaveLength(1);
    expect(results.filter((r) => r.createOrganization.errors[0]?.code === 'DUPLICATE_NAME')).toHaveLength(9);
  });

  it('refuses a product name already used in the organization, ignoring case; another organization may use it', async () => {
    const [first, second] = [await createOrganization(t), await createOrganization(t)];
    const name = unique('Cost Cloud');
    const create = async (organizationId: string, n: string) =>
      (await t.data(CreateProductDocument, { input: { organizationId, name: n } }, await as('VENDOR', organizationId))).createProduct;
    expect((await create(first, name)).errors).toEqual([]);
    expect(await create(first, name.toUpperCase())).toEqual({ product: null, errors: DUPLICATE });
    expect((await create(second, name)).errors).toEqual([]);
  });

  it('the migration renames existing duplicates (the oldest keeps its name), reports each, then adds the indexes', async () => {
    const orm = t.app.db.orm;
    const em = orm.em.fork();
    const name = unique('Legacy');
    await sqlRows(em, 'drop index "organization_name_unique"');
    const ids = [randomUUID(), randomUUID()];
    await sqlRows(
      em,
      `insert into organization (id, created_at, updated_at, name, employee_count, linux_foundation_member)
       values (?, now() - interval '1 day', now(), ?, 1, false), (?, now(), now(), ?, 1, false)`,
      [ids[0], name, ids[1], name.toUpperCase()],
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const migration = new Migration20261130063000_unique_names(em.getDriver() as unknown as AbstractSqlDriver, orm.config);
    await migration.up();
    for (const sql of migration.getQueries()) {
      if (String(sql).includes('index "organization_name_unique"')) await sqlRows(em, String(sql));
    }
    const warnings = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    const rows = await sqlRows<{ id: string; name: string }>(em, 'select id, name from organization where id in (?, ?) order by created_at', ids);
    expect(rows).toEqual([
      { id: ids[0], name },
      { id: ids[1], name: `${name.toUpperCase()} (duplicate ${ids[1].slice(0, 8)})` },
    ]);
    expect(warnings.filter((m) => m.includes(ids[1]))).toHaveLength(1);
    const again = await t.data(
      CreateOrganizationDocument,
      { input: { name: name.toLowerCase(), employeeCount: 1, linuxFoundationMember: false } },
      await as('ADMIN'),
    );
    expect(again.createOrganization.errors).toEqual(DUPLICATE);
  });
});
