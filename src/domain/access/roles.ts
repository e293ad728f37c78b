// Who may act. Anonymous callers have no viewer at all.

export const ROLES = ['VENDOR', 'REVIEWER', 'TAC', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  /** Stable subject id (the token's `sub`). */
  id: string;
  role: Role;
  /** The organization a VENDOR acts for; null for Foundation roles. */
  organizationId: string | null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
