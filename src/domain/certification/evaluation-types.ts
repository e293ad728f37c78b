import type { CredentialKind, MembershipLevel } from '../membership/membership';
import type { CertificationKind, RequirementCode } from './vocabulary';

// The evaluator's input and output. The service layer loads an organization (or takes a what-if
// simulation's inline facts) into OrganizationFacts; nothing here knows where the facts came from,
// which is what lets EvaluateCertification and SimulateCertification share one rule engine.

export type EvidenceStatus = 'UNVETTED' | 'VETTED' | 'REJECTED';

export interface CredentialFact {
  kind: CredentialKind;
  awardedOn: string;
  /** Exclusive: the credential no longer counts on this day. null: never expires. */
  expiresOn: string | null;
}

export interface PersonFact {
  /** null: employed since before any date that matters. */
  employedFrom: string | null;
  /** Inclusive last day of employment; null: still employed. */
  employedUntil: string | null;
  credentials: CredentialFact[];
}

export interface EvidenceFact {
  code: string;
  date: string;
  status: EvidenceStatus;
}

export interface ActivityFact {
  code: string;
  date: string;
  validated: boolean;
}

export interface CoverageCount {
  covered: number;
  total: number;
}

export interface CoverageFacts {
  domains: CoverageCount;
  capabilities: CoverageCount;
  /** Both counts strictly more than half (computed by the coverage module). */
  meetsMost: boolean;
}

export interface OrganizationFacts {
  /** The parent's employee count when the organization has a parent (see companySize()). */
  companySize: number;
  finopsMembership: MembershipLevel | null;
  linuxFoundationMember: boolean;
  people: PersonFact[];
  evidence: EvidenceFact[];
  activities: ActivityFact[];
  /** Coverage of the named product in the evaluated edition; null when no product was named. */
  coverage: CoverageFacts | null;
  /** Capability slugs of the edition covered by the product's approved public mappings. */
  coveredCapabilities: string[];
  /** Capabilities a Specialty Solution application declares as its target. */
  targetCapabilities: string[];
}

export type RequirementStatus = 'MET' | 'NOT_MET' | 'NEEDS_REVIEW';
export type EvaluationOutcome = 'ELIGIBLE' | 'NOT_ELIGIBLE' | 'NEEDS_REVIEW';

export interface RequirementResult {
  code: RequirementCode;
  status: RequirementStatus;
  explanation: string;
  /** What is missing when a number is short ("needs 3 more Practitioner-equivalents"); else null. */
  shortfall: string | null;
}

export interface HeadcountColumn {
  /** PRACTITIONER_EQUIVALENT (one-column tables) or a credential kind. */
  credential: string;
  required: number;
  counted: number;
  shortfall: number;
}

export interface HeadcountResult {
  companySize: number;
  columns: HeadcountColumn[];
}

export interface PointsCategoryResult {
  /** The category code of the program's points table (e.g. DEMONSTRATE_FINOPS_PROGRAM). */
  category: string;
  /** Before the cap. */
  earned: number;
  /** After the cap. */
  counted: number;
  cap: number;
  lostToCap: number;
}

export interface PointsResult {
  /** After caps, validated activities only. */
  total: number;
  /** The minimum-category's points after its cap ("Demonstrate FinOps Program"). */
  programPoints: number;
  categories: PointsCategoryResult[];
}

export interface Evaluation {
  program: string;
  kind: CertificationKind;
  asOf: string;
  edition: string;
  outcome: EvaluationOutcome;
  requirements: RequirementResult[];
  /** Only for kinds that list INDIVIDUAL_CERTIFICATIONS. */
  headcount: HeadcountResult | null;
  /** Only for kinds that list PUBLIC_FEATURE_MAPPING; the facts' coverage as given. */
  coverage: CoverageFacts | null;
  /** Only for kinds whose requirements use a points table. */
  points: PointsResult | null;
}
