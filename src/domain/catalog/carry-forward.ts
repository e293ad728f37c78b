import { compareRelationStrength, type LineageRelation, type LineageResult } from '../framework/lineage';
import { LIVE_STATUS_PRECEDENCE, type MappingRelationship, type MappingStatus } from './mapping-status';

// Planning CarryMappingsForward: which of a product's mappings in one edition become which mappings
// in a later one. Pure planning; the service loads the inputs, writes the plan (or not, on dryRun)
// and marks supersededSourceIds SUPERSEDED. Following the crosswalk's migration guidance, only
// links that keep the meaning (SAME, RENAME, MOVED_DOMAIN, MERGE) keep a review status; SPLIT and
// RELATED targets are guesses and go back to review as PROPOSED.

export interface CarrySource {
  id: string;
  featureId: string;
  /** Slug in the from-edition. */
  capability: string;
  status: MappingStatus;
  public: boolean;
  relationship: MappingRelationship;
  strength: number | null;
  rationale: string | null;
  evidenceUrl: string | null;
  approvedAt: string | null;
}

export interface ExistingTarget {
  featureId: string;
  /** Slug in the to-edition. */
  capability: string;
  status: MappingStatus;
}

export interface CarryForwardInput {
  sources: CarrySource[];
  /** Lineage of a from-edition capability into the to-edition (see LineageIndex.tracer). */
  lineage: (capabilitySlug: string) => LineageResult[];
  existingTargets: ExistingTarget[];
}

export interface CarriedMapping {
  featureId: string;
  /** Slug in the to-edition. */
  capability: string;
  /** The status to create with, or the existing mapping's status when alreadyPresent. */
  status: MappingStatus;
  /** The relation of the winning source's lineage path. */
  relation: LineageRelation;
  /** Every source that lands here, winner first. */
  sourceMappingIds: string[];
  /** The feature already maps to this capability in the to-edition; nothing is created. */
  alreadyPresent: boolean;
  public: boolean;
  relationship: MappingRelationship;
  strength: number | null;
  rationale: string | null;
  evidenceUrl: string | null;
  /** The winner's approval, kept only when the carried mapping arrives APPROVED. */
  approvedAt: string | null;
}

export interface DroppedMapping {
  sourceMappingId: string;
  featureId: string;
  /** Slug in the from-edition: the capability that has no successor. */
  capability: string;
}

export interface CarryForwardPlan {
  carried: CarriedMapping[];
  dropped: DroppedMapping[];
  /** Every source that reached at least one target (including already present ones). */
  supersededSourceIds: string[];
  /** REJECTED and SUPERSEDED sources: not carried, not dropped, left as they are. */
  skippedSourceIds: string[];
}

/** Relations that carry the capability's meaning over unchanged, so a review stays valid. */
const STATUS_KEEPING: ReadonlySet<LineageRelation> = new Set<LineageRelation>(['SAME', 'RENAME', 'MOVED_DOMAIN', 'MERGE']);

const CARRIED_STATUSES: ReadonlySet<MappingStatus> = new Set<MappingStatus>(LIVE_STATUS_PRECEDENCE);

interface Candidate {
  source: CarrySource;
  status: MappingStatus;
  relation: LineageRelation;
}

export function planCarryForward(input: CarryForwardInput): CarryForwardPlan {
  const existing = new Map<string, MappingStatus>();
  for (const t of input.existingTargets) existing.set(targetKey(t.featureId, t.capability), t.status);

  // Many sources share a capability (one per feature); trace each capability once.
  const traces = new Map<string, LineageResult[]>();
  const traceOf = (slug: string): LineageResult[] => {
    let result = traces.get(slug);
    if (!result) {
      result = input.lineage(slug);
      traces.set(slug, result);
    }
    return result;
  };

  const groups = new Map<string, { featureId: string; capability: string; candidates: Candidate[] }>();
  const dropped: DroppedMapping[] = [];
  const superseded: string[] = [];
  const skipped: string[] = [];

  for (const source of input.sources) {
    if (source.status === 'SUPERSEDED') {
      // Carried by an earlier run: report the targets it reached that are still there (a repeated
      // carry-forward says what is already in the edition instead of answering with nothing).
      const present = traceOf(source.capability).filter(
        (r): r is LineageResult & { capability: string } => r.capability !== null && existing.has(targetKey(source.featureId, r.capability)),
      );
      if (present.length === 0) skipped.push(source.id);
      for (const r of present) {
        const key = targetKey(source.featureId, r.capability);
        const group = groups.get(key) ?? { featureId: source.featureId, capability: r.capability, candidates: [] };
        groups.set(key, group);
        group.candidates.push({ source, status: existing.get(key)!, relation: r.relation });
      }
      continue;
    }
    if (!CARRIED_STATUSES.has(source.status)) {
      skipped.push(source.id);
      continue;
    }
    const reached = traceOf(source.capability).filter(
      (r): r is LineageResult & { capability: string } => r.relation !== 'REMOVED' && r.capability !== null,
    );
    if (reached.length === 0) {
      dropped.push({ sourceMappingId: source.id, featureId: source.featureId, capability: source.capability });
      continue;
    }
    superseded.push(source.id);
    for (const r of reached) {
      const status: MappingStatus = STATUS_KEEPING.has(r.relation) ? source.status : 'PROPOSED';
      const key = targetKey(source.featureId, r.capability);
      let group = groups.get(key);
      if (!group) {
        group = { featureId: source.featureId, capability: r.capability, candidates: [] };
        groups.set(key, group);
      }
      group.candidates.push({ source, status, relation: r.relation });
    }
  }

  const carried: CarriedMapping[] = [];
  for (const [key, group] of groups) {
    const ranked = [...group.candidates].sort(compareCandidates);
    const winner = ranked[0];
    const existingStatus = existing.get(key);
    const status = existingStatus ?? winner.status;
    carried.push({
      featureId: group.featureId,
      capability: group.capability,
      status,
      relation: winner.relation,
      sourceMappingIds: unique(ranked.map((c) => c.source.id)),
      alreadyPresent: existingStatus !== undefined,
      public: winner.source.public,
      relationship: winner.source.relationship,
      strength: winner.source.strength,
      rationale: winner.source.rationale,
      evidenceUrl: winner.source.evidenceUrl,
      approvedAt: status === 'APPROVED' && existingStatus === undefined ? winner.source.approvedAt : null,
    });
  }

  carried.sort((a, b) => compareStrings(a.featureId, b.featureId) || compareStrings(a.capability, b.capability));
  dropped.sort(
    (a, b) =>
      compareStrings(a.featureId, b.featureId) || compareStrings(a.capability, b.capability) || compareStrings(a.sourceMappingId, b.sourceMappingId),
  );
  return {
    carried,
    dropped,
    supersededSourceIds: [...superseded].sort(compareStrings),
    skippedSourceIds: [...skipped].sort(compareStrings),
  };
}

/**
 * Winner first: the most advanced status; then the more faithful lineage path (its attributes
 * were written for a capability closer to the target); then a public source, so collapsing never
 * hides what the vendor already published; then the id, only to be deterministic.
 */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    LIVE_STATUS_PRECEDENCE.indexOf(a.status) - LIVE_STATUS_PRECEDENCE.indexOf(b.status) ||
    compareRelationStrength(a.relation, b.relation) ||
    Number(b.source.public) - Number(a.source.public) ||
    compareStrings(a.source.id, b.source.id)
  );
}

function targetKey(featureId: string, capability: string): string {
  return `${featureId}\u0000${capability}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
