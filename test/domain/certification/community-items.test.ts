import { describe, expect, it } from 'vitest';
import { evaluateOptionalItems } from '../../../src/domain/certification/evaluate-community-items';
import type { EvidenceFact } from '../../../src/domain/certification/evaluation-types';
import type { CertificationKind } from '../../../src/domain/certification/vocabulary';
import { AS_OF, THREE_COMMUNITY_ITEMS, evaluate, evidence, loadProgram, requirement } from './fixtures';

// AS_OF is 2025-06-30, so "exactly 12 months ago" is 2024-06-30 and "12 months minus a day" 2024-07-01.
const community = () => loadProgram('2023').optionalItemSets[0]!;
const itemStatus = (items: EvidenceFact[], code: string) =>
  evaluateOptionalItems(community(), items, AS_OF).items.find((i) => i.code === code)?.status;

describe('each optional item, at its threshold and window edges', () => {
  it.each([
    [
      'OPEN_SOURCE_MATERIALS',
      'two in the window',
      'MET',
      [evidence('OPEN_SOURCE_MATERIALS', '2025-01-01'), evidence('OPEN_SOURCE_MATERIALS', '2024-07-01')],
    ],
    ['OPEN_SOURCE_MATERIALS', 'only one', 'NOT_MET', [evidence('OPEN_SOURCE_MATERIALS', '2025-01-01')]],
    [
      'OPEN_SOURCE_MATERIALS',
      'second one exactly 12 months ago',
      'NOT_MET',
      [evidence('OPEN_SOURCE_MATERIALS', '2025-01-01'), evidence('OPEN_SOURCE_MATERIALS', '2024-06-30')],
    ],
    [
      'OPEN_SOURCE_MATERIALS',
      'second one dated after asOf',
      'NOT_MET',
      [evidence('OPEN_SOURCE_MATERIALS', '2025-01-01'), evidence('OPEN_SOURCE_MATERIALS', '2025-07-01')],
    ],
    [
      'OPEN_SOURCE_MATERIALS',
      'one vetted, one unvetted',
      'NEEDS_REVIEW',
      [evidence('OPEN_SOURCE_MATERIALS', '2025-01-01'), evidence('OPEN_SOURCE_MATERIALS', '2025-02-01', 'UNVETTED')],
    ],
    [
      'CUSTOMER_CASE_STUDIES',
      'four of any date',
      'MET',
      ['2015-01-01', '2019-01-01', '2023-01-01', AS_OF].map((d) => evidence('CUSTOMER_CASE_STUDIES', d)),
    ],
    ['CUSTOMER_CASE_STUDIES', 'three', 'NOT_MET', ['2015-01-01', '2019-01-01', '2023-01-01'].map((d) => evidence('CUSTOMER_CASE_STUDIES', d))],
    [
      'CUSTOMER_CASE_STUDIES',
      'four, one rejected',
      'NOT_MET',
      ['2015-01-01', '2019-01-01', '2023-01-01']
        .map((d) => evidence('CUSTOMER_CASE_STUDIES', d))
        .concat(evidence('CUSTOMER_CASE_STUDIES', AS_OF, 'REJECTED')),
    ],
    ['WORKING_GROUP_CONTRIBUTOR', 'one, years ago', 'MET', [evidence('WORKING_GROUP_CONTRIBUTOR', '2021-03-01')]],
    ['WORKING_GROUP_CONTRIBUTOR', 'none', 'NOT_MET', []],
    ['BLOG_OR_PODCAST', 'one 12 months minus a day ago', 'MET', [evidence('BLOG_OR_PODCAST', '2024-07-01')]],
    ['BLOG_OR_PODCAST', 'one exactly 12 months ago', 'NOT_MET', [evidence('BLOG_OR_PODCAST', '2024-06-30')]],
    ['BLOG_OR_PODCAST', 'one on the as-of day', 'MET', [evidence('BLOG_OR_PODCAST', AS_OF)]],
    ['FOCUS_PARTICIPATION', 'one', 'MET', [evidence('FOCUS_PARTICIPATION', '2023-05-01')]],
    ['FOCUS_PARTICIPATION', 'one dated after asOf', 'NOT_MET', [evidence('FOCUS_PARTICIPATION', '2025-08-01')]],
    ['TAC_OR_BOARD_SEAT', 'one', 'MET', [evidence('TAC_OR_BOARD_SEAT', '2022-01-01')]],
    ['TAC_OR_BOARD_SEAT', 'one rejected', 'NOT_MET', [evidence('TAC_OR_BOARD_SEAT', '2022-01-01', 'REJECTED')]],
    ['TAC_OR_BOARD_SEAT', 'one unvetted', 'NEEDS_REVIEW', [evidence('TAC_OR_BOARD_SEAT', '2022-01-01', 'UNVETTED')]],
    ['TAC_OR_BOARD_SEAT', 'evidence of another item', 'NOT_MET', [evidence('FOCUS_PARTICIPATION', '2022-01-01')]],
  ] as [string, string, string, EvidenceFact[]][])('%s: %s → %s', (code, _name, expected, items) => {
    expect(itemStatus(items, code)).toBe(expected);
  });
});

