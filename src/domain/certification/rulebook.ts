import { DomainError } from '../errors';
import type { CredentialKind } from '../membership/membership';
import type {
  ActivityCountingMode,
  AwardValidityBasis,
  CertificationKind,
  CoverageRule,
  CredentialOnStaffRequirementCode,
  EnterpriseActivityCode,
  EvidenceCode,
  EvidenceRequirementCode,
  MembershipRequirementCode,
  OptionalItemCode,
} from './vocabulary';

// A certification *program* is a versioned rulebook held as data (seeds/certifications/*.json): the
// Foundation rewrote its certification pages several times, and each rewrite must stay evaluable
// after the next one. Code knows the vocabulary (vocabulary.ts: the requirement codes of the API
// contract and how each is computed); the data says which kinds a program has, which requirements
// each kind lists in which order, and every number and table. This file is the model the evaluator
// reads and its lookups; parse-rulebook.ts is the gate that refuses a rulebook that would make the
// evaluator guess.

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
    throw new DomainError(
      'NOT_FOUND',
      `Unknown certification program "${slug}"; known programs: ${programs.map((p) => p.slug).join(', ')}`,
      'program',
    );
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
