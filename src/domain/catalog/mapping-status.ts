// The vocabulary of a feature → capability mapping, shared by the import, carry-forward and review
// rules so that the lists (and the GraphQL enums built from them) cannot drift apart.

export const MAPPING_STATUSES = ['PROPOSED', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'SUPERSEDED'] as const;
export type MappingStatus = (typeof MAPPING_STATUSES)[number];

export function isMappingStatus(value: unknown): value is MappingStatus {
  return typeof value === 'string' && (MAPPING_STATUSES as readonly string[]).includes(value);
}

/**
 * How far review has got, for statuses that are still live. When several mappings collapse into
 * one the most advanced wins: an approval is not lost because a duplicate was still pending.
 * REJECTED and SUPERSEDED are not on this scale; they are never carried.
 */
export const LIVE_STATUS_PRECEDENCE: readonly MappingStatus[] = ['APPROVED', 'CHANGES_REQUESTED', 'PROPOSED'];

export const MAPPING_RELATIONSHIPS = ['EQUIVALENT', 'SUBSET', 'SUPERSET', 'INTERSECTS'] as const;
export type MappingRelationship = (typeof MAPPING_RELATIONSHIPS)[number];

/** The relationship a mapping gets when none is given: the weakest claim. */
export const DEFAULT_MAPPING_RELATIONSHIP: MappingRelationship = 'INTERSECTS';

export function isMappingRelationship(value: unknown): value is MappingRelationship {
  return typeof value === 'string' && (MAPPING_RELATIONSHIPS as readonly string[]).includes(value);
}
