import { DomainError } from '../errors';
import type { Role, Viewer } from './roles';

// Who may do what. Services call these before they write or reveal anything; the rules live here
// once, as plain functions, so the access-matrix tests can walk them and every subgraph agrees.
//
// - Anonymous callers and other vendors read only public, approved things.
// - A VENDOR writes its own organization's products, features, mappings, evidence and applications,
//   and sees its own drafts, private mappings and evaluations.
// - A REVIEWER (Foundation staff) reviews mappings, vets evidence and applications, and sees everything.
// - The TAC decides applications (approve / reject) and sees everything.
// - An ADMIN manages organizations, people and credentials (and reference data) and sees everything.

export function hasRole(viewer: Viewer | null, ...roles: Role[]): viewer is Viewer {
  return viewer !== null && roles.includes(viewer.role);
}

/** Foundation roles see private and unapproved data of every organization. */
export function seesEverything(viewer: Viewer | null): boolean {
  return hasRole(viewer, 'REVIEWER', 'TAC', 'ADMIN');
}

/** May this viewer see what an organization keeps private (drafts, private mappings, evaluations)? */
export function seesPrivateOf(viewer: Viewer | null, organizationId: string): boolean {
  return seesEverything(viewer) || (hasRole(viewer, 'VENDOR') && viewer.organizationId === organizationId);
}

/** May this viewer write an organization's catalog and certification data (products … applications)? */
export function writesFor(viewer: Viewer | null, organizationId: string): boolean {
  return hasRole(viewer, 'VENDOR') && viewer.organizationId === organizationId;
}

function refuse(viewer: Viewer | null, what: string): never {
  if (!viewer) throw new DomainError('UNAUTHENTICATED', `Sign in to ${what}`);
  throw new DomainError('FORBIDDEN', `A ${viewer.role} may not ${what}`);
}

export function assertWritesFor(viewer: Viewer | null, organizationId: string, what: string): asserts viewer is Viewer {
  if (!writesFor(viewer, organizationId)) refuse(viewer, what);
}

export function assertRole(viewer: Viewer | null, roles: Role[], what: string): asserts viewer is Viewer {
  if (!hasRole(viewer, ...roles)) refuse(viewer, what);
}

/**
 * A subject as four eyes compares it: Unicode NFKC (full-width and compatibility forms folded),
 * surrounding white space dropped, case folded. "Alice", "alice " and "ＡＬＩＣＥ" are one person.
 */
export function normalizeSubject(subject: string): string {
  return subject.normalize('NFKC').trim().toUpperCase().toLowerCase();
}

export function sameSubject(a: string, b: string): boolean {
  return normalizeSubject(a) === normalizeSubject(b);
}

/** Did this viewer propose it, whatever the case or width of their subject? (Four eyes forbids approving it; the review queue flags it.) */
export function isOwnProposal(viewer: Viewer, proposedBy: string | null): boolean {
  return proposedBy !== null && sameSubject(proposedBy, viewer.id);
}

/** Four eyes: nobody approves what they proposed themselves. */
export function assertNotOwnProposal(viewer: Viewer, proposedBy: string | null): void {
  if (isOwnProposal(viewer, proposedBy)) {
    throw new DomainError('FORBIDDEN', 'A reviewer may not approve a mapping they proposed (four eyes)');
  }
}
