import { describe, expect, it } from 'vitest';
import type { MappingStatus } from '../../src/domain/catalog/mapping-status';
import { type ReviewDecision, reviewOutcome } from '../../src/domain/catalog/review-mapping';

describe('reviewOutcome', () => {
  it.each<[MappingStatus, ReviewDecision, MappingStatus, boolean]>([
    ['PROPOSED', 'APPROVE', 'APPROVED', true],
    ['PROPOSED', 'REJECT', 'REJECTED', false],
    ['PROPOSED', 'REQUEST_CHANGES', 'CHANGES_REQUESTED', false],
    ['CHANGES_REQUESTED', 'APPROVE', 'APPROVED', true],
    ['CHANGES_REQUESTED', 'REJECT', 'REJECTED', false],
    ['CHANGES_REQUESTED', 'REQUEST_CHANGES', 'CHANGES_REQUESTED', false],
  ])('%s + %s → %s', (current, decision, status, approves) => {
    expect(reviewOutcome(current, decision)).toEqual({ ok: true, status, approves });
  });

  it.each<[MappingStatus, ReviewDecision]>([
    ['APPROVED', 'APPROVE'],
    ['APPROVED', 'REJECT'],
    ['REJECTED', 'APPROVE'],
    ['SUPERSEDED', 'APPROVE'],
    ['SUPERSEDED', 'REQUEST_CHANGES'],
  ])('refuses to review a %s mapping (%s)', (current, decision) => {
    const outcome = reviewOutcome(current, decision);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).toContain(current);
  });
});
