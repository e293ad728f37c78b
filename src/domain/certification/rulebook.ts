import { DomainError } from '../errors';
import { CREDENTIAL_KINDS, type CredentialKind } from '../membership/membership';
import { isIsoDate } from './dates';

// A certification *program* is a versioned rulebook held as data (seeds/certifications/*.json): the
// Foundation rewrote its certification pages several times, and each rewrite must stay evaluable
// after the next one. Code knows the vocabulary (the requirement codes of the API contract and how
// each is computed); the data says which kinds a program has, which requirements each kind lists in
// which order, and every number and table. Adding a program is therefore a data change, and this
// module is the gate: it refuses a rulebook that would make the evaluator guess.

// ------------------------------------------------------------------------------------ vocabulary

export const CERTIFICATION_KINDS = ['PLATFORM', 'SPECIALTY_SOLUTION', 'SERVICE_PROVIDER', 'TRAINING_PARTNER', 'ENTERPRISE'] as const;
export type CertificationKind = (typeof CERTIFICATION_KINDS)[number];

// Requirement codes are grouped by how they are computed; the groups are the switch the evaluator
// runs on, so a new code must be placed in exactly one of them.
export const MEMBERSHIP_REQUIREMENT_CODES = ['FINOPS_MEMBERSHIP', 'LF_MEMBERSHIP', 'GENERAL_OR_PREMIER_MEMBERSHIP'] as const;
export const EVIDENCE_REQUIREMENT_CODES = [
  'SLACK_SUPPORT_CHANNEL',
  'RECORDED_DEMO',
  'SERVICES_DESCRIPTION',
  'SERVICES_FRAMEWORK_ALIGNMENT',
  'TRAINING_PARTNER_CONTRACT',
  'FOCUS_CRITERIA',
  'COMMUNITY_CRITERIA',
] as const;
export const CREDENTIAL_ON_STAFF_REQUIREMENT_CODES = ['PROFESSIONAL_ON_STAFF', 'CERTIFIED_INSTRUCTOR_EMPLOYED'] as const;

export type MembershipRequirementCode = (typeof MEMBERSHIP_REQUIREMENT_CODES)[number];
export type EvidenceRequirementCode = (typeof EVIDENCE_REQUIREMENT_CODES)[number];
export type CredentialOnStaffRequirementCode = (typeof CREDENTIAL_ON_STAFF_REQUIREMENT_CODES)[number];

/** Every requirement code of the contract (certification-rules.md), in the order the rules list them. */
export const REQUIREMENT_CODES = [
  'FINOPS_MEMBERSHIP',
  'LF_MEMBERSHIP',
  'GENERAL_OR_PREMIER_MEMBERSHIP',
  'INDIVIDUAL_CERTIFICATIONS',
  'PUBLIC_FEATURE_MAPPING',
  'TARGET_CAPABILITY_MAPPING',
  'SLACK_SUPPORT_CHANNEL',
  'RECORDED_DEMO',
  'SERVICES_DESCRIPTION',
  'SERVICES_FRAMEWORK_ALIGNMENT',
  'PROFESSIONAL_ON_STAFF',
  'TRAINING_PARTNER_CONTRACT',
  'CERTIFIED_INSTRUCTOR_EMPLOYED',
  'COMMUNITY_CONTRIBUTIONS',
  'FOCUS_CRITERIA',
  'COMMUNITY_CRITERIA',
  'ENTERPRISE_POINTS',
  'ENTERPRISE_PROGRAM_POINTS',
] as const;
export type RequirementCode = (typeof REQUIREMENT_CODES)[number];

/** Optional community items (program 2023); recorded as evidence with these codes. */
export const OPTIONAL_ITEM_CODES = [
  'OPEN_SOURCE_MATERIALS',
  'CUSTOMER_CASE_STUDIES',
  'WORKING_GROUP_CONTRIBUTOR',
  'BLOG_OR_PODCAST',
  'FOCUS_PARTICIPATION',
  'TAC_OR_BOARD_SEAT',
] as const;
export type OptionalItemCode = (typeof OPTIONAL_ITEM_CODES)[number];

/** Enterprise points activities. The Training rows come from people's credentials, the rest are recorded. */
export const ENTERPRISE_ACTIVITY_CODES = [
  'PROFESSIONAL_CERTIFICATION',
  'PRACTITIONER_CERTIFICATION',
  'PERSONA_TRAINING',
  'MEETUP_ORGANIZER',
  'PROGRAM_OVERVIEW_INTERVIEW',
  'LESSONS_LEARNED_STORY',
  'FINOPS_ASSESSMENT',
  'LEAD_WORKING_GROUP',
  'TAC_SEAT',
  'OPEN_SOURCE_MATERIALS',
  'WORKING_GROUP_CONTRIBUTOR',
  'SPECIAL_INITIATIVE',
  'AMBASSADOR',
  'USES_CERTIFIED_PLATFORM',
  'USED_CERTIFIED_SERVICE_PROVIDER',
  'INTERNAL_FINOPS_TOOL',
  'FINOPS_X_BREAKOUT',
  'F2_EVENT_TALK',
  'NON_F2_EVENT_TALK',
] as const;
export type EnterpriseActivityCode = (typeof ENTERPRISE_ACTIVITY_CODES)[number];

