import { z } from 'zod';
import { isIsoDate } from '../calendar';
import { DomainError } from '../errors';
import { reads, soundEntries } from '../refine-when-sound';
import { LINEAGE_RELATIONS, type EditionCapabilities, type LineageRelation, type LineageTransition } from './lineage';

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

// ------------------------------------------------------------------------------------ shapes
// Each file is parsed by a zod schema. A shape problem names the field (".name must be a non-empty
// string, got number 42"); checks across entries and files are refinements that write their whole
// line. A refinement runs when the fields it reads parsed (see reads()), whatever else failed.

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/**
 * A shape problem of the field the issue points at: ".{field} must be …, got <what it was>"; the
 * placeholder becomes the field's name when the issue becomes a line (problemLines).
 */
const field = (what: string) => (iss: { input?: unknown }) => `.${'{field}'} ${what}, got ${describe(iss.input)}`;
/** A shape problem of an entry itself: "must be an object, got …". */
const entry = (what: string) => (iss: { input?: unknown }) => `${what}, got ${describe(iss.input)}`;

const slug = z.string({ error: field('must be a kebab-case slug') }).regex(SLUG, { error: field('must be a kebab-case slug') });
const text = z.string({ error: field('must be a non-empty string') }).refine(isNonEmptyString, { error: field('must be a non-empty string') });
// Reported on the list as a whole (not on the entry), as a person editing the file reads it.
// abort: a list that fails is not a string[], so no refinement may read it.
const stringList: z.ZodType<string[], unknown[]> = z
  .array(z.unknown(), { error: field('must be an array of non-empty strings') })
  .refine((v): v is string[] => v.every(isNonEmptyString), { error: field('must be an array of non-empty strings'), abort: true });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: field('must be an array') });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: field(`must be one of ${values.join(', ')}`) });
const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: entry('must be an object') });

/** A problem a refinement words whole; `at` is where in the file, `problem` what is wrong there. */
function report(ctx: z.RefinementCtx, at: string, problem: string): void {
  ctx.addIssue({ code: 'custom', message: `${at}${problem.startsWith('.') ? '' : ' '}${problem}`, params: { whole: true } });
}

const editionSchema = z
  .strictObject(
    {
      slug,
      name: text,
      announcedOn: z
        .string({ error: field('must be an ISO date (YYYY-MM-DD) or null') })
        .refine(isIsoDate, { error: field('must be an ISO date (YYYY-MM-DD) or null') })
        .nullable(),
      note: text,
      domains: list(object({ slug, name: text })),
      capabilities: list(object({ slug, name: text, domains: stringList, summary: text.optional(), aliases: stringList.optional() })),
    },
    { error: entry('must hold an edition object') },
  )
  .superRefine((edition, ctx) => {
    if (edition.domains.length === 0) report(ctx, 'the edition', 'has no domains');
    const domainSlugs = new Set<string>();
    for (const [d, i] of soundEntries(ctx, 'domains', edition.domains)) {
      if (domainSlugs.has(d.slug)) report(ctx, `domains[${i}]`, `repeats domain slug "${d.slug}"`);
      domainSlugs.add(d.slug);
    }
  }, reads('domains[]'))
  .superRefine(
    (edition, ctx) => {
      if (edition.capabilities.length === 0) report(ctx, 'the edition', 'has no capabilities');
      const seenSlugs = new Set<string>();
      for (const [cap, i] of soundEntries(ctx, 'capabilities', edition.capabilities)) {
        const label = `capabilities[${i}] ("${cap.slug}")`;
        if (cap.domains.length === 0) report(ctx, label, 'belongs to no domain');
        const seen = new Set<string>();
        for (const d of cap.domains) {
          if (seen.has(d)) report(ctx, label, `lists domain "${d}" twice`);
          seen.add(d);
          if (!edition.domains.some((domain) => domain.slug === d)) report(ctx, label, `names domain "${d}" which is not in this edition`);
        }
        if (seenSlugs.has(cap.slug)) report(ctx, `capabilities[${i}]`, `repeats capability slug "${cap.slug}"`);
        seenSlugs.add(cap.slug);
      }
    },
    reads('domains[]', 'capabilities[]'),
  );

const linkSchema = object({
  from: slug,
  to: stringList,
  relation: oneOf(LINEAGE_RELATIONS),
  confidence: oneOf(LINEAGE_CONFIDENCES),
  note: text.optional(),
});

