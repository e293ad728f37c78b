import { createHash } from 'node:crypto';

// Reference data (editions, domains, capabilities) gets name-based UUIDs (RFC 9562 version 5), so the
// same capability has the same id in every deployment and after every reseed.
const NAMESPACE = Buffer.from('6f1c2b9e4d8a4f0b9a3e5c7d1e2f3a4b', 'hex');

export function stableId(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('/')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const frameworkIds = {
  edition: (edition: string) => stableId('edition', edition),
  domain: (edition: string, domain: string) => stableId('domain', edition, domain),
  capability: (edition: string, capability: string) => stableId('capability', edition, capability),
};
