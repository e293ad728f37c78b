import type { CryptoKey, JWK } from 'jose' with { 'resolution-mode': 'import' };
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { BadgeJwk, BadgeSettings } from '../config/env';
import { VC_JWT_TYP } from '../domain/badges/open-badge';

// The keys badges are signed with. The current private key comes from BADGE_SIGNING_KEY; without it
// a development process generates one on first start and keeps it in DATA_DIR (owner-only, 0600), so
// badges survive restarts; a test process makes one up in memory. Production refuses to start
// without BADGE_SIGNING_KEY (config). The JWKS publishes the current public key and every previous
// one (BADGE_PREVIOUS_PUBLIC_KEYS), each with its kid, so badges signed before a rotation verify.

const jose = () => import('jose');

export const DEVELOPMENT_KEY_FILE = 'badge-signing-key.jwk';
export type BadgeAlgorithm = 'EdDSA' | 'ES256';
const ALGORITHMS: BadgeAlgorithm[] = ['EdDSA', 'ES256'];

/** Why a JWT is not one of ours: the key or signature does not check out, or the token is not a JWS at all. */
export class BadgeTokenError extends Error {
  constructor(
    readonly reason: 'BAD_SIGNATURE' | 'MALFORMED',
    message: string,
  ) {
    super(message);
  }
}

export interface BadgeKeyring {
  kid: string;
  alg: BadgeAlgorithm;
  /** Where the signing key came from. */
  source: 'configuration' | 'data-dir' | 'generated-in-memory';
  /** The public keys (current first), as GET /.well-known/jwks.json serves them. */
  jwks: { keys: JWK[] };
  /**
   * The current private key as BADGE_SIGNING_KEY would give it: only for the all-in-one mode's child
   * processes (passed in their environment), so every process signs with the key the gateway publishes.
   */
  signingKeyJson(): string;
  /** Signs a payload as a compact JWS with typ vc+jwt, alg and kid in the protected header. */
  sign(payload: Record<string, unknown>): Promise<string>;
  /** Checks a compact JWS against the published keys (signature only: no claims); returns the payload's bytes. */
  verify(jwt: string): Promise<{ payload: Uint8Array; kid: string | undefined }>;
}

const algorithmOf = (jwk: BadgeJwk | JWK): BadgeAlgorithm => (jwk.kty === 'OKP' ? 'EdDSA' : 'ES256');

function publicPart(jwk: BadgeJwk | JWK): JWK {
  const { d: _d, ...rest } = jwk as Record<string, unknown>;
  return rest as JWK;
}

async function withKid(jwk: BadgeJwk | JWK): Promise<JWK> {
  const { calculateJwkThumbprint } = await jose();
  const kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : await calculateJwkThumbprint(publicPart(jwk) as JWK);
  return { ...(jwk as JWK), kid, alg: algorithmOf(jwk) };
}

/** The development key in DATA_DIR: read it, or create it once (exclusively, so concurrent starts agree), mode 0600. */
async function developmentKey(dataDir: string, logger: Logger): Promise<JWK> {
  const file = path.join(dataDir, DEVELOPMENT_KEY_FILE);
  await fs.mkdir(dataDir, { recursive: true });
  try {
    const { generateKeyPair, exportJWK } = await jose();
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await withKid(await exportJWK(privateKey));
    await fs.writeFile(file, `${JSON.stringify(jwk)}\n`, { flag: 'wx', mode: 0o600 });
    logger.info({ file, kid: jwk.kid }, 'badge signing key generated (development); set BADGE_SIGNING_KEY in production');
    return jwk;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stat = await fs.stat(file);
  // A key others can read is not a secret any more: say so, and close it.
  if ((stat.mode & 0o077) !== 0) {
    logger.warn({ file, mode: (stat.mode & 0o777).toString(8) }, 'badge signing key was readable by others; permissions set to 0600');
    await fs.chmod(file, 0o600);
  }
  return withKid(JSON.parse(await fs.readFile(file, 'utf8')) as JWK);
}

async function inMemoryKey(): Promise<JWK> {
  const { generateKeyPair, exportJWK } = await jose();
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return withKid(await exportJWK(privateKey));
}

export async function createBadgeKeyring(
  settings: BadgeSettings,
  options: { env: 'development' | 'production' | 'test'; dataDir: string; logger: Logger },
): Promise<BadgeKeyring> {
  const { importJWK, CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader } = await jose();
  let source: BadgeKeyring['source'];
  let current: JWK;
  if (settings.signingKey) {
    source = 'configuration';
    current = await withKid(settings.signingKey);
  } else if (options.env === 'test') {
    source = 'generated-in-memory';
    current = await inMemoryKey();
  } else if (options.env === 'development') {
    source = 'data-dir';
    current = await developmentKey(options.dataDir, options.logger);
  } else {
    throw new Error('BADGE_SIGNING_KEY is required in production');
  }
  const alg = algorithmOf(current);
  const kid = current.kid!;
  const privateKey = (await importJWK(current, alg)) as CryptoKey;
  const previous = await Promise.all(settings.previousPublicKeys.map(withKid));
  const keys = [publicPart(current), ...previous.filter((k) => k.kid !== kid)].map((k) => ({ ...k, use: 'sig' }));
  const keySet = createLocalJWKSet({ keys });
  return {
    kid,
    alg,
    source,
    jwks: { keys },
    signingKeyJson: () => JSON.stringify(current),
    async sign(payload) {
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, kid, typ: VC_JWT_TYP }).sign(privateKey);
    },
    async verify(jwt) {
      let header: { alg?: string; typ?: string; kid?: string };
      try {
        header = decodeProtectedHeader(jwt);
      } catch {
        throw new BadgeTokenError('MALFORMED', 'Not a compact JWS: three base64url parts with a JSON header');
      }
      if (jwt.split('.').length !== 3) throw new BadgeTokenError('MALFORMED', 'Not a compact JWS: three base64url parts with a JSON header');
      if (header.typ !== VC_JWT_TYP)
        throw new BadgeTokenError('MALFORMED', `The header's typ is ${JSON.stringify(header.typ ?? null)}, not "${VC_JWT_TYP}"`);
      try {
        const { payload } = await compactVerify(jwt, keySet, { algorithms: ALGORITHMS });
        return { payload, kid: header.kid };
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ERR_JWS_INVALID') throw new BadgeTokenError('MALFORMED', 'Not a well-formed JWS');
        if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') {
          throw new BadgeTokenError('BAD_SIGNATURE', `Signed with a key this issuer does not publish (kid ${JSON.stringify(header.kid ?? null)})`);
        }
        if (code === 'ERR_JOSE_ALG_NOT_ALLOWED')
          throw new BadgeTokenError('BAD_SIGNATURE', `alg ${header.alg} is not one badges are signed with (EdDSA, ES256)`);
        throw new BadgeTokenError('BAD_SIGNATURE', 'The signature does not match the content');
      }
    },
  };
}
