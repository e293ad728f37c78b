import type { MappingStatus } from './mapping-status';

// The review step of a mapping: a reviewer decides on a mapping that is waiting for review.
// Decided mappings (APPROVED, REJECTED) and history (SUPERSEDED) are not reviewed again; a vendor
// who wants a decided mapping changed proposes a new one.

export const REVIEW_DECISIONS = ['APPROVE', 'REJECT', 'REQUEST_CHANGES'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Statuses a reviewer may decide on. */
export const REVIEWABLE_STATUSES: readonly MappingStatus[] = ['PROPOSED', 'CHANGES_REQUESTED'];

const OUTCOME: Readonly<Record<ReviewDecision, MappingStatus>> = {
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
};

export type ReviewOutcome = { ok: true; status: MappingStatus; approves: boolean } | { ok: false; reason: string };

/** The status a decision leads to, or why the mapping cannot be reviewed in its current status. */
export function reviewOutcome(current: MappingStatus, decision: ReviewDecision): ReviewOutcome {
  if (!REVIEWABLE_STATUSES.includes(current)) {
    return { ok: false, reason: `the mapping is ${current}; only ${REVIEWABLE_STATUSES.join(' or ')} mappings can be reviewed` };
  }
  const status = OUTCOME[decision];
  return { ok: true, status, approves: status === 'APPROVED' };
}
