import { z } from 'zod';
import { isIsoDate } from '../calendar';
import { DomainError } from '../errors';
import { reads } from '../refine-when-sound';
import { CREDENTIAL_KINDS, type CredentialKind } from '../membership/membership';
import type { HeadcountTier, KindRules, PointsTable, RequirementRule, Rulebook } from './rulebook';
import {
  ACTIVITY_COUNTING_MODES,
  AWARD_VALIDITY_BASES,
  CERTIFICATION_KINDS,
  COVERAGE_RULES,
  ENTERPRISE_ACTIVITY_CODES,
  EVIDENCE_CODES,
  EVIDENCE_REQUIREMENT_CODES,
  HEADCOUNT_COUNTING_MODES,
  OPTIONAL_ITEM_CODES,
  PRACTITIONER_EQUIVALENT,
  REQUIREMENT_CODES,
} from './vocabulary';

// The gate for rulebooks (seeds/certifications/*.json): a zod schema of the shape, with the checks
// that read several fields (tier order, table references, reachable thresholds) as refinements.
// Every problem is reported as "<JSON path>: <what is wrong>", all of them in one pass, so whoever
// edits the seed fixes them at once. A refinement runs when the fields it reads parsed (see
// reads()), so a broken slug does not hide an unresolved table reference; a problem that needs a
// broken field (a reference from a requirement whose code is unknown, say) shows once that is fixed.

// Ids and slugs are kebab-case ("2023", "2021-12", "platform"); category codes are SCREAMING_SNAKE
// like every other code the API shows.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

const got = (value: unknown): string => `got ${JSON.stringify(value)}`;
const isBlank = (s: string): boolean => s.trim() === '';

// ------------------------------------------------------------------------------------ building blocks

const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: 'must be an object' });

const text = z.string({ error: 'must be a non-empty string' }).refine((s) => !isBlank(s), { error: 'must be a non-empty string' });

/** Absent and null read as null. */
const optionalText = z
  .string({ error: 'must be a non-empty string or null' })
  .refine((s) => !isBlank(s), { error: 'must be a non-empty string or null' })
  .nullish()
  .transform((v) => v ?? null);

/** An id another part of the program refers to. */
const kebabId = text.refine((s) => isBlank(s) || SLUG.test(s), { error: (iss) => `"${String(iss.input)}" must be kebab-case` });

function int(min: number) {
  const error = (iss: { input?: unknown }) => `must be an integer of at least ${min}; ${got(iss.input)}`;
  return z.int({ error }).min(min, { error });
}

/** Absent and null read as null. */
const optionalInt = (min: number) =>
  int(min)
    .nullish()
    .transform((v) => v ?? null);

const bool = (fallback: boolean) => z.boolean({ error: 'must be true or false' }).default(fallback);

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `must be one of ${values.join(', ')}; ${got(iss.input)}` });

/** A code from a list, where an unknown one is named with the list (`what`: "optional item"). */
const codeOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (iss) => `unknown ${what} code ${JSON.stringify(iss.input)}; known codes: ${values.join(', ')}` });

const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be an array' });
const nonEmptyList = <T extends z.ZodType>(item: T) => list(item).min(1, { error: 'must not be empty' });
/** Optional lists of tables: absent and null read as empty. */
const optionalList = <T extends z.ZodType>(item: T) =>
  list(item)
    .nullish()
    .transform((v) => v ?? []);

/** Reports each value seen before, at the list's own path. */
function unique(ctx: z.RefinementCtx, values: readonly string[], what: string, path: (string | number)[] = []): void {
  const seen = new Set<string>();
  for (const value of values) {
    // A fresh path each time: zod prefixes an issue's path in place as it bubbles up.
    if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `${what} "${value}" appears more than once`, path: [...path] });
    seen.add(value);
  }
}

// ------------------------------------------------------------------------------------ requirements

const base = { summary: text, note: optionalText };