describe('COMMUNITY_CONTRIBUTIONS: 3 of the 6 listed items', () => {
  const two = THREE_COMMUNITY_ITEMS.filter((e) => e.code !== 'TAC_OR_BOARD_SEAT');

  it.each([
    ['2 of 6', 'NOT_MET', 'needs 1 more of the 6 listed items', two],
    ['3 of 6', 'MET', null, THREE_COMMUNITY_ITEMS],
    ['2 vetted + 1 unvetted', 'NEEDS_REVIEW', null, [...two, evidence('BLOG_OR_PODCAST', '2025-05-01', 'UNVETTED')]],
    ['2 vetted + 1 rejected', 'NOT_MET', 'needs 1 more of the 6 listed items', [...two, evidence('BLOG_OR_PODCAST', '2025-05-01', 'REJECTED')]],
    [
      '3 of 6 where the third is a year-old blog post (out of window)',
      'NOT_MET',
      'needs 1 more of the 6 listed items',
      [...two, evidence('BLOG_OR_PODCAST', '2024-06-30')],
    ],
    ['3 of 6 where the third is a blog post a day younger', 'MET', null, [...two, evidence('BLOG_OR_PODCAST', '2024-07-01')]],
    [
      'all 6',
      'MET',
      null,
      [
        ...THREE_COMMUNITY_ITEMS,
        evidence('WORKING_GROUP_CONTRIBUTOR'),
        evidence('BLOG_OR_PODCAST'),
        ...[1, 2, 3, 4].map(() => evidence('CUSTOMER_CASE_STUDIES')),
      ],
    ],
    ['none', 'NOT_MET', 'needs 3 more of the 6 listed items', []],
  ] as [string, string, string | null, EvidenceFact[]][])('%s → %s', (_name, status, shortfall, items) => {
    const r = requirement(evaluate('2023', 'PLATFORM', { evidence: items }), 'COMMUNITY_CONTRIBUTIONS');
    expect(r.status).toBe(status);
    expect(r.shortfall).toBe(shortfall);
    expect(r.explanation).toContain('3 of the 6 listed items');
  });

  it('the explanation states the 3-of-5 label decision and what met', () => {
    const r = requirement(evaluate('2023', 'PLATFORM', { evidence: two }), 'COMMUNITY_CONTRIBUTIONS');
    expect(r.explanation).toContain('"must meet 3 of 5"');
    expect(r.explanation).toContain('OPEN_SOURCE_MATERIALS 2 of 2 in the last 12 months');
    expect(r.explanation).toContain('not met:');
  });

  it('says when pending evidence would make up the number, and ignores rejected items visibly', () => {
    const r = requirement(
      evaluate('2023', 'PLATFORM', {
        evidence: [...two, evidence('BLOG_OR_PODCAST', '2025-05-01', 'UNVETTED'), evidence('TAC_OR_BOARD_SEAT', '2024-01-01', 'REJECTED')],
      }),
      'COMMUNITY_CONTRIBUTIONS',
    );
    expect(r.explanation).toContain('3 once pending evidence is vetted');
    expect(r.explanation).toContain('1 rejected item ignored');
  });

  it.each(['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER'] as CertificationKind[])('%s (2023) uses the same six items', (kind) => {
    expect(requirement(evaluate('2023', kind, { evidence: THREE_COMMUNITY_ITEMS }), 'COMMUNITY_CONTRIBUTIONS').status).toBe('MET');
    expect(requirement(evaluate('2023', kind, { evidence: two }), 'COMMUNITY_CONTRIBUTIONS').status).toBe('NOT_MET');
  });

  it('the Service Provider explanation says its list was empty on the page', () => {
    expect(requirement(evaluate('2023', 'SERVICE_PROVIDER'), 'COMMUNITY_CONTRIBUTIONS').explanation).toContain(
      'optional list for Service Provider is empty',
    );
  });
});
