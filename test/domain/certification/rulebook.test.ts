import { describe, expect, it } from 'vitest';
import { evaluateCertification } from '../../../src/domain/certification/evaluate-certification';
import { parseRulebook, parseRulebooks } from '../../../src/domain/certification/parse-rulebook';
import { selectProgram, type Rulebook } from '../../../src/domain/certification/rulebook';
import { ENTERPRISE_ACTIVITY_CODES, OPTIONAL_ITEM_CODES, REQUIREMENT_CODES } from '../../../src/domain/certification/vocabulary';
import { DomainError } from '../../../src/domain/errors';
import { AS_OF, facts, person, readSeed, staff } from './fixtures';

type Json = Record<string, any>;
const clone = (slug: '2023' | '2025'): Json => JSON.parse(JSON.stringify(readSeed(slug))) as Json;

function problemsOf(file: string, data: unknown): string {
  try {
    parseRulebook(file, data);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('INVALID_SEED');
    return (e as DomainError).message;
  }
  throw new Error('expected parseRulebook to reject the rulebook');
}

describe('the shipped rulebooks', () => {
  it.each(['2023', '2025'] as const)('seeds/certifications/%s.json parses', (slug) => {
    const program = parseRulebook(`${slug}.json`, readSeed(slug));
    expect(program.slug).toBe(slug);
    expect(program.frameworkEdition).toBe(slug);
    expect(program.awardValidityMonths).toBe(12);
    expect(program.awardValidityBasis).toBe('DEFAULT');
    expect(program.interpretations.length).toBeGreaterThan(5);
  });

  it('together: exactly one default (2023), returned oldest first', () => {
    const programs = parseRulebooks([
      { file: '2025.json', data: readSeed('2025') },
      { file: '2023.json', data: readSeed('2023') },
    ]);
    expect(programs.map((p) => p.slug)).toEqual(['2023', '2025']);
    expect(programs.filter((p) => p.isDefault).map((p) => p.slug)).toEqual(['2023']);
  });

  it.each([
    ['2023', 'HEADCOUNT_ROWS', 'Only the 500–4,999 row (35) is confirmed'],
    ['2023', 'COMMUNITY_3_OF_6', '3 of the 6 listed items'],
    ['2023', 'AWARD_VALIDITY', 'product default'],
    ['2023', 'EMPLOYMENT', 'inclusive last day'],
    ['2025', 'ENTERPRISE_HEADCOUNT', 'no INDIVIDUAL_CERTIFICATIONS requirement'],
    ['2025', 'REVIEWER_CONFIRMED', 'FOCUS_CRITERIA and COMMUNITY_CRITERIA'],
    ['2025', 'KINDS', 'Specialty Solution no longer exists'],
  ] as const)('program %s states its %s decision in the data', (slug, topic, text) => {
    const program = parseRulebook(`${slug}.json`, readSeed(slug));
    expect(program.interpretations.find((i) => i.topic === topic)?.text).toContain(text);
  });

  it('2023 marks only the 35 row as confirmed', () => {
    const program = parseRulebook('2023.json', readSeed('2023'));
    const tiers = program.headcountTables[0]!.tiers;
    expect(tiers.map((t) => [t.required['PRACTITIONER_EQUIVALENT'], t.confirmed])).toEqual([
      [3, false],
      [10, false],
      [35, true],
      [50, false],
    ]);
  });

  it('uses only known codes (requirement, optional item, activity)', () => {
    for (const slug of ['2023', '2025'] as const) {
      const program = parseRulebook(`${slug}.json`, readSeed(slug));
      for (const kind of program.kinds) for (const r of kind.requirements) expect(REQUIREMENT_CODES).toContain(r.code);
      for (const set of program.optionalItemSets) for (const i of set.items) expect(OPTIONAL_ITEM_CODES).toContain(i.code);
      for (const t of program.pointsTables)
        for (const c of t.categories) for (const a of c.activities) expect(ENTERPRISE_ACTIVITY_CODES).toContain(a.code);
    }
  });
});

