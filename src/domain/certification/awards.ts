import { awardStatusOn } from '../badges/open-badge';
import type { CertificationKind } from './vocabulary';

/** Activities that point at another organization's award, and the award kinds each accepts. */
export const AWARD_ACTIVITY_KINDS: Partial<Record<string, readonly CertificationKind[]>> = {
  USES_CERTIFIED_PLATFORM: ['PLATFORM'],
  USED_CERTIFIED_SERVICE_PROVIDER: ['SERVICE_PROVIDER'],
};

/** Valid on `date`: issued on or before it, not yet expired (expiresOn is exclusive), not revoked on or before it. */
export function isAwardValidOn(award: { issuedOn: string; expiresOn: string; revokedOn?: string | null }, date: string): boolean {
  return awardStatusOn(award, date) === 'VALID';
}
