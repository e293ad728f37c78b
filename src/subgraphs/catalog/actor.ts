import type { Viewer } from '../../graphql/context';

/**
 * The identity recorded as proposedBy/reviewedBy: the subject of the caller's token, as verified by
 * the gateway; this is the one place that decides it.
 */
export function actingIdentity(viewer: Viewer | null): string {
  return viewer?.id ?? 'anonymous';
}