describe('a broken rulebook is refused with every problem, naming the file', () => {
  it('an unknown requirement code', () => {
    const data = clone('2023');
    data['kinds'][0]['requirements'][2]['code'] = 'MAGIC_BEANS';
    const message = problemsOf('seeds/certifications/broken.json', data);
    expect(message).toContain('seeds/certifications/broken.json');
    expect(message).toContain('$.kinds[0].requirements[2].code');
    expect(message).toContain('MAGIC_BEANS');
  });

  it('reports several problems at once', () => {
    const data = clone('2023');
    data['kinds'][0]['requirements'][0]['code'] = 'NOPE';
    data['pointsTables'][0]['categories'][0]['cap'] = 0;
    const message = problemsOf('x.json', data);
    expect(message).toContain('2 problems');
    expect(message).toContain('NOPE');
    expect(message).toContain('cap');
  });

  const cases: [string, (d: Json) => void, string][] = [
    ['not an object', (d) => Object.keys(d).forEach((k) => delete d[k]), '$.slug'],
    ['a slug that is not kebab-case', (d) => (d['slug'] = 'Program 2023'), 'kebab-case'],
    ['an effectiveFrom that is not a date', (d) => (d['effectiveFrom'] = '2023-02-30'), 'effectiveFrom'],
    ['a zero award validity', (d) => (d['awardValidityMonths'] = 0), 'awardValidityMonths'],
    ['an unknown certification kind', (d) => (d['kinds'][0]['kind'] = 'FOCUS_CONFORMANT'), 'FOCUS_CONFORMANT'],
    ['a duplicated kind', (d) => (d['kinds'][1]['kind'] = 'PLATFORM'), 'kind "PLATFORM" appears more than once'],
    ['a kind without requirements', (d) => (d['kinds'][0]['requirements'] = []), 'must not be empty'],
    [
      'a duplicated requirement',
      (d) => d['kinds'][0]['requirements'].push({ code: 'LF_MEMBERSHIP', summary: 'again' }),
      'requirement code "LF_MEMBERSHIP" appears more than once',
    ],
    ['a misspelt parameter', (d) => (d['kinds'][0]['requirements'][2]['headcountTabel'] = 'x'), 'headcountTabel: is not a known property'],
    ['an unresolved headcount table', (d) => (d['kinds'][0]['requirements'][2]['headcountTable'] = 'nowhere'), '"nowhere" is not a headcount table'],
    [
      'an unresolved optional item set',
      (d) => (d['kinds'][0]['requirements'][6]['optionalItems'] = 'nowhere'),
      '"nowhere" is not a optional item set',
    ],
    ['an unresolved points table', (d) => (d['kinds'][4]['requirements'][2]['pointsTable'] = 'nowhere'), '"nowhere" is not a points table'],
    ['an unknown coverage rule', (d) => (d['kinds'][0]['requirements'][3]['coverageRule'] = 'SOME'), 'coverageRule'],
    ['an unknown evidence code', (d) => (d['kinds'][0]['requirements'][4]['evidence']['codes'] = ['TWEET']), 'unknown evidence code "TWEET"'],
    ['an unknown credential on staff', (d) => (d['kinds'][2]['requirements'][5]['credential'] = 'WIZARD'), 'WIZARD'],
    ['tiers out of order', (d) => d['headcountTables'][0]['tiers'].reverse(), 'first tier must start at 0'],
    ['overlapping tiers', (d) => (d['headcountTables'][0]['tiers'][1]['minSize'] = 90), 'overlaps the previous tier'],
    ['a gap between tiers', (d) => (d['headcountTables'][0]['tiers'][1]['minSize'] = 120), 'sizes 100–119 have no tier'],
    ['a closed top tier', (d) => (d['headcountTables'][0]['tiers'][3]['maxSize'] = 9999), 'the last tier must be open-ended'],
    ['a tier missing its column', (d) => (d['headcountTables'][0]['tiers'][0]['required'] = {}), 'missing column PRACTITIONER_EQUIVALENT'],
    ['a tier with an unknown column', (d) => (d['headcountTables'][0]['tiers'][0]['required']['ENGINEER'] = 1), 'ENGINEER: is not a column'],
    ['an unknown counting mode', (d) => (d['headcountTables'][0]['counting']['mode'] = 'VIBES'), 'VIBES'],
    ['a zero weight', (d) => (d['headcountTables'][0]['counting']['weights']['PROFESSIONAL'] = 0), 'weights.PROFESSIONAL'],
    ['mustMeet above the item count', (d) => (d['optionalItemSets'][0]['mustMeet'] = 7), '7 is more than the 6 items'],
    ['an unknown optional item', (d) => (d['optionalItemSets'][0]['items'][0]['code'] = 'PODCAST'), 'unknown optional item code "PODCAST"'],
    [
      'a duplicated optional item',
      (d) => (d['optionalItemSets'][0]['items'][1]['code'] = 'OPEN_SOURCE_MATERIALS'),
      'item code "OPEN_SOURCE_MATERIALS" appears more than once',
    ],
    ['a zero cap', (d) => (d['pointsTables'][0]['categories'][1]['cap'] = 0), 'categories[1].cap'],
    ['a negative activity value', (d) => (d['pointsTables'][0]['categories'][0]['activities'][0]['points'] = -25), 'points'],
    ['an unknown activity', (d) => (d['pointsTables'][0]['categories'][4]['activities'][0]['code'] = 'TIKTOK'), 'unknown activity code "TIKTOK"'],
    [
      'an activity in two categories',
      (d) => (d['pointsTables'][0]['categories'][4]['activities'][0]['code'] = 'TAC_SEAT'),
      'activity code "TAC_SEAT" appears more than once',
    ],
    ['a per-person row without a credential', (d) => delete d['pointsTables'][0]['categories'][0]['activities'][0]['credential'], 'credential'],
    [
      'a minimum from a category that does not exist',
      (d) => (d['pointsTables'][0]['minimumFromCategory']['category'] = 'VIBES'),
      '"VIBES" is not a category',
    ],
    ['a minimum above its category cap', (d) => (d['pointsTables'][0]['minimumFromCategory']['points'] = 26), "above the category's cap of 25"],
    ['a threshold no one can reach', (d) => (d['pointsTables'][0]['threshold'] = 186), 'the caps add up to 185'],
    ['program points without a minimum', (d) => (d['pointsTables'][0]['minimumFromCategory'] = null), 'has no minimumFromCategory'],
    ['no interpretations', (d) => (d['interpretations'] = []), '$.interpretations: must not be empty'],
  ];
  it.each(cases)('%s', (_name, breakIt, expected) => {
    const data = clone('2023');
    breakIt(data);
    const message = problemsOf('seeds/certifications/2023.json', data);
    expect(message).toContain('seeds/certifications/2023.json');
    expect(message).toContain(expected);
  });

  it('a shape problem elsewhere does not hide an unresolved reference', () => {
    const data = clone('2023');
    data['slug'] = 5;
    data['kinds'][0]['requirements'][2]['headcountTable'] = 'nowhere';
    const message = problemsOf('x.json', data);
    expect(message).toContain('(2 problems)');
    expect(message).toContain('  - $.slug: must be a non-empty string');
    expect(message).toContain('  - $.kinds[0].requirements[2].headcountTable: "nowhere" is not a headcount table of this program');
  });

  it('every repeat in a list is named at the list', () => {
    const data = clone('2023');
    data['kinds'][0]['requirements'].push({ code: 'LF_MEMBERSHIP', summary: 'again' }, { code: 'FINOPS_MEMBERSHIP', summary: 'again' });
    expect(problemsOf('x.json', data)).toBe(
      'Invalid certification rulebook x.json (2 problems):\n' +
        '  - $.kinds[0].requirements: requirement code "LF_MEMBERSHIP" appears more than once\n' +
        '  - $.kinds[0].requirements: requirement code "FINOPS_MEMBERSHIP" appears more than once',
    );
  });

  it('a field that is not an object is named once, without follow-on problems', () => {
    const data = clone('2023');
    data['headcountTables'][0]['counting'] = 3;
    expect(problemsOf('x.json', data)).toBe(
      'Invalid certification rulebook x.json (1 problem):\n  - $.headcountTables[0].counting: must be an object',
    );
  });

  it('2025: a separate-columns tier missing a column', () => {
    const data = clone('2025');
    delete data['headcountTables'][0]['tiers'][2]['required']['FOCUS_ANALYST'];
    expect(problemsOf('2025.json', data)).toContain('missing column FOCUS_ANALYST');
  });

  it.each([
    [
      'two programs with one slug',
      [
        ['a.json', '2023'],
        ['b.json', '2023'],
      ],
      'also used by a.json',
    ],
    ['no default program', [['b.json', '2025']], 'found 0'],
    [
      'a repeated slug after a file that does not parse',
      [
        ['broken.json', 'broken'],
        ['a.json', '2023'],
        ['b.json', '2023'],
      ],
      'b.json: program slug "2023" is also used by a.json',
    ],
  ] as const)('the set refuses %s', (_name, files, expected) => {
    expect(() => parseRulebooks(files.map(([file, slug]) => ({ file, data: slug === 'broken' ? [] : readSeed(slug) })))).toThrow(expected);
  });
});