/** Codes RecordEvidence accepts: evidence-backed requirements and the optional community items. */
export const EVIDENCE_CODES = [...EVIDENCE_REQUIREMENT_CODES, ...OPTIONAL_ITEM_CODES] as const;
export type EvidenceCode = (typeof EVIDENCE_CODES)[number];

export const HEADCOUNT_COUNTING_MODES = ['PRACTITIONER_EQUIVALENT', 'SEPARATE_COLUMNS'] as const;
export type HeadcountCountingMode = (typeof HEADCOUNT_COUNTING_MODES)[number];
/** The single column name of a PRACTITIONER_EQUIVALENT table (the contract's headcount column). */
export const PRACTITIONER_EQUIVALENT = 'PRACTITIONER_EQUIVALENT';

/** MOST: strictly more than half of the domains and of the capabilities; ALL: every one (the "2023-all" wording). */
export const COVERAGE_RULES = ['MOST', 'ALL'] as const;
export type CoverageRule = (typeof COVERAGE_RULES)[number];

export const ACTIVITY_COUNTING_MODES = ['PER_PERSON_WITH_CREDENTIAL', 'ONCE', 'PER_OCCURRENCE'] as const;
export type ActivityCountingMode = (typeof ACTIVITY_COUNTING_MODES)[number];

/** Whether the award validity is published by the Foundation or a product default. */
export const AWARD_VALIDITY_BASES = ['PUBLISHED', 'DEFAULT'] as const;
export type AwardValidityBasis = (typeof AWARD_VALIDITY_BASES)[number];

