import type { MikroORM } from '@mikro-orm/postgresql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AwardFacts } from '../domain/badges/open-badge';
import {
  badgeLinks,
  issuerProfile,
  KIND_NAMES,
  lastValidDay,
  statusListPosition,
  statusListUrl,
  VC_JWT_MEDIA_TYPE,
} from '../domain/badges/open-badge';
import { CERTIFICATION_KINDS, type CertificationKind } from '../domain/certification';
import { isUuid } from '../domain/ids';
import { ExportError, badRequest } from '../exports/export-errors';
import type { RouteHandler } from '../http/routes';
import { CURSORS, decodeCursor, encodeCursor } from '../graphql/pagination';
import { todayIso } from '../domain/calendar';
import { sendJson } from '../http/apollo-handler';
import { countDirectory, type DirectoryEntry, selectAwardFacts, selectDirectoryPage } from './badge.repository';
import { pageCsp, renderBadgeSvg, renderDirectory, renderVerificationPage } from './badge.html';
import { badgeBaseUrl, badgeKeyring, checkBadge, issueBadge, statusListJwt } from './badges';

// GET /.well-known/jwks.json     the public keys badges are signed with (current and previous), with kids
// GET /issuer                    the issuer's Open Badges Profile
// GET /badges/<id>.jwt           the award's badge (application/vc+jwt)
// GET /badges/<id>.svg           an accessible SVG image of it
// GET /badges/<id>               a verification page, the result in words
// GET /badges/verify?jwt=…       the same page for any badge JWT a reader holds (a form on every verification page)
// GET /badges/status/<n>         the signed Bitstring Status List credential (revocation) n
// GET /directory[.json]          the currently valid awards: ?q=, ?kind=, ?after= (keyset), ?limit= (JSON)

export const DIRECTORY_PAGE_SIZE = 48;
export const DIRECTORY_JSON_MAX = 500;
const MAX_SEARCH_LENGTH = 200;
const BADGE_PATH = /^\/badges\/([^/.]+)(?:\.(jwt|svg))?$/;
const STATUS_PATH = /^\/badges\/status\/(\d{1,6})$/;

