import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ACTIONS,
  APPLICATION_STATUSES,
  assertApprovable,
  awardExpiry,
  failingRequirementCodes,
  liveDemoPolicy,
  nextStatus,
  requireRejectionReason,
  type ApplicationAction,
  type ApplicationStatus,
} from '../../../src/domain/certification/application-workflow';
import { CERTIFICATION_KINDS, type CertificationKind } from '../../../src/domain/certification/vocabulary';
import { DomainError } from '../../../src/domain/errors';
import { eligibleFacts, evaluate } from './fixtures';

// The whole transition table: [kind, from, action] → next status, or null for CONFLICT. Written out
// from the Foundation's process, not from the code under test: Platform must demo before approval,
// Specialty Solution may be asked to, other kinds never are.
const LIVE_DEMO: Record<CertificationKind, 'REQUIRED' | 'ON_REQUEST' | 'NONE'> = {
  PLATFORM: 'REQUIRED',
  SPECIALTY_SOLUTION: 'ON_REQUEST',
  SERVICE_PROVIDER: 'NONE',
  TRAINING_PARTNER: 'NONE',
  ENTERPRISE: 'NONE',
};
type Row = [CertificationKind, ApplicationStatus, ApplicationAction, ApplicationStatus | null];
function expected(kind: CertificationKind, from: ApplicationStatus, action: ApplicationAction): ApplicationStatus | null {
  if (from === 'APPROVED' || from === 'REJECTED') return null;
  if (action === 'REJECT') return 'REJECTED';
  const demo = LIVE_DEMO[kind];
  const table: Partial<Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>>> = {
    DRAFT: { SUBMIT: 'SUBMITTED' },
    SUBMITTED: { STAFF_VET: 'STAFF_VETTED' },
    STAFF_VETTED:
      demo === 'REQUIRED'
        ? { RECORD_LIVE_DEMO: 'LIVE_DEMO_DONE' }
        : demo === 'ON_REQUEST'
          ? { RECORD_LIVE_DEMO: 'LIVE_DEMO_DONE', APPROVE: 'APPROVED' }
          : { APPROVE: 'APPROVED' },
    LIVE_DEMO_DONE: { APPROVE: 'APPROVED' },
  };
  return table[from]?.[action] ?? null;
}
const ROWS: Row[] = CERTIFICATION_KINDS.flatMap((kind) =>
  APPLICATION_STATUSES.flatMap((from) => APPLICATION_ACTIONS.map((action): Row => [kind, from, action, expected(kind, from, action)])),
);

