import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/domain/text/did-you-mean';

const CAPABILITIES_2025 = [
  'allocation',
  'budgeting',
  'forecasting',
  'cloud-sustainability',
  'rate-optimization',
  'workload-optimization',
  'unit-economics',
];

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'acb', 1], // one swap of neighbours
    ['abc', 'ab', 1],
    ['kitten', 'sitting', 3],
  ])('%s → %s: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('stops early above the limit', () => {
    expect(editDistance('aaaaaaaaaa', 'bbbbbbbbbb', 2)).toBe(3);
  });
});

describe('didYouMean', () => {
  it.each([
    ['cloud-sustainabilty', 'cloud-sustainability'],
    ['Forcasting', 'forecasting'],
    ['budgetting', 'budgeting'],
    ['rate-optimisation', 'rate-optimization'],
    ['sustainability', 'cloud-sustainability'], // contained whole
    ['chargeback', null],
    ['allocation', null], // exact: nothing to suggest
    ['', null],
  ])('%s → %s', (typed, expected) => {
    expect(didYouMean(typed, CAPABILITIES_2025)).toBe(expected);
  });
});
