import { describe, expect, it } from 'vitest';
import { checkCapabilitySlugs } from '../../../src/domain/certification/capability-slugs';
import { DomainError } from '../../../src/domain/errors';

const known = new Set(['allocation', 'forecasting', 'budgeting']);
const isCapability = (slug: string) => known.has(slug);

describe('checkCapabilitySlugs', () => {
  it('trims, lower-cases and drops repeats, keeping the order given', () => {
    expect(checkCapabilitySlugs([' Forecasting', 'allocation ', 'FORECASTING', 'budgeting'], '2025', isCapability, 'targetCapabilities')).toEqual([
      'forecasting',
      'allocation',
      'budgeting',
    ]);
  });

  it('an empty list is no capability, not an error', () => {
    expect(checkCapabilitySlugs([], '2025', isCapability, 'targetCapabilities')).toEqual([]);
  });

  it('names every unknown slug at once, on the field given', () => {
    let thrown: unknown;
    try {
      checkCapabilitySlugs(['allocation', 'Magic', 'teleport', 'magic'], '2024', isCapability, 'organization.coveredCapabilities');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'organization.coveredCapabilities',
      message: 'Not capabilities of edition 2024: magic, teleport',
    });
  });
});