function isOneOf<const T extends readonly string[]>(values: T, value: unknown): value is T[number] {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
export const isCertificationKind = (v: unknown): v is CertificationKind => isOneOf(CERTIFICATION_KINDS, v);
const isRequirementCode = (v: unknown): v is RequirementCode => isOneOf(REQUIREMENT_CODES, v);
const isOptionalItemCode = (v: unknown): v is OptionalItemCode => isOneOf(OPTIONAL_ITEM_CODES, v);
export const isEnterpriseActivityCode = (v: unknown): v is EnterpriseActivityCode => isOneOf(ENTERPRISE_ACTIVITY_CODES, v);
export const isEvidenceCode = (v: unknown): v is EvidenceCode => isOneOf(EVIDENCE_CODES, v);

// ------------------------------------------------------------------------------------ shapes

interface RequirementBase {
  /** What the requirement asks, in words; explanations quote it. */
  summary: string;
  /** Appended to every explanation of this requirement: why the program reads it this way. */
  note: string | null;
}

export interface EvidenceRule {
  /** Evidence codes that satisfy the requirement (normally just the requirement's own code). */
  codes: EvidenceCode[];
  minItems: number;
  /** null: any date up to asOf. */
  windowMonths: number | null;
}

export type RequirementRule =
  | (RequirementBase & { code: MembershipRequirementCode })
  | (RequirementBase & { code: 'INDIVIDUAL_CERTIFICATIONS'; headcountTable: string })
  | (RequirementBase & { code: 'PUBLIC_FEATURE_MAPPING'; coverageRule: CoverageRule })
  | (RequirementBase & { code: 'TARGET_CAPABILITY_MAPPING' })
  | (RequirementBase & { code: EvidenceRequirementCode; evidence: EvidenceRule })
  | (RequirementBase & { code: CredentialOnStaffRequirementCode; credential: CredentialKind; minPeople: number })
  | (RequirementBase & { code: 'COMMUNITY_CONTRIBUTIONS'; optionalItems: string })
  | (RequirementBase & { code: 'ENTERPRISE_POINTS'; pointsTable: string })
  | (RequirementBase & { code: 'ENTERPRISE_PROGRAM_POINTS'; pointsTable: string });

export interface KindRules {
  kind: CertificationKind;
  name: string;
  /** In the order the evaluation reports them. */
  requirements: RequirementRule[];
}

export type HeadcountCounting =
  | {
      /** One column; a person counts the sum of the weights of the kinds they hold, capped at maxPerPerson. */
      mode: 'PRACTITIONER_EQUIVALENT';
      weights: Partial<Record<CredentialKind, number>>;
      maxPerPerson: number;
    }
  | {
      /** One column per credential kind; a person counts once in every column whose credential they hold. */
      mode: 'SEPARATE_COLUMNS';
      columns: CredentialKind[];
    };

export interface HeadcountTier {
  minSize: number;
  /** Inclusive; null on the open-ended top tier. */
  maxSize: number | null;
  /** Column name → people (or Practitioner-equivalents) required. */
  required: Record<string, number>;
  /** false when the row is carried over rather than confirmed by the program's source. */
  confirmed: boolean;
  note: string | null;
}

export interface HeadcountTable {
  id: string;
  name: string;
  counting: HeadcountCounting;
  /** Ascending, contiguous from 0, the last one open-ended. */
  tiers: HeadcountTier[];
}

export interface OptionalItemRule {
  code: OptionalItemCode;
  summary: string;
  minItems: number;
  windowMonths: number | null;
}

export interface OptionalItemSet {
  id: string;
  name: string;
  mustMeet: number;
  items: OptionalItemRule[];
  note: string | null;
}

export interface PointsActivity {
  code: EnterpriseActivityCode;
  name: string;
  points: number;
  counting: ActivityCountingMode;
  /** PER_PERSON_WITH_CREDENTIAL only: the credential a counted person must hold. */
  credential: CredentialKind | null;
  /** Only activities dated in the last N months count; null: any date up to asOf. */
  windowMonths: number | null;
  /** Left out of the total until a reviewer validates it. */
  requiresValidation: boolean;
}

export interface PointsCategory {
  code: string;
  name: string;
  cap: number;
  activities: PointsActivity[];
}

export interface PointsTable {
  id: string;
  name: string;
  threshold: number;
  minimumFromCategory: { category: string; points: number } | null;
  categories: PointsCategory[];
}

export interface Interpretation {
  topic: string;
  text: string;
}

export interface Rulebook {
  slug: string;
  name: string;
  effectiveFrom: string;
  /** The program used when a caller names none; exactly one shipped program is the default. */
  isDefault: boolean;
  basis: { summary: string; sources: string[] };
  /** The framework edition evaluated unless the caller overrides it. */
  frameworkEdition: string;
  awardValidityMonths: number;
  awardValidityBasis: AwardValidityBasis;
  kinds: KindRules[];
  headcountTables: HeadcountTable[];
  optionalItemSets: OptionalItemSet[];
  pointsTables: PointsTable[];
  interpretations: Interpretation[];
}

/**
 * The program an evaluation uses: the named one, or the default when none is named. An unknown
 * slug is NOT_FOUND and the message lists the programs that exist, so a client can correct it.
 */
export function selectProgram(programs: Rulebook[], slug: string | null | undefined): Rulebook {
  if (slug === null || slug === undefined) {
    const fallback = programs.find((p) => p.isDefault);
    if (!fallback) throw new DomainError('NOT_FOUND', 'No default certification program is loaded');
    return fallback;
  }
  const found = programs.find((p) => p.slug === slug);
  if (!found) {
    throw new DomainError('NOT_FOUND', `Unknown certification program "${slug}"; known programs: ${programs.map((p) => p.slug).join(', ')}`, 'program');
  }
  return found;
}

/** The kinds a program has, in its own order. */
export function programKinds(program: Rulebook): CertificationKind[] {
  return program.kinds.map((k) => k.kind);
}

/** The rules of one kind; a kind the program does not have is the caller's mistake, so BAD_USER_INPUT. */
export function kindRules(program: Rulebook, kind: CertificationKind): KindRules {
  const found = program.kinds.find((k) => k.kind === kind);
  if (!found) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Program ${program.slug} has no ${kind} certification; it has ${programKinds(program).join(', ')}`,
      'kind',
    );
  }
  return found;
}

export function headcountTableOf(program: Rulebook, id: string): HeadcountTable {
  return lookup(program.headcountTables, id, program.slug, 'headcount table');
}
export function optionalItemSetOf(program: Rulebook, id: string): OptionalItemSet {
  return lookup(program.optionalItemSets, id, program.slug, 'optional item set');
}
export function pointsTableOf(program: Rulebook, id: string): PointsTable {
  return lookup(program.pointsTables, id, program.slug, 'points table');
}

function lookup<T extends { id: string }>(list: T[], id: string, slug: string, what: string): T {
  const found = list.find((entry) => entry.id === id);
  // parseRulebook resolves every reference, so this only fires on a hand-built, unparsed rulebook.
  if (!found) throw new DomainError('INVALID_SEED', `Program ${slug} references a ${what} "${id}" it does not define`);
  return found;
}

// ------------------------------------------------------------------------------------ parsing

type Json = Record<string, unknown>;

// Ids and slugs are kebab-case ("2023", "2021-12", "platform"); category codes are SCREAMING_SNAKE
// like every other code the API shows.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Collects every problem of a rulebook rather than stopping at the first, so whoever edits the
 * seed fixes them in one pass; each problem names the JSON path it found.
 */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, path: string, p: Problems, keys: readonly string[]): Json | null {
  if (!isObject(value)) {
    p.add(path, 'must be an object');
    return null;
  }
  // Unknown keys are refused: a misspelt parameter ("windowMonth") would otherwise be silently ignored.
  for (const key of Object.keys(value)) if (!keys.includes(key)) p.add(`${path}.${key}`, 'is not a known property');
  return value;
}

function arrayAt(value: unknown, path: string, p: Problems, { nonEmpty = true } = {}): unknown[] {
  if (!Array.isArray(value)) {
    p.add(path, 'must be an array');
    return [];
  }
  if (nonEmpty && value.length === 0) p.add(path, 'must not be empty');
  return value;
}

function textAt(o: Json, key: string, path: string, p: Problems): string {
  const value = o[key];
  if (typeof value !== 'string' || value.trim() === '') {
    p.add(`${path}.${key}`, 'must be a non-empty string');
    return '';
  }
  return value;
}

function optionalTextAt(o: Json, key: string, path: string, p: Problems): string | null {
  const value = o[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    p.add(`${path}.${key}`, 'must be a non-empty string or null');
    return null;
  }
  return value;
}

function intAt(o: Json, key: string, path: string, p: Problems, min: number): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    p.add(`${path}.${key}`, `must be an integer of at least ${min}; got ${JSON.stringify(value)}`);
    return min;
  }
  return value;
}

function optionalIntAt(o: Json, key: string, path: string, p: Problems, min: number): number | null {
  if (o[key] === undefined || o[key] === null) return null;
  return intAt(o, key, path, p, min);
}

function boolAt(o: Json, key: string, path: string, p: Problems, fallback: boolean): boolean {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    p.add(`${path}.${key}`, 'must be true or false');
    return fallback;
  }
  return value;
}

function enumAt<const T extends readonly string[]>(o: Json, key: string, path: string, p: Problems, values: T): T[number] | null {
  const value = o[key];
  if (!isOneOf(values, value)) {
    p.add(`${path}.${key}`, `must be one of ${values.join(', ')}; got ${JSON.stringify(value)}`);
    return null;
  }
  return value;
}

function unique(values: string[], path: string, what: string, p: Problems): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) p.add(path, `${what} "${value}" appears more than once`);
    seen.add(value);
  }
}

const RULEBOOK_KEYS = [
  'slug',
  'name',
  'effectiveFrom',
  'isDefault',
  'basis',
  'frameworkEdition',
  'awardValidityMonths',
  'awardValidityBasis',
  'kinds',
  'headcountTables',
  'optionalItemSets',
  'pointsTables',
  'interpretations',
] as const;

// The parameters each requirement code takes beyond code/summary/note; anything else is refused.
const BASE_KEYS = ['code', 'summary', 'note'];
function requirementKeys(code: RequirementCode): string[] {
  switch (code) {
    case 'INDIVIDUAL_CERTIFICATIONS':
      return [...BASE_KEYS, 'headcountTable'];
    case 'PUBLIC_FEATURE_MAPPING':
      return [...BASE_KEYS, 'coverageRule'];
    case 'COMMUNITY_CONTRIBUTIONS':
      return [...BASE_KEYS, 'optionalItems'];
    case 'ENTERPRISE_POINTS':
    case 'ENTERPRISE_PROGRAM_POINTS':
      return [...BASE_KEYS, 'pointsTable'];
    case 'PROFESSIONAL_ON_STAFF':
    case 'CERTIFIED_INSTRUCTOR_EMPLOYED':
      return [...BASE_KEYS, 'credential', 'minPeople'];
    case 'SLACK_SUPPORT_CHANNEL':
    case 'RECORDED_DEMO':
    case 'SERVICES_DESCRIPTION':
    case 'SERVICES_FRAMEWORK_ALIGNMENT':
    case 'TRAINING_PARTNER_CONTRACT':
    case 'FOCUS_CRITERIA':
    case 'COMMUNITY_CRITERIA':
      return [...BASE_KEYS, 'evidence'];
    case 'FINOPS_MEMBERSHIP':
    case 'LF_MEMBERSHIP':
    case 'GENERAL_OR_PREMIER_MEMBERSHIP':
    case 'TARGET_CAPABILITY_MAPPING':
      return BASE_KEYS;
  }
}

/**
 * Validates one rulebook file and returns it typed. Throws DomainError('INVALID_SEED') whose message
 * names the file and lists every problem found (unknown codes, unresolved table references, tiers
 * out of order or overlapping, caps that are not positive, thresholds no one could reach, ...).
 */
export function parseRulebook(file: string, data: unknown): Rulebook {
  const p = new Problems();
  const root = objectAt(data, '$', p, RULEBOOK_KEYS);
  if (!root) return fail(file, p);

  const slug = textAt(root, 'slug', '$', p);
  if (slug && !SLUG.test(slug)) p.add('$.slug', `"${slug}" must be kebab-case (e.g. "2023", "2021-12")`);
  const name = textAt(root, 'name', '$', p);
  const effectiveFrom = textAt(root, 'effectiveFrom', '$', p);
  if (effectiveFrom && !isIsoDate(effectiveFrom)) p.add('$.effectiveFrom', `"${effectiveFrom}" is not a date 'YYYY-MM-DD'`);
  const isDefault = boolAt(root, 'isDefault', '$', p, false);
  const frameworkEdition = textAt(root, 'frameworkEdition', '$', p);
  const awardValidityMonths = intAt(root, 'awardValidityMonths', '$', p, 1);
  const awardValidityBasis = enumAt(root, 'awardValidityBasis', '$', p, AWARD_VALIDITY_BASES) ?? 'DEFAULT';

  let basis = { summary: '', sources: [] as string[] };
  const basisObject = objectAt(root['basis'], '$.basis', p, ['summary', 'sources']);
  if (basisObject) {
    const sources = arrayAt(basisObject['sources'], '$.basis.sources', p).filter((s, i): s is string => {
      if (typeof s === 'string' && s.trim() !== '') return true;
      p.add(`$.basis.sources[${i}]`, 'must be a non-empty string');
      return false;
    });
    basis = { summary: textAt(basisObject, 'summary', '$.basis', p), sources };
  }

  const headcountTables = arrayAt(root['headcountTables'] ?? [], '$.headcountTables', p, { nonEmpty: false })
    .map((t, i) => parseHeadcountTable(t, `$.headcountTables[${i}]`, p))
    .filter((t): t is HeadcountTable => t !== null);
  unique(headcountTables.map((t) => t.id), '$.headcountTables', 'id', p);

  const optionalItemSets = arrayAt(root['optionalItemSets'] ?? [], '$.optionalItemSets', p, { nonEmpty: false })
    .map((s, i) => parseOptionalItemSet(s, `$.optionalItemSets[${i}]`, p))
    .filter((s): s is OptionalItemSet => s !== null);
  unique(optionalItemSets.map((s) => s.id), '$.optionalItemSets', 'id', p);

  const pointsTables = arrayAt(root['pointsTables'] ?? [], '$.pointsTables', p, { nonEmpty: false })
    .map((t, i) => parsePointsTable(t, `$.pointsTables[${i}]`, p))
    .filter((t): t is PointsTable => t !== null);
  unique(pointsTables.map((t) => t.id), '$.pointsTables', 'id', p);

  const refs = {
    headcount: new Set(headcountTables.map((t) => t.id)),
    optional: new Set(optionalItemSets.map((s) => s.id)),
    points: new Map(pointsTables.map((t) => [t.id, t])),
  };
  const kinds = arrayAt(root['kinds'], '$.kinds', p)
    .map((k, i) => parseKind(k, `$.kinds[${i}]`, p, refs))
    .filter((k): k is KindRules => k !== null);
  unique(kinds.map((k) => k.kind), '$.kinds', 'kind', p);

  // The rules document insists every open question is answered in the data, so an empty list is a
  // rulebook nobody has reviewed.
  const interpretations = arrayAt(root['interpretations'], '$.interpretations', p)
    .map((entry, i) => {
      const o = objectAt(entry, `$.interpretations[${i}]`, p, ['topic', 'text']);
      return o ? { topic: textAt(o, 'topic', `$.interpretations[${i}]`, p), text: textAt(o, 'text', `$.interpretations[${i}]`, p) } : null;
    })
    .filter((x): x is Interpretation => x !== null);

  if (p.list.length > 0) return fail(file, p);
  return {
    slug,
    name,
    effectiveFrom,
    isDefault,
    basis,
    frameworkEdition,
    awardValidityMonths,
    awardValidityBasis,
    kinds,
    headcountTables,
    optionalItemSets,
    pointsTables,
    interpretations,
  };
}

/**
 * Parses every shipped program and checks what only the set can show: slugs are unique and exactly
 * one program is the default. Returns them oldest first (by effectiveFrom).
 */
export function parseRulebooks(files: { file: string; data: unknown }[]): Rulebook[] {
  const problems: string[] = [];
  const books: Rulebook[] = [];
  for (const { file, data } of files) {
    try {
      books.push(parseRulebook(file, data));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_SEED') problems.push(error.message);
      else throw error;
    }
  }
  const seen = new Map<string, string>();
  books.forEach((book, i) => {
    const file = files[i]?.file ?? '?';
    const earlier = seen.get(book.slug);
    if (earlier) problems.push(`${file}: program slug "${book.slug}" is also used by ${earlier}`);
    seen.set(book.slug, file);
  });
  const defaults = books.filter((b) => b.isDefault).map((b) => b.slug);
  if (problems.length === 0 && defaults.length !== 1) {
    problems.push(`exactly one certification program must have "isDefault": true; found ${defaults.length} (${defaults.join(', ') || 'none'})`);
  }
  if (problems.length > 0) throw new DomainError('INVALID_SEED', `Invalid certification programs:\n${problems.join('\n')}`);
  return [...books].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
}

function fail(file: string, p: Problems): never {
  const count = p.list.length;
  throw new DomainError(
    'INVALID_SEED',
    `Invalid certification rulebook ${file} (${count} problem${count === 1 ? '' : 's'}):\n${p.list.map((x) => `  - ${x}`).join('\n')}`,
  );
}

function parseKind(
  value: unknown,
  path: string,
  p: Problems,
  refs: { headcount: Set<string>; optional: Set<string>; points: Map<string, PointsTable> },
): KindRules | null {
  const o = objectAt(value, path, p, ['kind', 'name', 'requirements']);
  if (!o) return null;
  const kind = enumAt(o, 'kind', path, p, CERTIFICATION_KINDS);
  const name = textAt(o, 'name', path, p);
  const requirements = arrayAt(o['requirements'], `${path}.requirements`, p)
    .map((r, i) => parseRequirement(r, `${path}.requirements[${i}]`, p, refs))
    .filter((r): r is RequirementRule => r !== null);
  unique(requirements.map((r) => r.code), `${path}.requirements`, 'requirement code', p);
  // The evaluation reports one points breakdown per kind, so both points requirements must read the same table.
  const pointsTables = new Set(requirements.flatMap((r) => ('pointsTable' in r ? [r.pointsTable] : [])));
  if (pointsTables.size > 1) p.add(`${path}.requirements`, `points requirements must share one points table; found ${[...pointsTables].join(', ')}`);
  return kind ? { kind, name, requirements } : null;
}

function parseRequirement(
  value: unknown,
  path: string,
  p: Problems,
  refs: { headcount: Set<string>; optional: Set<string>; points: Map<string, PointsTable> },
): RequirementRule | null {
  if (!isObject(value)) {
    p.add(path, 'must be an object');
    return null;
  }
  const code = value['code'];
  if (!isRequirementCode(code)) {
    p.add(`${path}.code`, `unknown requirement code ${JSON.stringify(code)}; known codes: ${REQUIREMENT_CODES.join(', ')}`);
    return null;
  }
  const o = objectAt(value, path, p, requirementKeys(code));
  if (!o) return null;
  const base = { summary: textAt(o, 'summary', path, p), note: optionalTextAt(o, 'note', path, p) };

  const reference = (key: string, known: { has(id: string): boolean }, what: string): string => {
    const id = textAt(o, key, path, p);
    if (id && !known.has(id)) p.add(`${path}.${key}`, `"${id}" is not a ${what} of this program`);
    return id;
  };

  switch (code) {
    case 'FINOPS_MEMBERSHIP':
    case 'LF_MEMBERSHIP':
    case 'GENERAL_OR_PREMIER_MEMBERSHIP':
    case 'TARGET_CAPABILITY_MAPPING':
      return { ...base, code };
    case 'INDIVIDUAL_CERTIFICATIONS':
      return { ...base, code, headcountTable: reference('headcountTable', refs.headcount, 'headcount table') };
    case 'PUBLIC_FEATURE_MAPPING':
      return { ...base, code, coverageRule: enumAt(o, 'coverageRule', path, p, COVERAGE_RULES) ?? 'MOST' };
    case 'COMMUNITY_CONTRIBUTIONS':
      return { ...base, code, optionalItems: reference('optionalItems', refs.optional, 'optional item set') };
    case 'ENTERPRISE_POINTS':
    case 'ENTERPRISE_PROGRAM_POINTS': {
      const pointsTable = reference('pointsTable', refs.points, 'points table');
      if (code === 'ENTERPRISE_PROGRAM_POINTS' && refs.points.get(pointsTable)?.minimumFromCategory === null) {
        p.add(`${path}.pointsTable`, `"${pointsTable}" has no minimumFromCategory for ENTERPRISE_PROGRAM_POINTS to check`);
      }
      return { ...base, code, pointsTable };
    }
    case 'PROFESSIONAL_ON_STAFF':
    case 'CERTIFIED_INSTRUCTOR_EMPLOYED': {
      const credential = enumAt(o, 'credential', path, p, CREDENTIAL_KINDS) ?? 'PROFESSIONAL';
      return { ...base, code, credential, minPeople: intAt(o, 'minPeople', path, p, 1) };
    }
    case 'SLACK_SUPPORT_CHANNEL':
    case 'RECORDED_DEMO':
    case 'SERVICES_DESCRIPTION':
    case 'SERVICES_FRAMEWORK_ALIGNMENT':
    case 'TRAINING_PARTNER_CONTRACT':
    case 'FOCUS_CRITERIA':
    case 'COMMUNITY_CRITERIA': {
      // Evidence parameters default to "one item with the requirement's own code, any date".
      if (o['evidence'] === undefined) return { ...base, code, evidence: { codes: [code], minItems: 1, windowMonths: null } };
      const e = objectAt(o['evidence'], `${path}.evidence`, p, ['codes', 'minItems', 'windowMonths']);
      if (!e) return null;
      const codes = arrayAt(e['codes'], `${path}.evidence.codes`, p).filter((c, i): c is EvidenceCode => {
        if (isEvidenceCode(c)) return true;
        p.add(`${path}.evidence.codes[${i}]`, `unknown evidence code ${JSON.stringify(c)}`);
        return false;
      });
      return {
        ...base,
        code,
        evidence: {
          codes,
          minItems: intAt(e, 'minItems', `${path}.evidence`, p, 1),
          windowMonths: optionalIntAt(e, 'windowMonths', `${path}.evidence`, p, 1),
        },
      };
    }
  }
}

function parseHeadcountTable(value: unknown, path: string, p: Problems): HeadcountTable | null {
  const o = objectAt(value, path, p, ['id', 'name', 'counting', 'tiers']);
  if (!o) return null;
  const id = textAt(o, 'id', path, p);
  if (id && !SLUG.test(id)) p.add(`${path}.id`, `"${id}" must be kebab-case`);
  const name = textAt(o, 'name', path, p);

  let counting: HeadcountCounting | null = null;
  let columns: string[] = [];
  const c = isObject(o['counting']) ? o['counting'] : null;
  if (!c) p.add(`${path}.counting`, 'must be an object');
  else {
    const mode = enumAt(c, 'mode', `${path}.counting`, p, HEADCOUNT_COUNTING_MODES);
    if (mode === 'PRACTITIONER_EQUIVALENT') {
      objectAt(c, `${path}.counting`, p, ['mode', 'weights', 'maxPerPerson']);
      const weights: Partial<Record<CredentialKind, number>> = {};
      const w = objectAt(c['weights'], `${path}.counting.weights`, p, CREDENTIAL_KINDS);
      if (w) {
        for (const kind of CREDENTIAL_KINDS) if (w[kind] !== undefined) weights[kind] = intAt(w, kind, `${path}.counting.weights`, p, 1);
        if (Object.keys(weights).length === 0) p.add(`${path}.counting.weights`, 'must weigh at least one credential kind');
      }
      counting = { mode, weights, maxPerPerson: intAt(c, 'maxPerPerson', `${path}.counting`, p, 1) };
      columns = [PRACTITIONER_EQUIVALENT];
    } else if (mode === 'SEPARATE_COLUMNS') {
      objectAt(c, `${path}.counting`, p, ['mode', 'columns']);
      const list = arrayAt(c['columns'], `${path}.counting.columns`, p).filter((k, i): k is CredentialKind => {
        if (isOneOf(CREDENTIAL_KINDS, k)) return true;
        p.add(`${path}.counting.columns[${i}]`, `unknown credential kind ${JSON.stringify(k)}`);
        return false;
      });
      unique(list, `${path}.counting.columns`, 'column', p);
      counting = { mode, columns: list };
      columns = list;
    }
  }

  const tiers = arrayAt(o['tiers'], `${path}.tiers`, p)
    .map((t, i) => parseTier(t, `${path}.tiers[${i}]`, p, columns))
    .filter((t): t is HeadcountTier => t !== null);
  // Sizes must map to exactly one tier: ascending, starting at 0, each starting right after the
  // previous one ends, and only the last open-ended.
  tiers.forEach((tier, i) => {
    const at = `${path}.tiers[${i}]`;
    if (tier.maxSize !== null && tier.maxSize < tier.minSize) p.add(at, `maxSize ${tier.maxSize} is below minSize ${tier.minSize}`);
    if (i === 0 && tier.minSize !== 0) p.add(at, `the first tier must start at 0 (company size 0 must have a tier); starts at ${tier.minSize}`);
    const previous = tiers[i - 1];
    if (previous) {
      if (previous.maxSize === null) p.add(at, 'follows an open-ended tier (tiers must be sorted ascending)');
      else if (tier.minSize <= previous.maxSize) p.add(at, `minSize ${tier.minSize} overlaps the previous tier (ends ${previous.maxSize}) or is out of order`);
      else if (tier.minSize !== previous.maxSize + 1) p.add(at, `sizes ${previous.maxSize + 1}–${tier.minSize - 1} have no tier`);
    }
    if (i === tiers.length - 1 && tier.maxSize !== null) p.add(at, 'the last tier must be open-ended (maxSize null)');
  });
  return counting ? { id, name, counting, tiers } : null;
}

function parseTier(value: unknown, path: string, p: Problems, columns: string[]): HeadcountTier | null {
  const o = objectAt(value, path, p, ['minSize', 'maxSize', 'required', 'confirmed', 'note']);
  if (!o) return null;
  const minSize = intAt(o, 'minSize', path, p, 0);
  const maxSize = optionalIntAt(o, 'maxSize', path, p, 0);
  const required: Record<string, number> = {};
  const r = isObject(o['required']) ? o['required'] : null;
  if (!r) p.add(`${path}.required`, 'must be an object of column → count');
  else {
    for (const key of Object.keys(r)) if (!columns.includes(key)) p.add(`${path}.required.${key}`, `is not a column of this table (${columns.join(', ')})`);
    for (const column of columns) {
      if (r[column] === undefined) p.add(`${path}.required`, `is missing column ${column}`);
      else required[column] = intAt(r, column, `${path}.required`, p, 0);
    }
  }
  return { minSize, maxSize, required, confirmed: boolAt(o, 'confirmed', path, p, true), note: optionalTextAt(o, 'note', path, p) };
}

function parseOptionalItemSet(value: unknown, path: string, p: Problems): OptionalItemSet | null {
  const o = objectAt(value, path, p, ['id', 'name', 'mustMeet', 'items', 'note']);
  if (!o) return null;
  const id = textAt(o, 'id', path, p);
  if (id && !SLUG.test(id)) p.add(`${path}.id`, `"${id}" must be kebab-case`);
  const items = arrayAt(o['items'], `${path}.items`, p)
    .map((entry, i): OptionalItemRule | null => {
      const at = `${path}.items[${i}]`;
      const item = objectAt(entry, at, p, ['code', 'summary', 'minItems', 'windowMonths']);
      if (!item) return null;
      if (!isOptionalItemCode(item['code'])) {
        p.add(`${at}.code`, `unknown optional item code ${JSON.stringify(item['code'])}; known codes: ${OPTIONAL_ITEM_CODES.join(', ')}`);
        return null;
      }
      return {
        code: item['code'],
        summary: textAt(item, 'summary', at, p),
        minItems: intAt(item, 'minItems', at, p, 1),
        windowMonths: optionalIntAt(item, 'windowMonths', at, p, 1),
      };
    })
    .filter((x): x is OptionalItemRule => x !== null);
  unique(items.map((i) => i.code), `${path}.items`, 'item code', p);
  const mustMeet = intAt(o, 'mustMeet', path, p, 1);
  if (items.length > 0 && mustMeet > items.length) p.add(`${path}.mustMeet`, `${mustMeet} is more than the ${items.length} items listed`);
  return { id, name: textAt(o, 'name', path, p), mustMeet, items, note: optionalTextAt(o, 'note', path, p) };
}

function parsePointsTable(value: unknown, path: string, p: Problems): PointsTable | null {
  const o = objectAt(value, path, p, ['id', 'name', 'threshold', 'minimumFromCategory', 'categories']);
  if (!o) return null;
  const id = textAt(o, 'id', path, p);
  if (id && !SLUG.test(id)) p.add(`${path}.id`, `"${id}" must be kebab-case`);
  const categories = arrayAt(o['categories'], `${path}.categories`, p)
    .map((c, i) => parsePointsCategory(c, `${path}.categories[${i}]`, p))
    .filter((c): c is PointsCategory => c !== null);
  unique(categories.map((c) => c.code), `${path}.categories`, 'category code', p);
  // An activity code belongs to one category: recorded activities are matched by code alone.
  unique(categories.flatMap((c) => c.activities.map((a) => a.code)), `${path}.categories`, 'activity code', p);

  const threshold = intAt(o, 'threshold', path, p, 1);
  const reachable = categories.reduce((sum, c) => sum + c.cap, 0);
  if (categories.length > 0 && threshold > reachable) p.add(`${path}.threshold`, `${threshold} cannot be reached: the caps add up to ${reachable}`);

  let minimumFromCategory: PointsTable['minimumFromCategory'] = null;
  if (o['minimumFromCategory'] !== undefined && o['minimumFromCategory'] !== null) {
    const m = objectAt(o['minimumFromCategory'], `${path}.minimumFromCategory`, p, ['category', 'points']);
    if (m) {
      const category = textAt(m, 'category', `${path}.minimumFromCategory`, p);
      const points = intAt(m, 'points', `${path}.minimumFromCategory`, p, 1);
      const target = categories.find((c) => c.code === category);
      if (category && !target) p.add(`${path}.minimumFromCategory.category`, `"${category}" is not a category of this table`);
      else if (target && points > target.cap) p.add(`${path}.minimumFromCategory.points`, `${points} is above the category's cap of ${target.cap}`);
      minimumFromCategory = { category, points };
    }
  }
  return { id, name: textAt(o, 'name', path, p), threshold, minimumFromCategory, categories };
}