// One shape a requirement code (or a group of codes that take the same parameters); the object is
// strict, so a misspelt parameter ("headcountTabel") is refused rather than silently ignored.
const requirement = z.discriminatedUnion(
  'code',
  [
    object({ ...base, code: z.literal(['FINOPS_MEMBERSHIP', 'LF_MEMBERSHIP', 'GENERAL_OR_PREMIER_MEMBERSHIP', 'TARGET_CAPABILITY_MAPPING']) }),
    object({ ...base, code: z.literal('INDIVIDUAL_CERTIFICATIONS'), headcountTable: text }),
    object({ ...base, code: z.literal('PUBLIC_FEATURE_MAPPING'), coverageRule: oneOf(COVERAGE_RULES) }),
    object({ ...base, code: z.literal('COMMUNITY_CONTRIBUTIONS'), optionalItems: text }),
    object({ ...base, code: z.literal(['ENTERPRISE_POINTS', 'ENTERPRISE_PROGRAM_POINTS']), pointsTable: text }),
    object({
      ...base,
      code: z.literal(['PROFESSIONAL_ON_STAFF', 'CERTIFIED_INSTRUCTOR_EMPLOYED']),
      credential: oneOf(CREDENTIAL_KINDS),
      minPeople: int(1),
    }),
    object({
      ...base,
      code: z.literal(EVIDENCE_REQUIREMENT_CODES),
      evidence: object({ codes: nonEmptyList(codeOf(EVIDENCE_CODES, 'evidence')), minItems: int(1), windowMonths: optionalInt(1) }).optional(),
      // Evidence parameters default to "one item with the requirement's own code, any date".
    }).transform((r) => ({ ...r, evidence: r.evidence ?? { codes: [r.code], minItems: 1, windowMonths: null } })),
  ],
  {
    error: (iss) => {
      const input = iss.input;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'must be an object';
      const code = (input as Record<string, unknown>)['code'];
      return `unknown requirement code ${JSON.stringify(code)}; known codes: ${REQUIREMENT_CODES.join(', ')}`;
    },
  },
);

const kind = object({ kind: oneOf(CERTIFICATION_KINDS), name: text, requirements: nonEmptyList(requirement) }).superRefine((k, ctx) => {
  unique(
    ctx,
    k.requirements.map((r) => r.code),
    'requirement code',
    ['requirements'],
  );
  // The evaluation reports one points breakdown per kind, so both points requirements must read the same table.
  const tables = new Set(k.requirements.flatMap((r) => ('pointsTable' in r ? [r.pointsTable] : [])));
  if (tables.size > 1) {
    ctx.addIssue({
      code: 'custom',
      message: `points requirements must share one points table; found ${[...tables].join(', ')}`,
      path: ['requirements'],
    });
  }
}, reads('requirements'));

// ------------------------------------------------------------------------------------ headcount tables

const weights = object(
  Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, int(1).optional()])) as Record<CredentialKind, z.ZodOptional<ReturnType<typeof int>>>,
);

const counting = z.discriminatedUnion(
  'mode',
  [
    object({
      mode: z.literal('PRACTITIONER_EQUIVALENT'),
      /** One column; a person counts the sum of the weights of the kinds they hold, capped at maxPerPerson. */
      weights: weights.refine((w) => Object.values(w).some((v) => v !== undefined), { error: 'must weigh at least one credential kind' }),
      maxPerPerson: int(1),
    }),
    object({
      mode: z.literal('SEPARATE_COLUMNS'),
      columns: nonEmptyList(z.enum(CREDENTIAL_KINDS, { error: (iss) => `unknown credential kind ${JSON.stringify(iss.input)}` })).superRefine(
        (columns, ctx) => unique(ctx, columns, 'column'),
      ),
    }),
  ],
  {
    error: (iss) => {
      const input = iss.input;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'must be an object';
      return `must be one of ${HEADCOUNT_COUNTING_MODES.join(', ')}; ${got((input as Record<string, unknown>)['mode'])}`;
    },
  },
);

const tier = object({
  minSize: int(0),
  maxSize: optionalInt(0),
  required: z.record(z.string(), int(0), { error: 'must be an object of column → count' }),
  confirmed: bool(true),
  note: optionalText,
});

