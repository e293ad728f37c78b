import { DomainError } from '../errors';
import { addMonths, assertIsoDate } from './dates';
import type { Evaluation, RequirementStatus } from './evaluation-types';
import type { CertificationKind } from './vocabulary';

// An application moves DRAFT → SUBMITTED → STAFF_VETTED → (live demo) → APPROVED, and may be
// REJECTED, with a reason, from any state that is not final. The Foundation soft-vets with staff
// and then the Technical Advisory Council approves; the 60-minute live demo comes after the
// requirements are met, so it sits between vetting and approval. It is required for Platform and
// only on request for Specialty Solution, so there it is a step that may be recorded, not a gate.

export const APPLICATION_STATUSES = ['DRAFT', 'SUBMITTED', 'STAFF_VETTED', 'LIVE_DEMO_DONE', 'APPROVED', 'REJECTED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_ACTIONS = ['SUBMIT', 'STAFF_VET', 'RECORD_LIVE_DEMO', 'APPROVE', 'REJECT'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export const FINAL_STATUSES: readonly ApplicationStatus[] = ['APPROVED', 'REJECTED'];

export type LiveDemoPolicy = 'REQUIRED' | 'ON_REQUEST' | 'NONE';

/** Platform must demo before approval; Specialty Solution may be asked to; other kinds never are. */
export function liveDemoPolicy(kind: CertificationKind): LiveDemoPolicy {
  if (kind === 'PLATFORM') return 'REQUIRED';
  if (kind === 'SPECIALTY_SOLUTION') return 'ON_REQUEST';
  return 'NONE';
}

/** The actions allowed from a status, for this kind, each with the status it leads to. */
export function allowedActions(kind: CertificationKind, current: ApplicationStatus): Partial<Record<ApplicationAction, ApplicationStatus>> {
  const demo = liveDemoPolicy(kind);
  switch (current) {
    case 'DRAFT':
      return { SUBMIT: 'SUBMITTED', REJECT: 'REJECTED' };
    case 'SUBMITTED':
      return { STAFF_VET: 'STAFF_VETTED', REJECT: 'REJECTED' };
    case 'STAFF_VETTED':
      if (demo === 'REQUIRED') return { RECORD_LIVE_DEMO: 'LIVE_DEMO_DONE', REJECT: 'REJECTED' };
      if (demo === 'ON_REQUEST') return { RECORD_LIVE_DEMO: 'LIVE_DEMO_DONE', APPROVE: 'APPROVED', REJECT: 'REJECTED' };
      return { APPROVE: 'APPROVED', REJECT: 'REJECTED' };
    case 'LIVE_DEMO_DONE':
      return { APPROVE: 'APPROVED', REJECT: 'REJECTED' };
    case 'APPROVED':
    case 'REJECTED':
      return {};
  }
}

/**
 * The status an action leads to. A transition the workflow does not allow is a CONFLICT (the
 * application is in the wrong state for it), and the message lists what is allowed instead.
 * Approval additionally needs an ELIGIBLE evaluation: see assertApprovable.
 */
export function nextStatus(kind: CertificationKind, current: ApplicationStatus, action: ApplicationAction): ApplicationStatus {
  const allowed = allowedActions(kind, current);
  const next = allowed[action];
  if (next) return next;
  const names = Object.keys(allowed);
  const why = names.length === 0 ? `${current} is final; no action is allowed` : `allowed from ${current}: ${names.join(', ')}`;
  const hint =
    action === 'APPROVE' && current === 'STAFF_VETTED' && liveDemoPolicy(kind) === 'REQUIRED'
      ? ' (a Platform application needs its live demo recorded first)'
      : '';
  throw new DomainError('CONFLICT', `Cannot ${action} a ${kind} application in status ${current}${hint}; ${why}`);
}

/** A rejection must say why; the reason is shown to the applicant. */
export function requireRejectionReason(reason: string | null | undefined): string {
  const trimmed = (reason ?? '').trim();
  if (!trimmed) throw new DomainError('BAD_USER_INPUT', 'A rejection needs a reason', 'reason');
  return trimmed;
}

/** Requirement codes that keep an evaluation from ELIGIBLE, with their status, in the evaluation's order. */
export function failingRequirements(evaluation: Pick<Evaluation, 'requirements'>): { code: string; status: Exclude<RequirementStatus, 'MET'> }[] {
  return evaluation.requirements.flatMap((r) => (r.status === 'MET' ? [] : [{ code: r.code, status: r.status }]));
}

export function failingRequirementCodes(evaluation: Pick<Evaluation, 'requirements'>): string[] {
  return failingRequirements(evaluation).map((r) => r.code);
}

/**
 * Approval is refused unless the evaluation it rests on is ELIGIBLE and is about the same kind;
 * the message names every requirement that is not MET so the reviewer sees what blocks it.
 */
export function assertApprovable(kind: CertificationKind, evaluation: Evaluation): void {
  if (evaluation.kind !== kind) {
    throw new DomainError('CONFLICT', `Cannot approve a ${kind} application on an evaluation of ${evaluation.kind}`);
  }
  if (evaluation.outcome === 'ELIGIBLE') return;
  const failing = failingRequirements(evaluation).map((r) => `${r.code} (${r.status})`);
  throw new DomainError(
    'CONFLICT',
    `Cannot approve: the evaluation under program ${evaluation.program} as of ${evaluation.asOf} is ${evaluation.outcome}; not met: ${failing.join(', ')}`,
  );
}

/**
 * When an award issued on `issuedOn` expires: `validityMonths` later, month ends clamped
 * (2024-02-29 + 12 months = 2025-02-28). Exclusive, like a credential's expiresOn: the award is
 * valid up to the day before.
 */
export function awardExpiry(issuedOn: string, validityMonths: number): string {
  assertIsoDate(issuedOn, 'issuedOn');
  if (!Number.isInteger(validityMonths) || validityMonths < 1) {
    throw new DomainError('BAD_USER_INPUT', `validityMonths must be a whole number of at least 1; got ${validityMonths}`, 'validityMonths');
  }
  return addMonths(issuedOn, validityMonths);
}