describe('application workflow', () => {
  it('the table covers every kind × status × action', () => {
    expect(CERTIFICATION_KINDS).toEqual(['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE']);
    expect(APPLICATION_STATUSES).toEqual(['DRAFT', 'SUBMITTED', 'STAFF_VETTED', 'LIVE_DEMO_DONE', 'APPROVED', 'REJECTED']);
    expect(APPLICATION_ACTIONS).toEqual(['SUBMIT', 'STAFF_VET', 'RECORD_LIVE_DEMO', 'APPROVE', 'REJECT']);
    // Steps that lead somewhere: per kind 4 REJECTs (from the open statuses), SUBMIT, STAFF_VET and APPROVE
    // after the demo (7 × 5 = 35), plus the steps from STAFF_VETTED: Platform 1, Specialty 2, the others 1.
    expect(ROWS.filter((r) => r[3] !== null)).toHaveLength(41);
  });

  it.each(ROWS)('%s: %s --%s--> %s', (kind, from, action, to) => {
    if (to) {
      expect(nextStatus(kind, from, action)).toBe(to);
    } else {
      try {
        nextStatus(kind, from, action);
        expect.unreachable('should have thrown');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe('CONFLICT');
        expect((e as DomainError).message).toContain(`Cannot ${action} a ${kind} application in status ${from}`);
      }
    }
  });

  it.each([
    ['PLATFORM', 'REQUIRED'],
    ['SPECIALTY_SOLUTION', 'ON_REQUEST'],
    ['SERVICE_PROVIDER', 'NONE'],
    ['TRAINING_PARTNER', 'NONE'],
    ['ENTERPRISE', 'NONE'],
  ] as const)('%s live demo: %s', (kind, policy) => {
    expect(liveDemoPolicy(kind)).toBe(policy);
  });

  it('the happy paths', () => {
    const walk = (kind: CertificationKind, actions: ApplicationAction[]) =>
      actions.reduce<ApplicationStatus>((s, a) => nextStatus(kind, s, a), 'DRAFT');
    expect(walk('PLATFORM', ['SUBMIT', 'STAFF_VET', 'RECORD_LIVE_DEMO', 'APPROVE'])).toBe('APPROVED');
    expect(walk('SERVICE_PROVIDER', ['SUBMIT', 'STAFF_VET', 'APPROVE'])).toBe('APPROVED');
    expect(walk('SPECIALTY_SOLUTION', ['SUBMIT', 'STAFF_VET', 'APPROVE'])).toBe('APPROVED');
    expect(walk('ENTERPRISE', ['SUBMIT', 'REJECT'])).toBe('REJECTED');
  });

  it('the refusal lists the allowed actions', () => {
    expect(() => nextStatus('PLATFORM', 'STAFF_VETTED', 'APPROVE')).toThrow('allowed from STAFF_VETTED: RECORD_LIVE_DEMO, REJECT');
    expect(() => nextStatus('PLATFORM', 'STAFF_VETTED', 'APPROVE')).toThrow('live demo');
    expect(() => nextStatus('ENTERPRISE', 'SUBMITTED', 'RECORD_LIVE_DEMO')).toThrow('allowed from SUBMITTED: STAFF_VET, REJECT');
    expect(() => nextStatus('ENTERPRISE', 'APPROVED', 'REJECT')).toThrow('APPROVED is final');
  });

  it.each([
    ['  too few Practitioners ', 'too few Practitioners'],
    ['x', 'x'],
  ])('a rejection reason %j is kept trimmed', (reason, kept) => {
    expect(requireRejectionReason(reason)).toBe(kept);
  });

  it.each([null, undefined, '', '   '])('a rejection without a reason (%j) is refused', (reason) => {
    expect(() => requireRejectionReason(reason)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'reason' }));
  });
});

describe('approval needs an ELIGIBLE evaluation', () => {
  it('an ELIGIBLE evaluation of the same kind passes', () => {
    expect(() => assertApprovable('PLATFORM', evaluate('2023', 'PLATFORM', eligibleFacts('2023', 'PLATFORM')))).not.toThrow();
  });

  it('otherwise the refusal names every requirement that is not MET', () => {
    const facts = eligibleFacts('2023', 'PLATFORM');
    const evaluation = evaluate('2023', 'PLATFORM', {
      ...facts,
      linuxFoundationMember: false,
      evidence: facts.evidence!.map((e) => (e.code === 'RECORDED_DEMO' ? { ...e, status: 'UNVETTED' as const } : e)),
    });
    expect(failingRequirementCodes(evaluation)).toEqual(['LF_MEMBERSHIP', 'RECORDED_DEMO']);
    expect(() => assertApprovable('PLATFORM', evaluation)).toThrow('not met: LF_MEMBERSHIP (NOT_MET), RECORDED_DEMO (NEEDS_REVIEW)');
    expect(() => assertApprovable('PLATFORM', evaluation)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('an evaluation of another kind cannot approve', () => {
    expect(() => assertApprovable('SPECIALTY_SOLUTION', evaluate('2023', 'PLATFORM', eligibleFacts('2023', 'PLATFORM')))).toThrow(
      'on an evaluation of PLATFORM',
    );
  });
});

describe('awardExpiry: issued on + validity months (exclusive), month ends clamped', () => {
  it.each([
    ['2025-03-10', 12, '2026-03-10'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2025-12-31', 1, '2026-01-31'],
  ])('%s + %i months → %s', (issuedOn, months, expiry) => {
    expect(awardExpiry(issuedOn, months)).toBe(expiry);
  });

  it.each([
    ['2025-02-30', 12],
    ['2025-03-10', 0],
    ['2025-03-10', 1.5],
  ])('refuses %s / %s', (issuedOn, months) => {
    expect(() => awardExpiry(issuedOn, months)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