const headcountTable = object({ id: kebabId, name: text, counting, tiers: nonEmptyList(tier) }).superRefine(
  (table, ctx) => {
    const columns: string[] = table.counting.mode === 'PRACTITIONER_EQUIVALENT' ? [PRACTITIONER_EQUIVALENT] : table.counting.columns;
    table.tiers.forEach((t: HeadcountTier, i) => {
      const at = () => ['tiers', i];
      for (const key of Object.keys(t.required)) {
        if (!columns.includes(key))
          ctx.addIssue({ code: 'custom', message: `is not a column of this table (${columns.join(', ')})`, path: [...at(), 'required', key] });
      }
      for (const column of columns) {
        if (t.required[column] === undefined) ctx.addIssue({ code: 'custom', message: `is missing column ${column}`, path: [...at(), 'required'] });
      }
      // Sizes must map to exactly one tier: ascending, starting at 0, each starting right after the
      // previous one ends, and only the last open-ended.
      const problem = (message: string) => ctx.addIssue({ code: 'custom', message, path: at() });
      if (t.maxSize !== null && t.maxSize < t.minSize) problem(`maxSize ${t.maxSize} is below minSize ${t.minSize}`);
      if (i === 0 && t.minSize !== 0) problem(`the first tier must start at 0 (company size 0 must have a tier); starts at ${t.minSize}`);
      const previous = table.tiers[i - 1];
      if (previous) {
        if (previous.maxSize === null) problem('follows an open-ended tier (tiers must be sorted ascending)');
        else if (t.minSize <= previous.maxSize)
          problem(`minSize ${t.minSize} overlaps the previous tier (ends ${previous.maxSize}) or is out of order`);
        else if (t.minSize !== previous.maxSize + 1) problem(`sizes ${previous.maxSize + 1}–${t.minSize - 1} have no tier`);
      }
      if (i === table.tiers.length - 1 && t.maxSize !== null) problem('the last tier must be open-ended (maxSize null)');
    });
  },
  reads('counting', 'tiers'),
);

// ------------------------------------------------------------------------------------ optional items

const optionalItemSet = object({
  id: kebabId,
  name: text,
  mustMeet: int(1),
  items: nonEmptyList(object({ code: codeOf(OPTIONAL_ITEM_CODES, 'optional item'), summary: text, minItems: int(1), windowMonths: optionalInt(1) })),
  note: optionalText,
}).superRefine(
  (set, ctx) => {
    unique(
      ctx,
      set.items.map((i) => i.code),
      'item code',
      ['items'],
    );
    if (set.items.length > 0 && set.mustMeet > set.items.length) {
      ctx.addIssue({ code: 'custom', message: `${set.mustMeet} is more than the ${set.items.length} items listed`, path: ['mustMeet'] });
    }
  },
  reads('mustMeet', 'items'),
);

// ------------------------------------------------------------------------------------ points tables

const activity = object({
  code: codeOf(ENTERPRISE_ACTIVITY_CODES, 'activity'),
  name: text,
  points: int(1),
  counting: oneOf(ACTIVITY_COUNTING_MODES),
  credential: oneOf(CREDENTIAL_KINDS).nullish(),
  windowMonths: optionalInt(1),
  requiresValidation: bool(false),
})
  .superRefine(
    (a, ctx) => {
      // PER_PERSON_WITH_CREDENTIAL rows name the credential a counted person must hold; no other row does.
      if (a.counting === 'PER_PERSON_WITH_CREDENTIAL') {
        if (!a.credential) {
          ctx.addIssue({ code: 'custom', message: `must be one of ${CREDENTIAL_KINDS.join(', ')}; ${got(a.credential)}`, path: ['credential'] });
        }
        if (a.windowMonths !== null || a.requiresValidation) {
          ctx.addIssue({
            code: 'custom',
            message: 'a per-person credential row is judged by the credential itself; windowMonths and requiresValidation do not apply',
          });
        }
      } else if (a.credential) {
        ctx.addIssue({ code: 'custom', message: 'only PER_PERSON_WITH_CREDENTIAL activities name a credential', path: ['credential'] });
      }
    },
    reads('counting', 'credential', 'windowMonths', 'requiresValidation'),
  )
  .transform((a) => ({ ...a, credential: a.credential ?? null }));

