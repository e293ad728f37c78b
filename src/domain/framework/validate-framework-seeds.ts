import { isIsoDate } from '../calendar';
import { DomainError } from '../errors';
import {
  LINEAGE_RELATIONS,
  isLineageRelation,
  type EditionCapabilities,
  type LineageRelation,
  type LineageTransition,
} from './lineage';

// The Framework seeds are hand-edited JSON (seeds/framework/editions/*.json and lineage/*.json).
// A typo there would otherwise surface much later as a capability that silently "disappears" in a
// lineage walk or a coverage total that is off by one, so the seeder validates everything first and
// reports every problem at once, each naming its file and entry, before anything is written.

export interface EditionDomainSeed {
  slug: string;
  name: string;
}

export interface EditionCapabilitySeed {
  slug: string;
  name: string;
  /** Domain slugs of the same edition; edition 2023 puts some capabilities in several domains. */
  domains: string[];
  summary?: string;
  aliases?: string[];
}

export interface EditionSeed {
  slug: string;
  name: string;
  /** ISO date, or null when the publication date is not known. */
  announcedOn: string | null;
  note: string;
  domains: EditionDomainSeed[];
  capabilities: EditionCapabilitySeed[];
}

export const LINEAGE_CONFIDENCES = ['high', 'medium', 'low'] as const;
export type LineageConfidence = (typeof LINEAGE_CONFIDENCES)[number];

export interface LineageLinkSeed {
  from: string;
  to: string[];
  relation: LineageRelation;
  confidence: LineageConfidence;
  note?: string;
}

export interface LineageSeed {
  from: string;
  to: string;
  source: string;
  newCapabilities: string[];
  links: LineageLinkSeed[];
}

export interface SeedFile {
  file: string;
  data: unknown;
}

export interface FrameworkSeeds {
  /** Oldest → newest. */
  editions: EditionSeed[];
  /** In edition order. */
  lineages: LineageSeed[];
}

