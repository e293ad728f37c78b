import { describe, expect, it } from 'vitest';
import { addMonths, assertIsoDate, isIsoDate, isWithinWindow, minusMonths } from '../../../src/domain/certification/dates';
import { DomainError } from '../../../src/domain/errors';

describe('minusMonths / addMonths: month ends clamp to the shorter month', () => {
  it.each([
    ['2024-02-29', -12, '2023-02-28'],
    ['2025-02-28', -12, '2024-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2023-03-31', -1, '2023-02-28'],
    ['2025-06-30', -12, '2024-06-30'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2025-05-31', 0, '2025-05-31'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('minusMonths is addMonths backwards', () => {
    expect(minusMonths('2024-02-29', 12)).toBe('2023-02-28');
  });
});

describe('isWithinWindow: (asOf - N months, asOf]', () => {
  const asOf = '2025-06-30';
  it.each([
    ['2024-06-30', 12, false, 'exactly 12 months ago does not count'],
    ['2024-07-01', 12, true, '12 months minus a day counts'],
    ['2025-06-30', 12, true, 'the as-of day itself counts'],
    ['2025-07-01', 12, false, 'a date after asOf never counts'],
    ['2010-01-01', null, true, 'no window: any date up to asOf'],
    ['2025-07-01', null, false, 'no window still excludes the future'],
  ] as [string, number | null, boolean, string][])('%s (window %s) → %s: %s', (date, window, expected) => {
    expect(isWithinWindow(date, asOf, window)).toBe(expected);
  });

  it('uses the clamped anniversary for a leap-day as-of date', () => {
    expect(isWithinWindow('2023-02-28', '2024-02-29', 12)).toBe(false);
    expect(isWithinWindow('2023-03-01', '2024-02-29', 12)).toBe(true);
  });
});

describe('ISO dates', () => {
  it.each(['2024-02-29', '2025-12-31', '2000-01-01'])('%s is a date', (d) => expect(isIsoDate(d)).toBe(true));
  it.each(['2023-02-29', '2025-13-01', '2025-1-01', '2025-06-31', '', 20250101, null])('%s is not a date', (d) => expect(isIsoDate(d)).toBe(false));

  it('assertIsoDate names the field in a BAD_USER_INPUT error', () => {
    expect(() => assertIsoDate('2025-02-30', 'asOf')).toThrow(DomainError);
    try {
      assertIsoDate('2025-02-30', 'asOf');
    } catch (e) {
      expect((e as DomainError).code).toBe('BAD_USER_INPUT');
      expect((e as DomainError).field).toBe('asOf');
      expect((e as DomainError).message).toContain('2025-02-30');
    }
  });
});