const category = object({
  code: text.refine((s) => isBlank(s) || CODE.test(s), { error: (iss) => `"${String(iss.input)}" must be SCREAMING_SNAKE_CASE` }),
  name: text,
  cap: int(1),
  activities: nonEmptyList(activity),
});

const pointsTable = object({
  id: kebabId,
  name: text,
  threshold: int(1),
  minimumFromCategory: object({ category: text, points: int(1) })
    .nullish()
    .transform((v) => v ?? null),
  categories: nonEmptyList(category),
}).superRefine(
  (table, ctx) => {
    unique(
      ctx,
      table.categories.map((c) => c.code),
      'category code',
      ['categories'],
    );
    // An activity code belongs to one category: recorded activities are matched by code alone.
    unique(
      ctx,
      table.categories.flatMap((c) => c.activities.map((a) => a.code)),
      'activity code',
      ['categories'],
    );
    const reachable = table.categories.reduce((sum, c) => sum + c.cap, 0);
    if (table.categories.length > 0 && table.threshold > reachable) {
      ctx.addIssue({ code: 'custom', message: `${table.threshold} cannot be reached: the caps add up to ${reachable}`, path: ['threshold'] });
    }
    const minimum = table.minimumFromCategory;
    if (minimum) {
      const target = table.categories.find((c) => c.code === minimum.category);
      if (!target)
        ctx.addIssue({ code: 'custom', message: `"${minimum.category}" is not a category of this table`, path: ['minimumFromCategory', 'category'] });
      else if (minimum.points > target.cap) {
        ctx.addIssue({
          code: 'custom',
          message: `${minimum.points} is above the category's cap of ${target.cap}`,
          path: ['minimumFromCategory', 'points'],
        });
      }
    }
  },
  reads('threshold', 'minimumFromCategory', 'categories'),
);

// ------------------------------------------------------------------------------------ the rulebook

const rulebook = object({
  slug: text.refine((s) => isBlank(s) || SLUG.test(s), { error: (iss) => `"${String(iss.input)}" must be kebab-case (e.g. "2023", "2021-12")` }),
  name: text,
  effectiveFrom: text.refine((s) => isBlank(s) || isIsoDate(s), { error: (iss) => `"${String(iss.input)}" is not a date 'YYYY-MM-DD'` }),
  isDefault: bool(false),
  basis: object({ summary: text, sources: nonEmptyList(text) }),
  frameworkEdition: text,
  awardValidityMonths: int(1),
  awardValidityBasis: oneOf(AWARD_VALIDITY_BASES),
  kinds: nonEmptyList(kind),
  headcountTables: optionalList(headcountTable),
  optionalItemSets: optionalList(optionalItemSet),
  pointsTables: optionalList(pointsTable),
  // The rules document insists every open question is answered in the data, so an empty list is a
  // rulebook nobody has reviewed.
  interpretations: nonEmptyList(object({ topic: text, text })),
}).superRefine(
  (book, ctx) => {
    unique(
      ctx,
      book.headcountTables.map((t) => t.id),
      'id',
      ['headcountTables'],
    );
    unique(
      ctx,
      book.optionalItemSets.map((s) => s.id),
      'id',
      ['optionalItemSets'],
    );
    unique(
      ctx,
      book.pointsTables.map((t) => t.id),
      'id',
      ['pointsTables'],
    );
    unique(
      ctx,
      book.kinds.map((k) => k.kind),
      'kind',
      ['kinds'],
    );

    // Every table a requirement names must be one of this program's.
    const headcount = new Set(book.headcountTables.map((t) => t.id));
    const optional = new Set(book.optionalItemSets.map((s) => s.id));
    const points = new Map<string, PointsTable>(book.pointsTables.map((t) => [t.id, t]));
    book.kinds.forEach((k, i) =>
      k.requirements.forEach((r, j) => {
        const at = (key: string) => ['kinds', i, 'requirements', j, key];
        const reference = (key: string, id: string, known: { has(id: string): boolean }, what: string) => {
          if (!known.has(id)) ctx.addIssue({ code: 'custom', message: `"${id}" is not a ${what} of this program`, path: at(key) });
        };
        if (r.code === 'INDIVIDUAL_CERTIFICATIONS') reference('headcountTable', r.headcountTable, headcount, 'headcount table');
        if (r.code === 'COMMUNITY_CONTRIBUTIONS') reference('optionalItems', r.optionalItems, optional, 'optional item set');
        if (r.code === 'ENTERPRISE_POINTS' || r.code === 'ENTERPRISE_PROGRAM_POINTS') {
          reference('pointsTable', r.pointsTable, points, 'points table');
          if (r.code === 'ENTERPRISE_PROGRAM_POINTS' && points.get(r.pointsTable)?.minimumFromCategory === null) {
            ctx.addIssue({
              code: 'custom',
              message: `"${r.pointsTable}" has no minimumFromCategory for ENTERPRISE_PROGRAM_POINTS to check`,
              path: at('pointsTable'),
            });
          }
        }
      }),
    );
  },
  reads('kinds', 'headcountTables', 'optionalItemSets', 'pointsTables'),
);

