import { gunzipSync, gzipSync } from 'node:zlib';
import type { CertificationKind } from '../certification';

// Open Badges 3.0 credentials (W3C Verifiable Credentials Data Model 2.0) for certification awards,
// and the W3C Bitstring Status List that publishes their revocation. Pure: facts and a public base
// URL in, JSON out; signing is src/badges' business.

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The JOSE `typ` of a credential secured as a JWT (VC-JOSE-COSE), and its media type. */
export const VC_JWT_TYP = 'vc+jwt';
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';
/** Entries per status list: 16 KiB of bits, the minimum the Bitstring Status List spec sets (group privacy). */
export const STATUS_LIST_SIZE = 131_072;
export const ISSUER_NAME = 'FinOps Foundation';

/** The kinds as the directory names them (programs name them the same way). */
export const KIND_NAMES: Record<CertificationKind, string> = {
  PLATFORM: 'FinOps Certified Platform',
  SPECIALTY_SOLUTION: 'FinOps Certified Specialty Solution',
  SERVICE_PROVIDER: 'FinOps Certified Service Provider',
  TRAINING_PARTNER: 'FinOps Certified Training Partner',
  ENTERPRISE: 'FinOps Certified Enterprise',
};

/** What a badge says about an award (one row of the badge repository). */
export interface AwardFacts {
  id: string;
  kind: CertificationKind;
  /** The program's name for the kind ("FinOps Certified Platform"). */
  kindName: string;
  program: string;
  edition: string;
  organizationId: string;
  organizationName: string;
  productId: string | null;
  productName: string | null;
  issuedOn: string;
  /** Exclusive: the first day the award is no longer valid. */
  expiresOn: string;
  statusListIndex: number;
  /** The day a revocation took effect; null when never revoked. */
  revokedOn: string | null;
}

export type AwardStatus = 'VALID' | 'NOT_YET_VALID' | 'EXPIRED' | 'REVOKED';

/** Where an award stands on `date` (ISO day): a revocation wins over the dates. */
export function awardStatusOn(award: { issuedOn: string; expiresOn: string; revokedOn?: string | null }, date: string): AwardStatus {
  if (award.revokedOn && award.revokedOn <= date) return 'REVOKED';
  if (date < award.issuedOn) return 'NOT_YET_VALID';
  if (date >= award.expiresOn) return 'EXPIRED';
  return 'VALID';
}

