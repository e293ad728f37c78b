import type { CertificationKind } from './rulebook';

/** Activities that point at another organization's award, and the award kinds each accepts. */
export const AWARD_ACTIVITY_KINDS: Partial<Record<string, readonly CertificationKind[]>> = {
  USES_CERTIFIED_PLATFORM: ['PLATFORM'],
  USED_CERTIFIED_SERVICE_PROVIDER: ['SERVICE_PROVIDER'],
};

/** Valid on `date`: issued on or before it and not yet expired (expiresOn is exclusive). */
export function isAwardValidOn(award: { issuedOn: string; expiresOn: string }, date: string): boolean {
  return award.issuedOn <= date && date < award.expiresOn;
}