// Kebab-case, digits allowed ("2023", "kpis-benchmarking"): slugs end up in URLs and GraphQL args.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const EDITION_KEYS = new Set(['slug', 'name', 'announcedOn', 'note', 'domains', 'capabilities']);
const DOMAIN_KEYS = new Set(['slug', 'name']);
const CAPABILITY_KEYS = new Set(['slug', 'name', 'domains', 'summary', 'aliases']);
const LINEAGE_KEYS = new Set(['from', 'to', 'source', 'newCapabilities', 'links']);
const LINK_KEYS = new Set(['from', 'to', 'relation', 'confidence', 'note']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Shape checks for one object: every problem is pushed as "<file>: <where> <problem>", and the
 * caller learns whether the object is sound enough to take part in cross-file checks.
 */
class ShapeChecker {
  ok = true;
  constructor(
    private readonly file: string,
    private readonly problems: string[],
  ) {}

  fail(where: string, problem: string): void {
    this.ok = false;
    this.problems.push(`${this.file}: ${where}${problem.startsWith('.') ? '' : ' '}${problem}`);
  }

  unknownKeys(obj: Json, allowed: ReadonlySet<string>, where: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.has(key)) this.fail(where, `has unknown key "${key}"`);
    }
  }

  slug(obj: Json, key: string, where: string): string | undefined {
    const value = obj[key];
    if (typeof value !== 'string' || !SLUG.test(value)) {
      this.fail(where, `.${key} must be a kebab-case slug, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  text(obj: Json, key: string, where: string, optional = false): void {
    const value = obj[key];
    if (optional && value === undefined) return;
    if (!isNonEmptyString(value)) this.fail(where, `.${key} must be a non-empty string, got ${describe(value)}`);
  }

  stringArray(obj: Json, key: string, where: string, optional = false): string[] | undefined {
    const value = obj[key];
    if (optional && value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => !isNonEmptyString(v))) {
      this.fail(where, `.${key} must be an array of non-empty strings, got ${describe(value)}`);
      return undefined;
    }
    return value as string[];
  }

  array(obj: Json, key: string, where: string): unknown[] | undefined {
    const value = obj[key];
    if (!Array.isArray(value)) {
      this.fail(where, `.${key} must be an array, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

interface EditionFacts {
  file: string;
  seed: EditionSeed;
  /** False when the file had shape problems: its contents are not trusted for cross-checks. */
  sound: boolean;
  capabilities: Set<string>;
}

function checkEdition(file: string, data: unknown, problems: string[]): { slug?: string; facts?: EditionFacts } {
  const c = new ShapeChecker(file, problems);
  if (!isObject(data)) {
    c.fail('the file', `must hold an edition object, got ${describe(data)}`);
    return {};
  }
  c.unknownKeys(data, EDITION_KEYS, 'the edition');
  const slug = c.slug(data, 'slug', 'edition');
  c.text(data, 'name', 'edition');
  c.text(data, 'note', 'edition');
  const announcedOn = data.announcedOn;
  if (announcedOn !== null && (typeof announcedOn !== 'string' || !isIsoDate(announcedOn))) {
    c.fail('edition', `.announcedOn must be an ISO date (YYYY-MM-DD) or null, got ${describe(announcedOn)}`);
  }

  const domainSlugs = new Set<string>();
  const domains = c.array(data, 'domains', 'edition');
  if (domains) {
    if (domains.length === 0) c.fail('the edition', 'has no domains');
    domains.forEach((d, i) => {
      const where = `domains[${i}]`;
      if (!isObject(d)) return c.fail(where, `must be an object, got ${describe(d)}`);
      c.unknownKeys(d, DOMAIN_KEYS, where);
      const s = c.slug(d, 'slug', where);
      c.text(d, 'name', where);
      if (s === undefined) return;
      if (domainSlugs.has(s)) c.fail(where, `repeats domain slug "${s}"`);
      domainSlugs.add(s);
    });
  }

  const capabilitySlugs = new Set<string>();
  const capabilities = c.array(data, 'capabilities', 'edition');
  if (capabilities) {
    if (capabilities.length === 0) c.fail('the edition', 'has no capabilities');
    capabilities.forEach((cap, i) => {
      const where = `capabilities[${i}]`;
      if (!isObject(cap)) return c.fail(where, `must be an object, got ${describe(cap)}`);
      c.unknownKeys(cap, CAPABILITY_KEYS, where);
      const s = c.slug(cap, 'slug', where);
      const label = s === undefined ? where : `${where} ("${s}")`;
      c.text(cap, 'name', where);
      c.text(cap, 'summary', where, true);
      c.stringArray(cap, 'aliases', where, true);
      const capDomains = c.stringArray(cap, 'domains', where);
      if (capDomains) {
        if (capDomains.length === 0) c.fail(label, 'belongs to no domain');
        const seen = new Set<string>();
        for (const d of capDomains) {
          if (seen.has(d)) c.fail(label, `lists domain "${d}" twice`);
          seen.add(d);
          // Only meaningful when the domain list itself parsed; otherwise every entry would be noise.
          if (domains && !domainSlugs.has(d)) c.fail(label, `names domain "${d}" which is not in this edition`);
        }
      }
      if (s === undefined) return;
      if (capabilitySlugs.has(s)) c.fail(where, `repeats capability slug "${s}"`);
      capabilitySlugs.add(s);
    });
  }

  if (slug === undefined) return {};
  return {
    slug,
    facts: { file, seed: data as unknown as EditionSeed, sound: c.ok, capabilities: capabilitySlugs },
  };
}

/** Editions are ordered by slug, numerically where slugs are numbers: they are the Framework's years. */
export function compareEditionSlugs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function checkLineage(
  file: string,
  data: unknown,
  editions: ReadonlyMap<string, EditionFacts>,
  editionOrder: readonly string[],
  problems: string[],
): { lineage: LineageSeed; sound: boolean } | undefined {
  const c = new ShapeChecker(file, problems);
  if (!isObject(data)) {
    c.fail('the file', `must hold a lineage object, got ${describe(data)}`);
    return undefined;
  }
  c.unknownKeys(data, LINEAGE_KEYS, 'the lineage');
  const from = c.slug(data, 'from', 'lineage');
  const to = c.slug(data, 'to', 'lineage');
  c.text(data, 'source', 'lineage');
  const newCapabilities = c.stringArray(data, 'newCapabilities', 'lineage');
  const links = c.array(data, 'links', 'lineage');

  const fromEdition = from === undefined ? undefined : editions.get(from);
  const toEdition = to === undefined ? undefined : editions.get(to);
  if (from !== undefined && !fromEdition) c.fail('lineage', `.from names edition "${from}" which does not exist`);
  if (to !== undefined && !toEdition) c.fail('lineage', `.to names edition "${to}" which does not exist`);
  if (fromEdition && toEdition) {
    const gap = editionOrder.indexOf(toEdition.seed.slug) - editionOrder.indexOf(fromEdition.seed.slug);
    if (gap !== 1) {
      c.fail('the lineage', `runs from edition "${from}" to edition "${to}", which are not consecutive editions`);
    }
  }
  // Membership checks against an edition whose own file is broken would only repeat its problems.
  const fromCaps = fromEdition?.sound ? fromEdition.capabilities : undefined;
  const toCaps = toEdition?.sound ? toEdition.capabilities : undefined;

  const seenNew = new Set<string>();
  newCapabilities?.forEach((slug, i) => {
    if (seenNew.has(slug)) c.fail(`newCapabilities[${i}]`, `repeats "${slug}"`);
    seenNew.add(slug);
    if (toCaps && !toCaps.has(slug)) {
      c.fail(`newCapabilities[${i}]`, `names capability "${slug}" which is not in edition ${to}`);
    }
  });

  const pairs = new Map<string, number>();
  const linked = new Set<string>();
  const targets = new Set<string>();
  const removedAt = new Map<string, number>();
  const carriedAt = new Map<string, number>();
  links?.forEach((link, i) => {
    const where = `links[${i}]`;
    if (!isObject(link)) return c.fail(where, `must be an object, got ${describe(link)}`);
    c.unknownKeys(link, LINK_KEYS, where);
    const linkFrom = c.slug(link, 'from', where);
    const relation = link.relation;
    if (!isLineageRelation(relation)) {
      c.fail(where, `.relation must be one of ${LINEAGE_RELATIONS.join(', ')}, got ${describe(relation)}`);
    }
    const confidence = link.confidence;
    if (!(LINEAGE_CONFIDENCES as readonly unknown[]).includes(confidence)) {
      c.fail(where, `.confidence must be one of ${LINEAGE_CONFIDENCES.join(', ')}, got ${describe(confidence)}`);
    }
    c.text(link, 'note', where, true);
    const linkTo = c.stringArray(link, 'to', where);

    if (linkFrom !== undefined) {
      linked.add(linkFrom);
      if (fromCaps && !fromCaps.has(linkFrom)) {
        c.fail(where, `names capability "${linkFrom}" which is not in edition ${from}`);
      }
    }
    if (linkTo) {
      for (const target of linkTo) {
        targets.add(target);
        if (toCaps && !toCaps.has(target)) c.fail(where, `names capability "${target}" which is not in edition ${to}`);
        if (linkFrom === undefined) continue;
        const key = `${linkFrom}\u0000${target}`;
        const first = pairs.get(key);
        if (first !== undefined) {
          c.fail(where, `repeats the link "${linkFrom}" → "${target}" already given in links[${first}]`);
        } else {
          pairs.set(key, i);
        }
      }
      if (relation === 'REMOVED' && linkTo.length > 0) {
        c.fail(where, `is REMOVED but names successors (${linkTo.join(', ')}); REMOVED links have an empty "to"`);
      }
      if (isLineageRelation(relation) && relation !== 'REMOVED' && linkTo.length === 0) {
        c.fail(where, `is ${relation} but names no successor; use REMOVED for a capability without one`);
      }
    }
    if (linkFrom !== undefined && isLineageRelation(relation)) {
      const other = relation === 'REMOVED' ? carriedAt.get(linkFrom) : removedAt.get(linkFrom);
      if (other !== undefined) {
        c.fail(where, `contradicts links[${other}]: "${linkFrom}" cannot be both REMOVED and carried forward`);
      }
      (relation === 'REMOVED' ? removedAt : carriedAt).set(linkFrom, i);
    }
  });

  // Completeness: a capability left out of the links would vanish from every lineage walk without
  // anyone having decided that it was removed, and a new capability with no entry would look
  // like a typo. Both must be stated explicitly.
  if (links && fromCaps) {
    for (const slug of fromCaps) {
      if (!linked.has(slug)) {
        c.fail('the lineage', `has no link for capability "${slug}" of edition ${from} (add a REMOVED link if it has no successor)`);
      }
    }
  }
  if (links && newCapabilities && toCaps) {
    for (const slug of toCaps) {
      if (!targets.has(slug) && !seenNew.has(slug)) {
        c.fail('the lineage', `neither links to nor lists as new capability "${slug}" of edition ${to}`);
      }
    }
  }

  if (from === undefined || to === undefined) return undefined;
  return { lineage: data as unknown as LineageSeed, sound: c.ok };
}

/**
 * Every problem in the Framework seeds, each as "<file>: <entry> <problem>". Empty means sound.
 * Editions are ordered by slug (see compareEditionSlugs); each consecutive pair needs exactly one
 * lineage file, because lineage walks cross every step between two editions.
 */
export function validateFrameworkSeeds(editions: SeedFile[], lineages: SeedFile[]): string[] {
  return check(editions, lineages).problems;
}

function check(editionFiles: SeedFile[], lineageFiles: SeedFile[]) {
  const problems: string[] = [];
  const editions = new Map<string, EditionFacts>();
  for (const { file, data } of editionFiles) {
    const { slug, facts } = checkEdition(file, data, problems);
    if (slug === undefined || !facts) continue;
    const previous = editions.get(slug);
    if (previous) {
      problems.push(`${file}: the edition repeats slug "${slug}" already used by ${previous.file}`);
      continue;
    }
    editions.set(slug, facts);
  }
  if (editionFiles.length === 0) problems.push('no edition files were given');
  const order = [...editions.keys()].sort(compareEditionSlugs);

  const lineages: { file: string; lineage: LineageSeed }[] = [];
  const byPair = new Map<string, string>();
  for (const { file, data } of lineageFiles) {
    const result = checkLineage(file, data, editions, order, problems);
    if (!result) continue;
    const key = `${result.lineage.from}\u0000${result.lineage.to}`;
    const previous = byPair.get(key);
    if (previous) {
      problems.push(
        `${file}: the lineage ${result.lineage.from} → ${result.lineage.to} is already given by ${previous}`,
      );
      continue;
    }
    byPair.set(key, file);
    lineages.push({ file, lineage: result.lineage });
  }
  for (let i = 0; i + 1 < order.length; i++) {
    if (!byPair.has(`${order[i]}\u0000${order[i + 1]}`)) {
      const to = editions.get(order[i + 1]) as EditionFacts;
      problems.push(`${to.file}: no lineage file leads from edition ${order[i]} to edition ${order[i + 1]}`);
    }
  }

  return {
    problems,
    editions: order.map((slug) => (editions.get(slug) as EditionFacts).seed),
    lineages: lineages
      .map((l) => l.lineage)
      .sort((a, b) => compareEditionSlugs(a.from, b.from)),
  };
}

/** The seeds as typed data, oldest edition first; throws INVALID_SEED listing every problem. */
export function parseFrameworkSeeds(editions: SeedFile[], lineages: SeedFile[]): FrameworkSeeds {
  const result = check(editions, lineages);
  if (result.problems.length > 0) {
    throw new DomainError(
      'INVALID_SEED',
      `${result.problems.length} problem(s) in the framework seeds:\n${result.problems.join('\n')}`,
    );
  }
  return { editions: result.editions, lineages: result.lineages };
}

/** What buildLineageIndex / traceLineage need, from parsed seeds. */
export function lineageInputFromSeeds(seeds: FrameworkSeeds): {
  editions: EditionCapabilities[];
  transitions: LineageTransition[];
} {
  return {
    editions: seeds.editions.map((e) => ({ edition: e.slug, capabilities: e.capabilities.map((c) => c.slug) })),
    transitions: seeds.lineages.map((l) => ({
      fromEdition: l.from,
      toEdition: l.to,
      links: l.links.map((link) => ({ from: link.from, to: [...link.to], relation: link.relation })),
    })),
  };
}
