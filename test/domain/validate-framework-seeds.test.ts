import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import { parseFrameworkSeeds, validateFrameworkSeeds, type SeedFile } from '../../src/domain/framework/validate-framework-seeds';

const SEEDS = path.resolve(__dirname, '../../seeds/framework');

function readDir(dir: string): SeedFile[] {
  return readdirSync(path.join(SEEDS, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `seeds/framework/${dir}/${f}`, data: JSON.parse(readFileSync(path.join(SEEDS, dir, f), 'utf8')) }));
}

const realEditions = readDir('editions');
const realLineages = readDir('lineage');

const edition = (eds: SeedFile[], slug: string): any => eds.find((e) => (e.data as any).slug === slug)!.data;
const lineage = (ls: SeedFile[], from: string): any => ls.find((l) => (l.data as any).from === from)!.data;

function withEdit(edit: (eds: SeedFile[], ls: SeedFile[]) => void): { editions: SeedFile[]; lineages: SeedFile[] } {
  const editions = structuredClone(realEditions);
  const lineages = structuredClone(realLineages);
  edit(editions, lineages);
  return { editions, lineages };
}

describe('validateFrameworkSeeds', () => {
  it('finds nothing wrong with the real seeds', () => {
    expect(realEditions.map((e) => e.file)).toHaveLength(4);
    expect(realLineages.map((e) => e.file)).toHaveLength(3);
    expect(validateFrameworkSeeds(realEditions, realLineages)).toEqual([]);
  });

  it('parses the real seeds oldest first with their shapes', () => {
    const seeds = parseFrameworkSeeds([...realEditions].reverse(), [...realLineages].reverse());
    expect(seeds.editions.map((e) => e.slug)).toEqual(['2023', '2024', '2025', '2026']);
    expect(seeds.editions.map((e) => [e.domains.length, e.capabilities.length])).toEqual([
      [6, 18],
      [4, 22],
      [4, 22],
      [4, 22],
    ]);
    expect(seeds.lineages.map((l) => `${l.from}-${l.to}`)).toEqual(['2023-2024', '2024-2025', '2025-2026']);
  });

  it.each<[string, (eds: SeedFile[], ls: SeedFile[]) => void, string]>([
    [
      'a lineage link naming an unknown target capability',
      (_e, ls) => (lineage(ls, '2023').links[3].to = ['foo']),
      'seeds/framework/lineage/2023-2024.json: links[3] names capability "foo" which is not in edition 2024',
    ],
    [
      'a lineage link from an unknown capability',
      (_e, ls) => (lineage(ls, '2024').links[0].from = 'bar'),
      'seeds/framework/lineage/2024-2025.json: links[0] names capability "bar" which is not in edition 2024',
    ],
    [
      'an invalid relation',
      (_e, ls) => (lineage(ls, '2025').links[2].relation = 'RENAMED'),
      'seeds/framework/lineage/2025-2026.json: links[2].relation must be one of SAME, MOVED_DOMAIN, RENAME, MERGE, SPLIT, RELATED, REMOVED, got "RENAMED"',
    ],
    [
      'a duplicate (from, to) pair',
      (_e, ls) => lineage(ls, '2024').links.push({ from: 'allocation', to: ['allocation'], relation: 'SAME', confidence: 'high' }),
      'seeds/framework/lineage/2024-2025.json: links[22] repeats the link "allocation" → "allocation" already given in links[1]',
    ],
    [
      'a REMOVED link with successors',
      (_e, ls) => (lineage(ls, '2024').links[0].relation = 'REMOVED'),
      'seeds/framework/lineage/2024-2025.json: links[0] is REMOVED but names successors (data-ingestion); REMOVED links have an empty "to"',
    ],
    [
      'a lineage between editions that are not consecutive',
      (_e, ls) => (lineage(ls, '2024').to = '2026'),
      'seeds/framework/lineage/2024-2025.json: the lineage runs from edition "2024" to edition "2026", which are not consecutive editions',
    ],
    [
      'a lineage from an edition that does not exist',
      (_e, ls) => (lineage(ls, '2025').from = '2019'),
      'seeds/framework/lineage/2025-2026.json: lineage.from names edition "2019" which does not exist',
    ],
    [
      'a capability in a domain the edition lacks',
      (eds) => (edition(eds, '2023').capabilities[1].domains[1] = 'nowhere'),
      'seeds/framework/editions/2023.json: capabilities[1] ("analysis-showback") names domain "nowhere" which is not in this edition',
    ],
    [
      'a repeated capability slug',
      (eds) => (edition(eds, '2025').capabilities[1].slug = 'data-ingestion'),
      'seeds/framework/editions/2025.json: capabilities[1] repeats capability slug "data-ingestion"',
    ],
    [
      'a repeated domain slug',
      (eds) => edition(eds, '2026').domains.push({ slug: 'quantify-business-value', name: 'Again' }),
      'seeds/framework/editions/2026.json: domains[4] repeats domain slug "quantify-business-value"',
    ],
    [
      'an edition without capabilities',
      (eds) => (edition(eds, '2026').capabilities = []),
      'seeds/framework/editions/2026.json: the edition has no capabilities',
    ],
    ['an edition without domains', (eds) => (edition(eds, '2024').domains = []), 'seeds/framework/editions/2024.json: the edition has no domains'],
    [
      'a capability name of the wrong type',
      (eds) => (edition(eds, '2024').capabilities[4].name = 42),
      'seeds/framework/editions/2024.json: capabilities[4].name must be a non-empty string, got number 42',
    ],
    [
      'a misspelt key',
      (eds) => (edition(eds, '2023').capabilities[0].aliasses = []),
      'seeds/framework/editions/2023.json: capabilities[0] has unknown key "aliasses"',
    ],
    [
      'an impossible announcement date',
      (eds) => (edition(eds, '2024').announcedOn = '2024-02-30'),
      'seeds/framework/editions/2024.json: edition.announcedOn must be an ISO date (YYYY-MM-DD) or null, got "2024-02-30"',
    ],
    [
      'a capability of the older edition left without a link',
      (_e, ls) => lineage(ls, '2024').links.splice(20, 1),
      'seeds/framework/lineage/2024-2025.json: the lineage has no link for capability "onboarding-workloads" of edition 2024 (add a REMOVED link if it has no successor)',
    ],
    [
      'a capability of the newer edition neither linked to nor new',
      (_e, ls) => (lineage(ls, '2025').newCapabilities = []),
      'seeds/framework/lineage/2025-2026.json: the lineage neither links to nor lists as new capability "executive-strategy-alignment" of edition 2026',
    ],
    [
      'an unknown confidence',
      (_e, ls) => (lineage(ls, '2023').links[0].confidence = 'certain'),
      'seeds/framework/lineage/2023-2024.json: links[0].confidence must be one of high, medium, low, got "certain"',
    ],
    [
      'a file that is not an object',
      (_e, ls) => (ls[1].data = []),
      'seeds/framework/lineage/2024-2025.json: the file must hold a lineage object, got an array',
    ],
  ])('reports %s', (_name, edit, message) => {
    const { editions, lineages } = withEdit(edit);
    const problems = validateFrameworkSeeds(editions, lineages);
    expect(problems).toContain(message);
  });

  it('a broken entry does not hide the problems of its neighbours', () => {
    const { editions, lineages } = withEdit((eds, ls) => {
      edition(eds, '2024').capabilities[4].name = 42;
      edition(eds, '2024').capabilities[1].domains = ['x', 'x'];
      lineage(ls, '2024').links[0] = 5;
      lineage(ls, '2024').links[3].relation = 'REMOVED';
    });
    const problems = validateFrameworkSeeds(editions, lineages);
    expect([...problems].sort()).toEqual([
      'seeds/framework/editions/2024.json: capabilities[1] ("allocation") lists domain "x" twice',
      'seeds/framework/editions/2024.json: capabilities[1] ("allocation") names domain "x" which is not in this edition',
      'seeds/framework/editions/2024.json: capabilities[1] ("allocation") names domain "x" which is not in this edition',
      'seeds/framework/editions/2024.json: capabilities[4].name must be a non-empty string, got number 42',
      'seeds/framework/lineage/2024-2025.json: links[0] must be an object, got number 5',
      'seeds/framework/lineage/2024-2025.json: links[3] is REMOVED but names successors (anomaly-management); REMOVED links have an empty "to"',
    ]);
  });

  it('a lineage file that goes missing leaves a gap that is reported', () => {
    const problems = validateFrameworkSeeds(
      realEditions,
      realLineages.filter((l) => !l.file.endsWith('2024-2025.json')),
    );
    expect(problems).toEqual(['seeds/framework/editions/2025.json: no lineage file leads from edition 2024 to edition 2025']);
  });

  it('a REMOVED link with an empty "to" is valid when the capability has no other link', () => {
    const { editions, lineages } = withEdit((_e, ls) => {
      lineage(ls, '2024').links[20] = { from: 'onboarding-workloads', to: [], relation: 'REMOVED', confidence: 'low' };
      edition(_e, '2025').capabilities = edition(_e, '2025').capabilities.filter((c: any) => c.slug !== 'onboarding-workloads');
      lineage(ls, '2025').links.splice(6, 1);
    });
    expect(validateFrameworkSeeds(editions, lineages)).toEqual([]);
  });

  it('parseFrameworkSeeds throws INVALID_SEED listing every problem', () => {
    const { editions, lineages } = withEdit((eds, ls) => {
      lineage(ls, '2023').links[3].to = ['foo'];
      edition(eds, '2026').domains = [];
    });
    let thrown: unknown;
    try {
      parseFrameworkSeeds(editions, lineages);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('INVALID_SEED');
    expect((thrown as DomainError).message).toContain('links[3] names capability "foo"');
    expect((thrown as DomainError).message).toContain('2026.json: the edition has no domains');
  });
});
