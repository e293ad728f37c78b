import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { AdvanceApplicationDocument, CreateApplicationDocument } from '../../src/client/generated/graphql';
import { sqlRows } from '../../src/db/sql';
import { addStaff, createMappedProduct, createOrganization, daysAgo, MOST_OF_2023, recordEvidence } from '../subgraphs/certification-helpers';
import { as, type TestApp } from '../support/test-app';

// Awards for the badge tests: one issued the product's own way (a PLATFORM application of program
// 2023 taken through the whole workflow to approval by the TAC), and others written straight into
// the database with the dates a test needs (an approval always issues today, so an expired or a
// future award can only be made this way).

/** A 50-person organization with a Professional, a product covering most of 2023 and community items, approved PLATFORM. */
export async function approvedPlatformAward(t: TestApp, name: string): Promise<{ awardId: string; organizationId: string; productId: string }> {
  const organizationId = await createOrganization(t, { employeeCount: 50, name });
  const vendor = await as('VENDOR', organizationId);
  await addStaff(t, organizationId, [{ credentials: ['PROFESSIONAL'] }]);
  const productId = await createMappedProduct(t, organizationId, '2023', MOST_OF_2023);
  await recordEvidence(t, organizationId, 'SLACK_SUPPORT_CHANNEL', daysAgo(30), { productId });
  await recordEvidence(t, organizationId, 'RECORDED_DEMO', daysAgo(20), { productId });
  for (const code of ['WORKING_GROUP_CONTRIBUTOR', 'FOCUS_PARTICIPATION', 'TAC_OR_BOARD_SEAT'])
    await recordEvidence(t, organizationId, code, daysAgo(60));
  const { createApplication } = await t.data(CreateApplicationDocument, { input: { organizationId, kind: 'PLATFORM', productId } }, vendor);
  expect(createApplication.errors).toEqual([]);
  const applicationId = createApplication.application!.id;
  const steps: [string, Record<string, string>][] = [
    ['SUBMIT', vendor],
    ['STAFF_VET', await as('REVIEWER', null, 'badge-reviewer')],
    ['RECORD_LIVE_DEMO', await as('REVIEWER', null, 'badge-reviewer')],
    ['APPROVE', await as('TAC', null, 'badge-tac')],
  ];
  let awardId = '';
  for (const [action, headers] of steps) {
    const { advanceApplication } = await t.data(AdvanceApplicationDocument, { input: { applicationId, action: action as never } }, headers);
    expect(advanceApplication.errors).toEqual([]);
    awardId = advanceApplication.award?.id ?? awardId;
  }
  expect(awardId).not.toBe('');
  return { awardId, organizationId, productId };
}

/** An award with the given dates, under program 2023, written by SQL with an approved application behind it. */
export async function insertAward(
  t: TestApp,
  input: { organizationId: string; kind: string; issuedOn: string; expiresOn: string; productId?: string | null },
): Promise<string> {
  const em = t.app.db.orm.em.fork();
  const [program] = await sqlRows<{ id: string }>(em, `select id from certification_program where slug = '2023'`);
  const applicationId = randomUUID();
  const awardId = randomUUID();
  await sqlRows(
    em,
    `insert into certification_application (id, organization_id, program_id, kind, edition, product_id, status, created_by, decided_at, decided_by)
     values (?, ?, ?, ?, '2023', ?, 'APPROVED', 'badge-test', now(), 'badge-test')`,
    [applicationId, input.organizationId, program.id, input.kind, input.productId ?? null],
  );
  await sqlRows(
    em,
    `insert into certification_award (id, organization_id, kind, program_id, edition, product_id, issued_on, expires_on, application_id)
     values (?, ?, ?, ?, '2023', ?, ?::date, ?::date, ?)`,
    [awardId, input.organizationId, input.kind, program.id, input.productId ?? null, input.issuedOn, input.expiresOn, applicationId],
  );
  return awardId;
}

export async function deleteAward(t: TestApp, awardId: string): Promise<void> {
  await sqlRows(t.app.db.orm.em.fork(), `delete from certification_award where id = ?`, [awardId]);
}

/** An ISO date `days` after today (UTC). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