const PUBLIC_READ = { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...PUBLIC_READ, ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendHtml(req: IncomingMessage, res: ServerResponse, html: string): void {
  send(req, res, 200, 'text/html; charset=utf-8', html, {
    'cache-control': 'no-store',
    'content-security-policy': pageCsp(),
    'referrer-policy': 'no-referrer',
  });
}

export function createBadgeRoutes(options: { orm: MikroORM | null; logger: Logger }): RouteHandler {
  const logger = options.logger.child({ component: 'badges' });
  const em = () => {
    if (!options.orm) throw new ExportError(503, 'BADGES_UNAVAILABLE', 'Badges need the database: this gateway runs without DATABASE_URL');
    return options.orm.em.fork();
  };
  return async (req, res, url) => {
    const path = url.pathname;
    const mine =
      path === '/.well-known/jwks.json' || path === '/issuer' || path === '/directory' || path === '/directory.json' || path.startsWith('/badges/');
    if (!mine) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new ExportError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported here; use GET`);
      if (path === '/.well-known/jwks.json') {
        const { jwks } = await badgeKeyring();
        send(req, res, 200, 'application/jwk-set+json', JSON.stringify(jwks), { 'cache-control': 'public, max-age=300' });
      } else if (path === '/issuer') {
        send(req, res, 200, 'application/json; charset=utf-8', JSON.stringify(issuerProfile(badgeBaseUrl())), {
          'cache-control': 'public, max-age=300',
        });
      } else if (path === '/directory' || path === '/directory.json') {
        await serveDirectory(req, res, url, em(), path === '/directory.json');
      } else if (path === '/badges/verify') {
        await serveVerifyToken(req, res, url, em());
      } else if (STATUS_PATH.test(path)) {
        const list = Number(STATUS_PATH.exec(path)![1]);
        const jwt = list >= 1 ? await statusListJwt(em(), list) : null;
        if (!jwt) throw new ExportError(404, 'NOT_FOUND', `No status list ${list}`);
        // Verifiers may cache it briefly; a revocation shows within a minute.
        send(req, res, 200, VC_JWT_MEDIA_TYPE, jwt, { 'cache-control': 'public, max-age=60' });
      } else {
        const match = BADGE_PATH.exec(path);
        if (!match || !isUuid(match[1])) throw new ExportError(404, 'NOT_FOUND', `No badge at ${path}; badges are at /badges/<award id>[.jwt|.svg]`);
        await serveBadge(req, res, em(), match[1].toLowerCase(), (match[2] ?? 'page') as 'jwt' | 'svg' | 'page');
      }
    } catch (err) {
      if (err instanceof ExportError) {
        const headers: Record<string, string> = { 'cache-control': 'no-store' };
        if (err.status === 405) headers.allow = 'GET, HEAD';
        if (!res.headersSent) sendJson(res, err.status, { error: { code: err.code, message: err.message, field: err.field } }, headers);
        else res.destroy();
        return true;
      }
      logger.error({ err, path }, 'badge route failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      else res.destroy();
    }
    return true;
  };
}

async function serveBadge(
  req: IncomingMessage,
  res: ServerResponse,
  em: ReturnType<MikroORM['em']['fork']>,
  awardId: string,
  what: 'jwt' | 'svg' | 'page',
): Promise<void> {
  const [award] = await selectAwardFacts(em, [awardId]);
  if (!award) throw new ExportError(404, 'NOT_FOUND', `No award with id "${awardId}"`);
  const links = badgeLinks(badgeBaseUrl(), award.id);
  if (what === 'svg') {
    // The image shows today's status, so it is revalidated rather than cached for long.
    send(req, res, 200, 'image/svg+xml; charset=utf-8', renderBadgeSvg(award, todayIso(), links.page), {
      'cache-control': 'public, max-age=60',
      'content-security-policy': "default-src 'none'",
    });
    return;
  }
  const badge = await issueBadge(award);
  if (what === 'jwt') {
    send(req, res, 200, VC_JWT_MEDIA_TYPE, badge.jwt, {
      'cache-control': 'public, max-age=300',
      'content-disposition': `inline; filename="finops-badge-${award.id}.jwt"`,
    });
    return;
  }
  const check = await checkBadge(em, badge.jwt);
  const { list } = statusListPosition(award.statusListIndex);
  sendHtml(
    req,
    res,
    renderVerificationPage({
      award: check.award ?? award,
      valid: check.valid,
      reason: check.reason,
      message: check.message,
      kid: check.kid,
      jwt: badge.jwt,
      checkedAt: new Date().toISOString(),
      statusListUrl: statusListUrl('', list),
    }),
  );
}

/** Checks a JWT the reader brings (not the product's copy): the verdict is about exactly those bytes. */
async function serveVerifyToken(req: IncomingMessage, res: ServerResponse, url: URL, em: ReturnType<MikroORM['em']['fork']>): Promise<void> {
  const jwt = (url.searchParams.get('jwt') ?? '').trim();
  if (!jwt) throw badRequest('Give the badge to check as ?jwt=<the JWT>', 'jwt');
  const check = await checkBadge(em, jwt);
  const list = check.award ? statusListPosition(check.award.statusListIndex).list : null;
  sendHtml(
    req,
    res,
    renderVerificationPage({
      award: check.award,
      valid: check.valid,
      reason: check.reason,
      message: check.message,
      kid: check.kid,
      jwt,
      checkedAt: new Date().toISOString(),
      statusListUrl: list ? statusListUrl('', list) : null,
    }),
  );
}

interface DirectoryParams {
  q: string;
  kind: CertificationKind | null;
  after: [number, string, string] | null;
  limit: number;
}

function directoryParams(url: URL, json: boolean): DirectoryParams {
  const params = url.searchParams;
  const q = (params.get('q') ?? '').trim();
  if (q.length > MAX_SEARCH_LENGTH || q.includes('\u0000')) throw badRequest(`q must be at most ${MAX_SEARCH_LENGTH} characters of text`, 'q');
  const kindText = params.get('kind') || null;
  if (kindText !== null && !(CERTIFICATION_KINDS as readonly string[]).includes(kindText)) {
    throw badRequest(`Unknown kind "${kindText}"; kinds: ${CERTIFICATION_KINDS.join(', ')}`, 'kind');
  }
  let after: [number, string, string] | null = null;
  const cursor = params.get('after');
  if (cursor) {
    try {
      after = decodeCursor(cursor, CURSORS.rankNameId);
    } catch {
      throw badRequest('after is not a cursor this directory issued', 'after');
    }
  }
  const limitText = params.get('limit');
  const max = json ? DIRECTORY_JSON_MAX : DIRECTORY_PAGE_SIZE;
  const limit = limitText === null ? DIRECTORY_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw badRequest(`limit must be a whole number from 1 to ${max}; got "${limitText}"`, 'limit');
  return { q, kind: kindText as CertificationKind | null, after, limit };
}

function directoryHref(path: string, p: DirectoryParams, after: string | null, limitGiven: boolean): string {
  const next = new URLSearchParams();
  if (p.q) next.set('q', p.q);
  if (p.kind) next.set('kind', p.kind);
  if (after) next.set('after', after);
  if (limitGiven) next.set('limit', String(p.limit));
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}

function directoryItem(a: AwardFacts) {
  const links = badgeLinks(badgeBaseUrl(), a.id);
  return {
    id: a.id,
    kind: a.kind,
    kindName: a.kindName,
    organization: { id: a.organizationId, name: a.organizationName },
    product: a.productId ? { id: a.productId, name: a.productName } : null,
    program: a.program,
    frameworkEdition: a.edition,
    validFrom: a.issuedOn,
    validThrough: lastValidDay(a.expiresOn),
    expiresOn: a.expiresOn,
    badge: { url: links.jwt, imageUrl: links.image, verificationUrl: links.page },
  };
}

async function serveDirectory(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  em: ReturnType<MikroORM['em']['fork']>,
  json: boolean,
): Promise<void> {
  const p = directoryParams(url, json);
  const today = todayIso();
  const query = { on: today, kind: p.kind, search: p.q || null };
  // One more than shown says whether there is a next page.
  const [rows, counts] = await Promise.all([selectDirectoryPage(em, { ...query, after: p.after, limit: p.limit + 1 }), countDirectory(em, query)]);
  const shown: DirectoryEntry[] = rows.slice(0, p.limit);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > p.limit && last ? encodeCursor([last.kindPosition, last.sortName, last.id]) : null;
  const path = json ? '/directory.json' : '/directory';
  const limitGiven = url.searchParams.has('limit');
  const nextHref = nextCursor ? directoryHref(path, p, nextCursor, limitGiven) : null;
  if (json) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    send(
      req,
      res,
      200,
      'application/json; charset=utf-8',
      JSON.stringify({ validOn: today, totalCount: total, items: shown.map(directoryItem), nextCursor, next: nextHref }),
      {
        'cache-control': 'no-store',
      },
    );
    return;
  }
  sendHtml(
    req,
    res,
    renderDirectory({
      entries: shown,
      kinds: CERTIFICATION_KINDS.map((k) => ({ kind: k, name: KIND_NAMES[k] })),
      countsByKind: counts,
      q: p.q,
      kind: p.kind,
      today,
      nextHref,
      firstHref: p.after ? directoryHref(path, p, null, limitGiven) : null,
    }),
  );
}