// ------------------------------------------------------------------------------------ problems

/** "$.kinds[0].requirements[2].code" for ['kinds', 0, 'requirements', 2, 'code']. */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`), '$');
}

/** Every issue as "<path>: <message>", one line per unknown key, each line once. */
function problemsOf(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines = issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${jsonPath([...issue.path, key])}: is not a known property`)
      : [`${jsonPath(issue.path)}: ${issue.message}`],
  );
  return [...new Set(lines)];
}

function fail(file: string, problems: string[]): never {
  const count = problems.length;
  throw new DomainError(
    'INVALID_SEED',
    `Invalid certification rulebook ${file} (${count} problem${count === 1 ? '' : 's'}):\n${problems.map((x) => `  - ${x}`).join('\n')}`,
  );
}

/**
 * Validates one rulebook file and returns it typed. Throws DomainError('INVALID_SEED') whose message
 * names the file and lists every problem found (unknown codes, unresolved table references, tiers
 * out of order or overlapping, caps that are not positive, thresholds no one could reach, ...).
 */
export function parseRulebook(file: string, data: unknown): Rulebook {
  const result = rulebook.safeParse(data);
  if (!result.success) return fail(file, problemsOf(result.error.issues));
  const kinds: KindRules[] = result.data.kinds.map((k) => ({ ...k, requirements: k.requirements as RequirementRule[] }));
  return { ...result.data, kinds };
}

/**
 * Parses every shipped program and checks what only the set can show: slugs are unique and exactly
 * one program is the default. Returns them oldest first (by effectiveFrom).
 */
export function parseRulebooks(files: { file: string; data: unknown }[]): Rulebook[] {
  const problems: string[] = [];
  const books: { file: string; book: Rulebook }[] = [];
  for (const { file, data } of files) {
    try {
      books.push({ file, book: parseRulebook(file, data) });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_SEED') problems.push(error.message);
      else throw error;
    }
  }
  const seen = new Map<string, string>();
  for (const { file, book } of books) {
    const earlier = seen.get(book.slug);
    if (earlier) problems.push(`${file}: program slug "${book.slug}" is also used by ${earlier}`);
    seen.set(book.slug, file);
  }
  const defaults = books.filter(({ book }) => book.isDefault).map(({ book }) => book.slug);
  if (problems.length === 0 && defaults.length !== 1) {
    problems.push(`exactly one certification program must have "isDefault": true; found ${defaults.length} (${defaults.join(', ') || 'none'})`);
  }
  if (problems.length > 0) throw new DomainError('INVALID_SEED', `Invalid certification programs:\n${problems.join('\n')}`);
  return books.map(({ book }) => book).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
}