/** The last day an award is valid (the day before its exclusive expiry). */
export function lastValidDay(expiresOn: string): string {
  return new Date(Date.parse(`${expiresOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export interface BadgeLinks {
  /** The credential's id and its human verification page. */
  page: string;
  jwt: string;
  image: string;
}

export function badgeLinks(base: string, awardId: string): BadgeLinks {
  const page = `${base}/badges/${awardId}`;
  return { page, jwt: `${page}.jwt`, image: `${page}.svg` };
}

/** The award id a credential id (`…/badges/<uuid>`) names, or null. */
export function awardIdOfCredential(credentialId: unknown): string | null {
  if (typeof credentialId !== 'string') return null;
  const m = /\/badges\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(credentialId);
  return m ? m[1].toLowerCase() : null;
}

export function statusListUrl(base: string, list: number): string {
  return `${base}/badges/status/${list}`;
}

/** Which list (1-based) and which entry of it an award's status list index falls on. */
export function statusListPosition(index: number): { list: number; entry: number } {
  return { list: Math.floor(index / STATUS_LIST_SIZE) + 1, entry: index % STATUS_LIST_SIZE };
}

export interface IssuerProfile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
}

export function issuerProfile(base: string): IssuerProfile {
  return { id: `${base}/issuer`, type: ['Profile'], name: ISSUER_NAME, url: `${base}/directory` };
}

const dayStart = (day: string) => `${day}T00:00:00Z`;

/** The Open Badges 3.0 OpenBadgeCredential of an award, unsigned. */
export function openBadgeCredential(award: AwardFacts, base: string): Record<string, unknown> {
  const links = badgeLinks(base, award.id);
  const { list, entry } = statusListPosition(award.statusListIndex);
  const listUrl = statusListUrl(base, list);
  const forWhat = award.productName ? `${award.organizationName} for its product ${award.productName}` : award.organizationName;
  const subjectId = `urn:uuid:${award.organizationId}`;
  return {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id: links.page,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${award.kindName}: ${forWhat}`,
    issuer: issuerProfile(base),
    validFrom: dayStart(award.issuedOn),
    validUntil: dayStart(award.expiresOn),
    credentialSubject: {
      id: subjectId,
      type: ['AchievementSubject'],
      achievement: {
        id: `${base}/achievements/${award.program}/${award.kind}`,
        type: ['Achievement'],
        achievementType: 'Certification',
        name: award.kindName,
        description:
          `${ISSUER_NAME} certification "${award.kindName}" (${award.kind}) under certification program ${award.program}, ` +
          `evaluated against FinOps Framework edition ${award.edition}.`,
        criteria: {
          narrative:
            `Met every requirement of the ${award.kind} certification of program ${award.program} (FinOps Framework ${award.edition}), ` +
            `reviewed by Foundation staff and approved by the Technical Advisory Council. Awarded to ${forWhat}.`,
        },
        tag: [award.kind, `program-${award.program}`, `framework-${award.edition}`],
      },
      // Issuer-dependent terms (VC 2.0's @vocab): the certified organization and, for product kinds, the product.
      organization: { id: subjectId, name: award.organizationName },
      ...(award.productId ? { product: { id: `urn:uuid:${award.productId}`, name: award.productName } } : {}),
      certification: { kind: award.kind, program: award.program, frameworkEdition: award.edition },
    },
    credentialStatus: {
      id: `${listUrl}#${entry}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(entry),
      statusListCredential: listUrl,
    },
  };
}

/** JWT claims VC-JOSE-COSE allows beside the credential, matching it, so plain JWT libraries check the dates too. */
export function credentialClaims(credential: Record<string, unknown>): Record<string, unknown> {
  const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);
  const issuer = credential.issuer as { id: string };
  const subject = credential.credentialSubject as { id?: string };
  return {
    iss: issuer.id,
    jti: credential.id,
    ...(subject.id ? { sub: subject.id } : {}),
    iat: seconds(credential.validFrom),
    nbf: seconds(credential.validFrom),
    ...(credential.validUntil ? { exp: seconds(credential.validUntil) } : {}),
  };
}

/** A BitstringStatusListCredential (revocation) listing the revoked entries of one list, unsigned. */
export function statusListCredential(base: string, list: number, revokedEntries: Iterable<number>, validFrom: string): Record<string, unknown> {
  const url = statusListUrl(base, list);
  return {
    '@context': [VC_CONTEXT_V2],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerProfile(base),
    validFrom,
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(revokedEntries),
    },
  };
}

/**
 * The spec's encoding: a bitstring of `size` bits, entry 0 the left-most (most significant) bit of the
 * first byte, GZIP-compressed, then multibase base64url without padding ("u" prefix).
 */
export function encodeStatusList(setEntries: Iterable<number>, size = STATUS_LIST_SIZE): string {
  const bits = Buffer.alloc(size / 8);
  for (const i of setEntries) {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new RangeError(`status list entry ${i} is outside 0..${size - 1}`);
    bits[i >> 3] |= 0x80 >> (i & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The inverse of encodeStatusList: the raw bitstring. */
export function decodeStatusList(encodedList: string): Buffer {
  if (!encodedList.startsWith('u')) throw new Error('encodedList must be multibase base64url ("u" prefix)');
  return gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
}

export function isEntrySet(bits: Buffer, entry: number): boolean {
  return (bits[entry >> 3] & (0x80 >> (entry & 7))) !== 0;
}

export const BADGE_REASONS = ['BAD_SIGNATURE', 'MALFORMED', 'EXPIRED', 'NOT_YET_VALID', 'REVOKED', 'UNKNOWN_AWARD'] as const;
export type BadgeReason = (typeof BADGE_REASONS)[number];

/**
 * After the signature checked out: the credential's own dates (as signed) and the award's revocation
 * decide. A revocation is reported before the dates: it is the stronger statement.
 */
export function judgeCredential(
  credential: { validFrom?: unknown; validUntil?: unknown },
  award: { revokedOn: string | null },
  now: Date,
): BadgeReason | null {
  const from = Date.parse(String(credential.validFrom));
  const until = credential.validUntil === undefined ? Number.POSITIVE_INFINITY : Date.parse(String(credential.validUntil));
  if (Number.isNaN(from) || Number.isNaN(until)) return 'MALFORMED';
  if (award.revokedOn && award.revokedOn <= now.toISOString().slice(0, 10)) return 'REVOKED';
  if (now.getTime() < from) return 'NOT_YET_VALID';
  if (now.getTime() >= until) return 'EXPIRED';
  return null;
}
