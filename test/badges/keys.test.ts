// The badge keyring on its own: the development key kept in DATA_DIR (0600, the same key on the next
// start), a configured ES256 key, and previous keys that stay published after a rotation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createBadgeKeyring, DEVELOPMENT_KEY_FILE } from '../../src/badges/keys';
import type { BadgeJwk } from '../../src/config/env';

const logger = pino({ level: 'silent' });
// jose is ES modules only (this package is CommonJS).
const jose = () => import('jose');
const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'badge-keys-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const none = { signingKey: undefined, previousPublicKeys: [], publicUrl: undefined };

describe('badge keys', () => {
  it('generates the development key once in DATA_DIR, owner-only, and finds it again', async () => {
    const dataDir = tempDir();
    const first = await createBadgeKeyring(none, { env: 'development', dataDir, logger });
    const file = path.join(dataDir, DEVELOPMENT_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toMatchObject({ source: 'data-dir', alg: 'EdDSA' });
    const second = await createBadgeKeyring(none, { env: 'development', dataDir, logger });
    expect(second.kid).toBe(first.kid);
    // Signed by one start, verified by the next.
    const jwt = await first.sign({ hello: 'world' });
    expect(JSON.parse(new TextDecoder().decode((await second.verify(jwt)).payload))).toEqual({ hello: 'world' });

    fs.chmodSync(file, 0o644);
    await createBadgeKeyring(none, { env: 'development', dataDir, logger });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses to make up a key in production', async () => {
    await expect(createBadgeKeyring(none, { env: 'production', dataDir: tempDir(), logger })).rejects.toThrow(/BADGE_SIGNING_KEY/);
  });

  it('signs ES256 with a configured P-256 key and keeps a rotated key published', async () => {
    const { CompactSign, compactVerify, createLocalJWKSet, exportJWK, generateKeyPair } = await jose();
    const current = await generateKeyPair('ES256', { extractable: true });
    const old = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const oldPublic = { ...(await exportJWK(old.publicKey)), kid: 'badges-2025' } as BadgeJwk;
    const keyring = await createBadgeKeyring(
      { signingKey: (await exportJWK(current.privateKey)) as BadgeJwk, previousPublicKeys: [oldPublic], publicUrl: undefined },
      { env: 'production', dataDir: tempDir(), logger },
    );
    expect(keyring).toMatchObject({ source: 'configuration', alg: 'ES256' });
    expect(keyring.jwks.keys.map((k) => [k.kid, k.alg, 'd' in k])).toEqual([
      [keyring.kid, 'ES256', false],
      ['badges-2025', 'EdDSA', false],
    ]);
    const jwt = await keyring.sign({ n: 1 });
    const { protectedHeader } = await compactVerify(jwt, createLocalJWKSet(keyring.jwks));
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: keyring.kid, typ: 'vc+jwt' });
    // A badge signed with the old key before the rotation still verifies.
    const older = await new CompactSign(new TextEncoder().encode('{"n":0}'))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'badges-2025', typ: 'vc+jwt' })
      .sign(old.privateKey);
    expect((await keyring.verify(older)).kid).toBe('badges-2025');
  });
});
