import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import { isRole, type Role, type Viewer } from '../domain/access/roles';
import { BoundedMap } from '../http/bounded-map';

// Bearer JWTs verified with jose: an HS256 shared secret, or the keys of a JWKS URL. Claims used:
// `sub` (who), `role` (VENDOR | REVIEWER | TAC | ADMIN), `org` (a VENDOR's organization id).

/** Known only to development set-ups; production refuses to start with it (see config). */
export const DEVELOPMENT_SECRET = 'finops-catalog-development-secret-do-not-use-in-production';

export interface AuthSettings {
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
  /** Longest accepted lifetime (exp - iat, and exp - now): AUTH_MAX_TOKEN_LIFETIME. */
  maxTokenLifetimeSeconds: number;
  /** Clock difference tolerated on exp, nbf and iat: AUTH_CLOCK_SKEW. */
  clockSkewSeconds: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90s", "30m", "12h", "7d" (or plain seconds) → seconds; null when it is not such a duration. */
export function parseDuration(text: string | undefined): number | null {
  const m = /^(\d{1,7})\s*([smhd]?)$/.exec((text ?? '').trim());
  if (!m) return null;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] || 's'];
  return seconds > 0 ? seconds : null;
}

export class InvalidTokenError extends Error {}

// jose is published as ES modules only; this package is CommonJS, so it is loaded with import().
const jose = () => import('jose');

export type TokenVerifier = (token: string) => Promise<Viewer>;

/** How many verified tokens are remembered, and for how long at most (see createTokenVerifier). */
export const VERIFIED_TOKENS_MAX = 10_000;
export const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;

export async function createTokenVerifier(settings: AuthSettings): Promise<TokenVerifier> {
  const { jwtVerify, createRemoteJWKSet } = await jose();
  const key = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : new TextEncoder().encode(settings.jwtSecret ?? DEVELOPMENT_SECRET);
  // A token that passed every check passes them again until it expires (nbf, iat and the lifetime
  // checks only get easier as time goes on), so its viewer is remembered, keyed by the whole token
  // string: a request with it skips the signature check until exp (with the same clock skew as
  // jose). An entry is re-verified after VERIFIED_TOKEN_TTL_MS anyway, so a key withdrawn from a
  // JWKS stops working within that time, as with jose's own JWKS cache.
  const verified = new BoundedMap<string, { viewer: Viewer; exp: number; until: number }>(VERIFIED_TOKENS_MAX);
  return async (token) => {
    const known = verified.get(token);
    if (known) {
      const nowMs = Date.now();
      if (known.exp > Math.floor(nowMs / 1000) - settings.clockSkewSeconds && nowMs < known.until) return known.viewer;
      verified.delete(token);
    }
    const { viewer, exp } = await verifyOnce(token);
    verified.set(token, { viewer, exp, until: Date.now() + VERIFIED_TOKEN_TTL_MS });
    return viewer;
  };

  async function verifyOnce(token: string): Promise<{ viewer: Viewer; exp: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.jwksUrl ? undefined : ['HS256'],
        requiredClaims: ['exp'],
        clockTolerance: settings.clockSkewSeconds,
      }));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new InvalidTokenError('The token has expired');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: string }).claim === 'exp') {
        throw new InvalidTokenError('The token has no expiry (claim "exp"); tokens must expire');
      }
      throw new InvalidTokenError('The token is not valid');
    }
    checkLifetime(payload, settings);
    const role = payload.role;
    if (!payload.sub || !isRole(role)) throw new InvalidTokenError('The token needs a subject and a role (VENDOR, REVIEWER, TAC or ADMIN)');
    // A subject is compared normalized (four eyes); one with white space around it is refused outright.
    if (payload.sub !== payload.sub.trim()) throw new InvalidTokenError('The token subject has white space around it');
    const org = typeof payload.org === 'string' ? payload.org : null;
    if (role === 'VENDOR' && !org) throw new InvalidTokenError('A VENDOR token must name its organization (claim "org")');
    return { viewer: { id: payload.sub, role, organizationId: role === 'VENDOR' ? org : null }, exp: payload.exp! };
  }
}

/**
 * A stolen token must not work for long: its remaining life, and its whole life when it says when it
 * was issued, stay within the configured maximum (plus the clock skew); it may not claim to be issued
 * in the future.
 */
function checkLifetime(payload: JWTPayload, settings: AuthSettings): void {
  const now = Math.floor(Date.now() / 1000);
  const limit = settings.maxTokenLifetimeSeconds + settings.clockSkewSeconds;
  const exp = payload.exp!;
  if (typeof payload.iat === 'number' && payload.iat > now + settings.clockSkewSeconds)
    throw new InvalidTokenError('The token is issued in the future');
  if (exp - now > limit || (typeof payload.iat === 'number' && exp - payload.iat > limit)) {
    throw new InvalidTokenError(`The token lives longer than the allowed ${settings.maxTokenLifetimeSeconds} s (AUTH_MAX_TOKEN_LIFETIME)`);
  }
}

/** Mints an HS256 token (development, tests, `npm run token`). */
export async function mintToken(
  claims: { sub: string; role: Role; org?: string | null },
  options: { secret?: string; expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  const { SignJWT } = await jose();
  let jwt = new SignJWT({ role: claims.role, ...(claims.org ? { org: claims.org } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? DEVELOPMENT_SECRET));
}