function parsePointsCategory(value: unknown, path: string, p: Problems): PointsCategory | null {
  const o = objectAt(value, path, p, ['code', 'name', 'cap', 'activities']);
  if (!o) return null;
  const code = textAt(o, 'code', path, p);
  if (code && !CODE.test(code)) p.add(`${path}.code`, `"${code}" must be SCREAMING_SNAKE_CASE`);
  const activities = arrayAt(o['activities'], `${path}.activities`, p)
    .map((a, i): PointsActivity | null => {
      const at = `${path}.activities[${i}]`;
      const act = objectAt(a, at, p, ['code', 'name', 'points', 'counting', 'credential', 'windowMonths', 'requiresValidation']);
      if (!act) return null;
      if (!isEnterpriseActivityCode(act['code'])) {
        p.add(`${at}.code`, `unknown activity code ${JSON.stringify(act['code'])}; known codes: ${ENTERPRISE_ACTIVITY_CODES.join(', ')}`);
        return null;
      }
      const counting = enumAt(act, 'counting', at, p, ACTIVITY_COUNTING_MODES) ?? 'ONCE';
      let credential: CredentialKind | null = null;
      if (counting === 'PER_PERSON_WITH_CREDENTIAL') credential = enumAt(act, 'credential', at, p, CREDENTIAL_KINDS);
      else if (act['credential'] !== undefined && act['credential'] !== null) p.add(`${at}.credential`, 'only PER_PERSON_WITH_CREDENTIAL activities name a credential');
      const windowMonths = optionalIntAt(act, 'windowMonths', at, p, 1);
      const requiresValidation = boolAt(act, 'requiresValidation', at, p, false);
      if (counting === 'PER_PERSON_WITH_CREDENTIAL' && (windowMonths !== null || requiresValidation)) {
        p.add(at, 'a per-person credential row is judged by the credential itself; windowMonths and requiresValidation do not apply');
      }
      return {
        code: act['code'],
        name: textAt(act, 'name', at, p),
        points: intAt(act, 'points', at, p, 1),
        counting,
        credential,
        windowMonths,
        requiresValidation,
      };
    })
    .filter((a): a is PointsActivity => a !== null);
  return { code, name: textAt(o, 'name', path, p), cap: intAt(o, 'cap', path, p, 1), activities };
}