interface EditionFacts {
  file: string;
  seed: EditionSeed;
  /** False when the file had problems: its contents are not trusted for cross-checks. */
  sound: boolean;
  capabilities: Set<string>;
}

/** A lineage file's schema; its refinements check it against the editions (`editions`, in `order`). */
function lineageSchema(editions: ReadonlyMap<string, EditionFacts>, order: readonly string[]) {
  // Membership checks against an edition whose own file is broken would only repeat its problems.
  const capabilitiesOf = (slug: string) => {
    const edition = editions.get(slug);
    return edition?.sound ? edition.capabilities : undefined;
  };
  return z
    .strictObject(
      { from: slug, to: slug, source: text, newCapabilities: stringList, links: list(linkSchema) },
      { error: entry('must hold a lineage object') },
    )
    .superRefine((l, ctx) => {
      if (!editions.has(l.from)) report(ctx, 'lineage', `.from names edition "${l.from}" which does not exist`);
    }, reads('from'))
    .superRefine((l, ctx) => {
      if (!editions.has(l.to)) report(ctx, 'lineage', `.to names edition "${l.to}" which does not exist`);
    }, reads('to'))
    .superRefine(
      (l, ctx) => {
        if (editions.has(l.from) && editions.has(l.to) && order.indexOf(l.to) - order.indexOf(l.from) !== 1) {
          report(ctx, 'the lineage', `runs from edition "${l.from}" to edition "${l.to}", which are not consecutive editions`);
        }
      },
      reads('from', 'to'),
    )
    .superRefine(
      (l, ctx) => {
        const toCaps = capabilitiesOf(l.to);
        const seenNew = new Set<string>();
        l.newCapabilities.forEach((s, i) => {
          if (seenNew.has(s)) report(ctx, `newCapabilities[${i}]`, `repeats "${s}"`);
          seenNew.add(s);
          if (toCaps && !toCaps.has(s)) report(ctx, `newCapabilities[${i}]`, `names capability "${s}" which is not in edition ${l.to}`);
        });
      },
      reads('to', 'newCapabilities'),
    )
    .superRefine(
      (l, ctx) => {
        const fromCaps = capabilitiesOf(l.from);
        const toCaps = capabilitiesOf(l.to);
        const pairs = new Map<string, number>();
        const linked = new Set<string>();
        const targets = new Set<string>();
        const removedAt = new Map<string, number>();
        const carriedAt = new Map<string, number>();
        const links = soundEntries(ctx, 'links', l.links);
        for (const [link, i] of links) {
          const where = `links[${i}]`;
          linked.add(link.from);
          if (fromCaps && !fromCaps.has(link.from)) report(ctx, where, `names capability "${link.from}" which is not in edition ${l.from}`);
          for (const target of link.to) {
            targets.add(target);
            if (toCaps && !toCaps.has(target)) report(ctx, where, `names capability "${target}" which is not in edition ${l.to}`);
            const key = `${link.from}\u0000${target}`;
            const first = pairs.get(key);
            if (first !== undefined) report(ctx, where, `repeats the link "${link.from}" → "${target}" already given in links[${first}]`);
            else pairs.set(key, i);
          }
          if (link.relation === 'REMOVED' && link.to.length > 0) {
            report(ctx, where, `is REMOVED but names successors (${link.to.join(', ')}); REMOVED links have an empty "to"`);
          }
          if (link.relation !== 'REMOVED' && link.to.length === 0) {
            report(ctx, where, `is ${link.relation} but names no successor; use REMOVED for a capability without one`);
          }
          const other = link.relation === 'REMOVED' ? carriedAt.get(link.from) : removedAt.get(link.from);
          if (other !== undefined) report(ctx, where, `contradicts links[${other}]: "${link.from}" cannot be both REMOVED and carried forward`);
          (link.relation === 'REMOVED' ? removedAt : carriedAt).set(link.from, i);
        }
        if (links.length < l.links.length) return;

        // Completeness: a capability left out of the links would vanish from every lineage walk without
        // anyone having decided that it was removed, and a new capability with no entry would look
        // like a typo. Both must be stated explicitly (once every link parsed: a broken one may be the
        // missing link).
        for (const s of fromCaps ?? []) {
          if (!linked.has(s))
            report(ctx, 'the lineage', `has no link for capability "${s}" of edition ${l.from} (add a REMOVED link if it has no successor)`);
        }
        for (const s of toCaps ?? []) {
          if (!targets.has(s) && !l.newCapabilities.includes(s)) {
            report(ctx, 'the lineage', `neither links to nor lists as new capability "${s}" of edition ${l.to}`);
          }
        }
      },
      reads('from', 'to', 'newCapabilities', 'links[]'),
    );
}

