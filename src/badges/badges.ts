import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import {
  awardIdOfCredential,
  type AwardFacts,
  type BadgeReason,
  badgeLinks,
  credentialClaims,
  judgeCredential,
  openBadgeCredential,
  STATUS_LIST_SIZE,
  statusListCredential,
} from '../domain/badges/open-badge';
import { selectAwardFacts, selectStatusList } from './badge.repository';
import { BadgeTokenError, type BadgeKeyring, createBadgeKeyring } from './keys';

// Issuing and checking badges, for the certification subgraph (award.badge, verifyBadge) and the
// gateway's routes (JWKS, /badges/…, the status list, the directory). One keyring per process.

interface BadgeRuntime {
  keyring: Promise<BadgeKeyring>;
  /** PUBLIC_URL, or the gateway's own URL (updated once the gateway listens). */
  baseUrl: string;
  fromConfig: boolean;
}

let runtime: BadgeRuntime | null = null;

/** Sets up this process's keyring (idempotent: a second app in the same process keeps the first keys). */
export function configureBadges(config: AppConfig, logger: Logger): void {
  if (runtime) return;
  const keyring = createBadgeKeyring(config.badges, { env: config.env, dataDir: config.dataDir, logger });
  keyring.catch(() => undefined);
  runtime = {
    keyring,
    baseUrl: config.badges.publicUrl ?? `http://localhost:${config.port}`,
    fromConfig: config.badges.publicUrl !== undefined,
  };
}

/** Without PUBLIC_URL, badges name the gateway's own address once it is known (port 0 picks a free one). */
export function useGatewayUrlForBadges(gatewayUrl: string): void {
  if (runtime && !runtime.fromConfig) runtime.baseUrl = gatewayUrl.replace(/\/graphql$/, '');
}

function current(): BadgeRuntime {
  if (!runtime) throw new Error('Badges are not configured in this process (configureBadges)');
  return runtime;
}

export const badgeKeyring = (): Promise<BadgeKeyring> => current().keyring;
export const badgeBaseUrl = (): string => current().baseUrl;

export interface IssuedBadge {
  jwt: string;
  url: string;
  imageUrl: string;
  verificationUrl: string;
  credential: Record<string, unknown>;
}

/** The award's credential, signed. Ed25519 signatures are deterministic: the same award gives the same JWT. */
export async function issueBadge(facts: AwardFacts): Promise<IssuedBadge> {
  const base = badgeBaseUrl();
  const keyring = await badgeKeyring();
  const credential = openBadgeCredential(facts, base);
  const jwt = await keyring.sign({ ...credential, ...credentialClaims(credential) });
  const links = badgeLinks(base, facts.id);
  return { jwt, url: links.jwt, imageUrl: links.image, verificationUrl: links.page, credential };
}

export interface BadgeCheck {
  valid: boolean;
  reason: BadgeReason | null;
  /** The award the badge names, when the signature is ours and it still exists. */
  award: AwardFacts | null;
  /** The outcome in words, for people. */
  message: string;
  kid: string | null;
}

const REASON_WORDS: Record<BadgeReason, string> = {
  BAD_SIGNATURE: 'The signature does not check out against the published keys: the badge was altered or not issued here.',
  MALFORMED: 'This is not a badge credential (a signed vc+jwt Open Badge).',
  EXPIRED: 'The certification has expired.',
  NOT_YET_VALID: 'The certification is not valid yet.',
  REVOKED: 'The Foundation revoked this certification.',
  UNKNOWN_AWARD: 'The signature is genuine but the award it names is not on record.',
};

/** Far above any badge (a few KB); a longer string is not parsed at all. */
const MAX_BADGE_JWT_LENGTH = 65_536;

/** Never throws for a bad token: every failure is a reason. */
export async function checkBadge(em: EntityManager, jwt: string, now = new Date()): Promise<BadgeCheck> {
  const fail = (reason: BadgeReason, award: AwardFacts | null = null, detail?: string, kid: string | null = null): BadgeCheck => ({
    valid: false,
    reason,
    award,
    message: detail ? `${REASON_WORDS[reason]} ${detail}` : REASON_WORDS[reason],
    kid,
  });
  if (jwt.length > MAX_BADGE_JWT_LENGTH) return fail('MALFORMED', null, 'The token is far longer than any badge.');
  const keyring = await badgeKeyring();
  let verified: { payload: Uint8Array; kid: string | undefined };
  try {
    verified = await keyring.verify(jwt.trim());
  } catch (err) {
    if (err instanceof BadgeTokenError) return fail(err.reason, null, err.message);
    throw err;
  }
  const kid = verified.kid ?? null;
  let credential: Record<string, unknown>;
  try {
    credential = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    return fail('MALFORMED', null, 'The payload is not JSON.', kid);
  }
  const types = Array.isArray(credential?.type) ? credential.type : [];
  if (!types.includes('OpenBadgeCredential')) return fail('MALFORMED', null, 'The credential is not an OpenBadgeCredential.', kid);
  const awardId = awardIdOfCredential(credential.id);
  if (!awardId) return fail('MALFORMED', null, 'The credential id names no award.', kid);
  const [award] = await selectAwardFacts(em, [awardId]);
  if (!award) return fail('UNKNOWN_AWARD', null, undefined, kid);
  const reason = judgeCredential(credential, award, now);
  if (reason) return fail(reason, award, undefined, kid);
  return { valid: true, reason: null, award, message: 'Valid: genuine, current and not revoked.', kid };
}

// Signed status lists, cached per list and per set of revoked entries: a revocation changes the set,
// so the next request signs a new list; until then every request gets the same bytes.
const statusListCache = new Map<number, { key: string; jwt: string }>();

/** The signed BitstringStatusListCredential of list `list` (1-based), or null when there is no such list. */
export async function statusListJwt(em: EntityManager, list: number): Promise<string | null> {
  const { exists, revoked } = await selectStatusList(em, list, STATUS_LIST_SIZE);
  if (!exists) return null;
  const keyring = await badgeKeyring();
  const key = `${badgeBaseUrl()}|${keyring.kid}|${revoked.join(',')}`;
  const cached = statusListCache.get(list);
  if (cached?.key === key) return cached.jwt;
  const credential = statusListCredential(badgeBaseUrl(), list, revoked, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const jwt = await keyring.sign({ ...credential, ...credentialClaims(credential) });
  statusListCache.set(list, { key, jwt });
  return jwt;
}