describe('a third program is a data change', () => {
  // The December 2021 page: only Practitioners count, no Professional substitution, "ALL" domains.
  function program2021(): Rulebook {
    const data = clone('2023');
    data['slug'] = '2021-12';
    data['isDefault'] = false;
    data['effectiveFrom'] = '2021-12-20';
    data['headcountTables'][0]['counting'] = { mode: 'PRACTITIONER_EQUIVALENT', weights: { PRACTITIONER: 1 }, maxPerPerson: 1 };
    data['kinds'] = [
      {
        kind: 'PLATFORM',
        name: 'FinOps Certified Platform',
        requirements: [
          { code: 'FINOPS_MEMBERSHIP', summary: 'FinOps Foundation member.' },
          { code: 'INDIVIDUAL_CERTIFICATIONS', summary: 'Practitioners by size.', headcountTable: 'all-certifications' },
          { code: 'PUBLIC_FEATURE_MAPPING', summary: 'Maps to all domains and capabilities.', coverageRule: 'ALL' },
        ],
      },
    ];
    return parseRulebook('2021-12.json', data);
  }

  it('parses and evaluates with its own counting and coverage rules', () => {
    const program = program2021();
    const evaluation = evaluateCertification({
      program,
      kind: 'PLATFORM',
      asOf: AS_OF,
      edition: '2023',
      facts: facts({
        companySize: 50,
        people: [person(['PROFESSIONAL']), ...staff(2, ['PRACTITIONER'])],
        coverage: { domains: { covered: 6, total: 6 }, capabilities: { covered: 17, total: 18 }, meetsMost: true },
      }),
    });
    expect(evaluation.program).toBe('2021-12');
    expect(evaluation.requirements.map((r) => r.code)).toEqual(['FINOPS_MEMBERSHIP', 'INDIVIDUAL_CERTIFICATIONS', 'PUBLIC_FEATURE_MAPPING']);
    expect(evaluation.headcount?.columns[0]).toMatchObject({ required: 3, counted: 2, shortfall: 1 });
    const coverage = evaluation.requirements[2]!;
    expect(coverage.status).toBe('NOT_MET');
    expect(coverage.shortfall).toBe('needs 1 more capability');
  });

  it('sits beside the shipped programs, and a parsed rulebook parses again unchanged', () => {
    const third = program2021();
    const reparsed = parseRulebook('2021-12.json', JSON.parse(JSON.stringify(third)));
    expect(reparsed).toEqual(third);
    const all = parseRulebooks([
      { file: '2023.json', data: readSeed('2023') },
      { file: '2025.json', data: readSeed('2025') },
      { file: '2021-12.json', data: JSON.parse(JSON.stringify(third)) },
    ]);
    expect(all.map((p) => p.slug)).toEqual(['2021-12', '2023', '2025']);
  });
});

describe('selectProgram', () => {
  const programs = () =>
    parseRulebooks([
      { file: '2023.json', data: readSeed('2023') },
      { file: '2025.json', data: readSeed('2025') },
    ]);

  it.each([
    [null, '2023'],
    [undefined, '2023'],
    ['2023', '2023'],
    ['2025', '2025'],
  ])('%s → program %s', (slug, expected) => {
    expect(selectProgram(programs(), slug).slug).toBe(expected);
  });

  it('an unknown slug is NOT_FOUND naming the known programs', () => {
    expect(() => selectProgram(programs(), '2019')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('known programs: 2023, 2025') }),
    );
  });
});
