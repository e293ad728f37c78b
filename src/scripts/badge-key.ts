import { parseArgs } from 'node:util';

// npm run -s badge-key [-- --alg ES256] [--kid badges-2027]
// Prints a new private signing key for BADGE_SIGNING_KEY (one line of JSON, Ed25519 by default) on
// stdout, and its public part (for BADGE_PREVIOUS_PUBLIC_KEYS after the next rotation) on stderr.

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { alg: { type: 'string', default: 'EdDSA' }, kid: { type: 'string' } } });
  if (values.alg !== 'EdDSA' && values.alg !== 'ES256') throw new Error('--alg must be EdDSA or ES256');
  const { calculateJwkThumbprint, exportJWK, generateKeyPair } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair(values.alg, { extractable: true, ...(values.alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const publicJwk = await exportJWK(publicKey);
  const kid = values.kid ?? (await calculateJwkThumbprint(publicJwk));
  process.stdout.write(`${JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: values.alg })}\n`);
  process.stderr.write(`public key: ${JSON.stringify({ ...publicJwk, kid, alg: values.alg })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