// ------------------------------------------------------------------------------------ problems

/** "capabilities[4]" for ['capabilities', 4]. */
function place(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

/**
 * One issue as "<file>: <where> <problem>". `root` names the file's object ("edition"): a field of it
 * reads "edition.name must be …", an unknown key of it "the edition has unknown key …".
 */
function problemLines(file: string, root: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'custom' && (issue.params as { whole?: boolean } | undefined)?.whole) return [`${file}: ${issue.message}`];
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? `the ${root}` : place(issue.path);
      return issue.keys.map((key) => `${file}: ${where} has unknown key "${key}"`);
    }
    if (issue.message.startsWith('.{field}')) {
      const parent = issue.path.slice(0, -1);
      const name = String(issue.path[issue.path.length - 1]);
      return [`${file}: ${parent.length === 0 ? root : place(parent)}.${name}${issue.message.slice('.{field}'.length)}`];
    }
    return [`${file}: ${issue.path.length === 0 ? 'the file' : place(issue.path)} ${issue.message}`];
  });
}

/** The slug a file declares, when it declares a well-formed one, even if the rest of it is broken. */
function declaredSlug(data: unknown, key: string): string | undefined {
  const value = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && SLUG.test(value) ? value : undefined;
}

/**
 * Every problem in the Framework seeds, each as "<file>: <entry> <problem>". Empty means sound.
 * Editions are ordered by slug (see compareEditionSlugs); each consecutive pair needs exactly one
 * lineage file, because lineage walks cross every step between two editions.
 */
export function validateFrameworkSeeds(editions: SeedFile[], lineages: SeedFile[]): string[] {
  return check(editions, lineages).problems;
}

/** Editions are ordered by slug, numerically where slugs are numbers: they are the Framework's years. */
export function compareEditionSlugs(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function check(editionFiles: SeedFile[], lineageFiles: SeedFile[]) {
  const problems: string[] = [];
  const editions = new Map<string, EditionFacts>();
  for (const { file, data } of editionFiles) {
    const result = editionSchema.safeParse(data);
    if (!result.success) problems.push(...problemLines(file, 'edition', result.error.issues));
    const slugOf = result.success ? result.data.slug : declaredSlug(data, 'slug');
    if (slugOf === undefined) continue;
    const previous = editions.get(slugOf);
    if (previous) {
      problems.push(`${file}: the edition repeats slug "${slugOf}" already used by ${previous.file}`);
      continue;
    }
    editions.set(slugOf, {
      file,
      seed: result.success ? result.data : (data as EditionSeed),
      sound: result.success,
      capabilities: new Set(result.success ? result.data.capabilities.map((c) => c.slug) : []),
    });
  }
  if (editionFiles.length === 0) problems.push('no edition files were given');
  const order = [...editions.keys()].sort(compareEditionSlugs);

  const lineageSchemaHere = lineageSchema(editions, order);
  const lineages: { file: string; lineage: LineageSeed }[] = [];
  const byPair = new Map<string, string>();
  for (const { file, data } of lineageFiles) {
    const result = lineageSchemaHere.safeParse(data);
    if (!result.success) problems.push(...problemLines(file, 'lineage', result.error.issues));
    const from = result.success ? result.data.from : declaredSlug(data, 'from');
    const to = result.success ? result.data.to : declaredSlug(data, 'to');
    if (from === undefined || to === undefined) continue;
    const key = `${from}\u0000${to}`;
    const previous = byPair.get(key);
    if (previous) {
      problems.push(`${file}: the lineage ${from} → ${to} is already given by ${previous}`);
      continue;
    }
    byPair.set(key, file);
    if (result.success) lineages.push({ file, lineage: result.data });
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
    lineages: lineages.map((l) => l.lineage).sort((a, b) => compareEditionSlugs(a.from, b.from)),
  };
}

/** The seeds as typed data, oldest edition first; throws INVALID_SEED listing every problem. */
export function parseFrameworkSeeds(editions: SeedFile[], lineages: SeedFile[]): FrameworkSeeds {
  const result = check(editions, lineages);
  if (result.problems.length > 0) {
    throw new DomainError('INVALID_SEED', `${result.problems.length} problem(s) in the framework seeds:\n${result.problems.join('\n')}`);
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
