import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Viewer } from '../../graphql/context';

/**
 * The identity recorded as proposedBy/reviewedBy: the subject of the caller's token, as verified by
 * the gateway; this is the one place that decides it.
 */
export function actingIdentity(viewer: Viewer | null): string {
  return viewer?.id ?? 'anonymous';
}

/** A unique index refused a row (an entity flush, or raw SQL where PostgreSQL says 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return (
    err instanceof UniqueConstraintViolationException ||
    (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505')
  );
}
