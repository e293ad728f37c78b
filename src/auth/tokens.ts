import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import { isRole, type Role, type Viewer } from '../domain/access/roles';

// Bearer JWTs verified with jose: an HS256 shared secret, or the keys of a JWKS URL. Claims used:
// `sub` (who), `role` (VENDOR | REVIEWER | TAC | ADMIN), `org` (a VENDOR's organization id).

/** Known only to development set-ups; production refuses to start with it (see config). */
export const DEVELOPMENT_SECRET = 'finops-catalog-development-secret-do-not-use-in-production';

export interface AuthSettings {
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
}

export class InvalidTokenError extends Error {}

// jose is published as ES modules only; this package is CommonJS, so it is loaded with import().
const jose = () => import('jose');

export type TokenVerifier = (token: string) => Promise<Viewer>;

export async function createTokenVerifier(settings: AuthSettings): Promise<TokenVerifier> {
  const { jwtVerify, createRemoteJWKSet } = await jose();
  const key = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl))
    : new TextEncoder().encode(settings.jwtSecret ?? DEVELOPMENT_SECRET);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.jwksUrl ? undefined : ['HS256'],
      }));
    } catch (err) {
      throw new InvalidTokenError(err instanceof Error && /expired/i.test(err.message) ? 'The token has expired' : 'The token is not valid');
    }
    const role = payload.role;
    if (!payload.sub || !isRole(role)) throw new InvalidTokenError('The token needs a subject and a role (VENDOR, REVIEWER, TAC or ADMIN)');
    // A subject is compared normalized (four eyes); one with white space around it is refused outright.
    if (payload.sub !== payload.sub.trim()) throw new InvalidTokenError('The token subject has white space around it');
    const org = typeof payload.org === 'string' ? payload.org : null;
    if (role === 'VENDOR' && !org) throw new InvalidTokenError('A VENDOR token must name its organization (claim "org")');
    return { id: payload.sub, role, organizationId: role === 'VENDOR' ? org : null };
  };
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
