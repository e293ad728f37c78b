import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isRole, type Viewer } from '../domain/access/roles';

// The gateway verifies the caller's token and tells subgraphs who is asking in these headers.
// Subgraphs trust them only together with the gateway's shared key, so a client that reaches a
// subgraph directly can neither forge an identity nor use it at all.

export const GATEWAY_KEY_HEADER = 'x-finops-gateway-key';
export const VIEWER_HEADER = 'x-finops-viewer';

export function encodeViewer(viewer: Viewer | null): string {
  return viewer ? Buffer.from(JSON.stringify(viewer)).toString('base64url') : '';
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function hasGatewayKey(headers: IncomingHttpHeaders, key: string): boolean {
  const given = Buffer.from(header(headers, GATEWAY_KEY_HEADER) ?? '');
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function decodeViewer(headers: IncomingHttpHeaders): Viewer | null {
  const raw = header(headers, VIEWER_HEADER);
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Viewer>;
    if (typeof v.id === 'string' && isRole(v.role)) {
      return { id: v.id, role: v.role, organizationId: typeof v.organizationId === 'string' ? v.organizationId : null };
    }
  } catch {
    // a malformed header is no identity at all
  }
  return null;
}
