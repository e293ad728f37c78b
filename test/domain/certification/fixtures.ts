import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CredentialKind } from '../../../src/domain/membership/membership';
import { evaluateCertification } from '../../../src/domain/certification/evaluate-certification';
import type {
  ActivityFact,
  CredentialFact,
  Evaluation,
  EvidenceFact,
  OrganizationFacts,
  PersonFact,
  RequirementResult,
} from '../../../src/domain/certification/evaluation-types';
import { parseRulebook } from '../../../src/domain/certification/parse-rulebook';
import type { Rulebook } from '../../../src/domain/certification/rulebook';
import type { CertificationKind } from '../../../src/domain/certification/vocabulary';

// Shared builders for the certification rule tables. The shipped seed rulebooks are read from disk
// (not copied) so the tests exercise exactly the data the product ships.

export const SEEDS_DIR = path.resolve(__dirname, '../../../seeds/certifications');
export const AS_OF = '2025-06-30';

export function readSeed(slug: string): unknown {
  return JSON.parse(readFileSync(path.join(SEEDS_DIR, `${slug}.json`), 'utf8')) as unknown;
}

const cache = new Map<string, Rulebook>();
export function loadProgram(slug: '2023' | '2025'): Rulebook {
  let program = cache.get(slug);
  if (!program) {
    program = parseRulebook(`seeds/certifications/${slug}.json`, readSeed(slug));
    cache.set(slug, program);
  }
  return program;
}

export function credential(kind: CredentialKind, awardedOn = '2024-01-01', expiresOn: string | null = null): CredentialFact {
  return { kind, awardedOn, expiresOn };
}

export function person(
  held: (CredentialKind | CredentialFact)[],
  employment: { employedFrom?: string | null; employedUntil?: string | null } = {},
): PersonFact {
  return {
    employedFrom: employment.employedFrom ?? null,
    employedUntil: employment.employedUntil ?? null,
    credentials: held.map((c) => (typeof c === 'string' ? credential(c) : c)),
  };
}

/** `count` separate people, each holding `held`. */
export function staff(count: number, held: CredentialKind[]): PersonFact[] {
  return Array.from({ length: count }, () => person(held));
}

export function evidence(code: string, date = AS_OF, status: EvidenceFact['status'] = 'VETTED'): EvidenceFact {
  return { code, date, status };
}

export function activity(code: string, date = AS_OF, validated = true): ActivityFact {
  return { code, date, validated };
}

export function facts(overrides: Partial<OrganizationFacts> = {}): OrganizationFacts {
  return {
    companySize: 50,
    finopsMembership: 'PREMIER',
    linuxFoundationMember: true,
    people: [],
    evidence: [],
    activities: [],
    coverage: null,
    coveredCapabilities: [],
    targetCapabilities: [],
    ...overrides,
  };
}

export function evaluate(
  slug: '2023' | '2025',
  kind: CertificationKind,
  overrides: Partial<OrganizationFacts> = {},
  asOf = AS_OF,
  edition?: string,
): Evaluation {
  const program = loadProgram(slug);
  return evaluateCertification({ program, kind, asOf, edition: edition ?? program.frameworkEdition, facts: facts(overrides) });
}

export function requirement(evaluation: Evaluation, code: string): RequirementResult {
  const found = evaluation.requirements.find((r) => r.code === code);
  if (!found) throw new Error(`${code} not in ${evaluation.requirements.map((r) => r.code).join(', ')}`);
  return found;
}

/** Evidence that meets 3 of the 6 community items (the 2023 optional list). */
export const THREE_COMMUNITY_ITEMS: EvidenceFact[] = [
  evidence('OPEN_SOURCE_MATERIALS', '2025-03-01'),
  evidence('OPEN_SOURCE_MATERIALS', '2025-05-01'),
  evidence('FOCUS_PARTICIPATION', '2023-01-01'),
  evidence('TAC_OR_BOARD_SEAT', '2022-01-01'),
];

/** Facts that satisfy every requirement of the kind, so a test can break exactly one thing. */
export function eligibleFacts(slug: '2023' | '2025', kind: CertificationKind): Partial<OrganizationFacts> {
  // 2025, fewer than 100: Platform 5/1/2, Service Provider 5/1/3.
  const people =
    slug === '2023'
      ? staff(3, ['PRACTITIONER'])
      : [...staff(5, ['PRACTITIONER']), person(['PROFESSIONAL', 'FOCUS_ANALYST']), ...staff(2, ['FOCUS_ANALYST'])];
  const base: Partial<OrganizationFacts> = {
    companySize: 50,
    people,
    coverage: { domains: { covered: 3, total: 4 }, capabilities: { covered: 12, total: 22 }, meetsMost: true },
    coveredCapabilities: ['anomaly-management', 'forecasting'],
    targetCapabilities: ['anomaly-management'],
  };
  const codes = [
    'SLACK_SUPPORT_CHANNEL',
    'RECORDED_DEMO',
    'SERVICES_DESCRIPTION',
    'SERVICES_FRAMEWORK_ALIGNMENT',
    'TRAINING_PARTNER_CONTRACT',
    'FOCUS_CRITERIA',
    'COMMUNITY_CRITERIA',
  ];
  base.evidence = [...codes.map((c) => evidence(c, '2025-01-15')), ...THREE_COMMUNITY_ITEMS];
  if (kind === 'SERVICE_PROVIDER' && slug === '2023') base.people = [...staff(2, ['PRACTITIONER']), person(['PROFESSIONAL'])];
  if (kind === 'TRAINING_PARTNER') base.people = [...staff(3, ['PRACTITIONER']), person(['INSTRUCTOR'])];
  if (kind === 'ENTERPRISE') {
    base.people = [...staff(2, ['PROFESSIONAL']), ...staff(3, ['PRACTITIONER'])]; // Training 50 (capped) + headcount 13
    base.activities = [
      activity('PROGRAM_OVERVIEW_INTERVIEW', '2024-02-01'),
      activity('LESSONS_LEARNED_STORY', '2024-03-01'),
      activity('FINOPS_ASSESSMENT', '2025-01-01'),
      activity('LEAD_WORKING_GROUP', '2024-05-01'),
      activity('USES_CERTIFIED_PLATFORM', '2024-05-01'), // 50 + 25 + 20 + 15 = 110
    ];
  }
  return base;
}
