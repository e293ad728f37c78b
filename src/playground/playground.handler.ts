// Serves the GraphiQL playground from the gateway's own HTTP server: the page, its config and the
// bundle built by bundle-playground.ts. Nothing on the page points outside this origin.
import { randomBytes } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

import type { PlaygroundManifest, PlaygroundPageConfig, PlaygroundTab } from './playground.types';

export type { PlaygroundTab } from './playground.types';

export interface PlaygroundHandlerOptions {
  /** The GraphQL endpoint the IDE sends operations to, e.g. '/graphql'. */
  endpoint: string;
  /** Saved operations, opened as the initial tabs. */
  tabs: PlaygroundTab[];
  /** Default JSON text of the headers editor, e.g. '{\n  "Authorization": "Bearer "\n}'. */
  defaultHeaders?: string;
  /** `dir` returned by ensurePlaygroundBundle(). */
  bundleDir: string;
}

export type PlaygroundHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const PAGE_PATHS = new Set(['/', '/playground', '/playground/']);
const ASSETS_PREFIX = '/playground/assets/';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Bundle files are flat and content-hashed; anything else (separators, `..`, dot files) is refused. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

interface Asset {
  file: string;
  size: number;
  contentType: string;
  gzip?: { file: string; size: number };
}

/**
 * Returns a request listener step: true when it answered the request (page, asset, or an error for a
 * playground URL), false to let the gateway go on. It answers:
 * - `GET /`, `GET /playground`: the IDE page;
 * - `GET <endpoint>` when the client asks for HTML (a browser's address bar): the IDE page, with any
 *   `?query=` pre-filled; GraphQL requests on that path (POST, or GET without text/html) pass through;
 * - `GET /playground/assets/<file>`: the bundle, cached as immutable (names carry content hashes).
 */
export function createPlaygroundHandler(options: PlaygroundHandlerOptions): PlaygroundHandler {
  const bundleDir = path.resolve(options.bundleDir);
  const manifest = readManifest(bundleDir);
  const assets = indexAssets(bundleDir);
  const endpointPath = sameOriginPath(options.endpoint);
  const assetUrl = (file: string) => `${ASSETS_PREFIX}${encodeURIComponent(file)}`;

  const config: PlaygroundPageConfig = {
    endpoint: options.endpoint,
    tabs: options.tabs,
    headers: options.defaultHeaders,
    workers: {
      editor: assetUrl(manifest.workers.editor),
      json: assetUrl(manifest.workers.json),
      graphql: assetUrl(manifest.workers.graphql),
    },
  };
  const configScript = `window.__PLAYGROUND__ = ${scriptSafeJson(config)};`;
  const connectSrc = connectSources(options.endpoint);
  const page = (nonce: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl(manifest.css)}">
<script nonce="${nonce}">${configScript}</script>
<script type="module" src="${assetUrl(manifest.js)}"></script>
</head>
<body>
<div id="playground"></div>
</body>
</html>
`;

  return (req, res) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://playground.invalid');
    const pathname = url.pathname;
    const readOnly = method === 'GET' || method === 'HEAD';

    if (pathname.startsWith(ASSETS_PREFIX)) {
      if (!readOnly) return methodNotAllowed(res);
      serveAsset(req, res, assets, pathname.slice(ASSETS_PREFIX.length), method === 'HEAD');
      return true;
    }
    const isPage = PAGE_PATHS.has(pathname) || (pathname === endpointPath && wantsHtml(req));
    if (!isPage) return false;
    if (!readOnly) {
      // POST / or POST /graphql belong to the gateway.
      if (pathname.startsWith('/playground')) return methodNotAllowed(res);
      return false;
    }
    const nonce = randomBytes(16).toString('base64');
    const body = Buffer.from(page(nonce));
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      // The config carries saved operations and a fresh nonce: never reuse a stored copy.
      'Cache-Control': 'no-store',
      'Content-Security-Policy': contentSecurityPolicy(nonce, connectSrc),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** Saved operations (e.g. the documents the project keeps for reviewers) as playground tabs. */
export function playgroundTabsFromDocuments(docs: { title: string; query: string; variables?: unknown }[]): PlaygroundTab[] {
  return docs.map(({ title, query, variables }) => {
    const tab: PlaygroundTab = { title, query: query.trim() };
    if (typeof variables === 'string') {
      if (variables.trim() !== '') tab.variables = variables;
    } else if (variables !== undefined && variables !== null) {
      tab.variables = JSON.stringify(variables, null, 2);
    }
    return tab;
  });
}

/** True when the client lists text/html in Accept: a browser navigating, not a GraphQL client. */
export function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase())
    .includes('text/html');
}

/**
 * Only this origin, plus what Monaco needs: styles it injects at run time ('unsafe-inline' for
 * style-src), fonts inlined as data: URLs by graphiql/style.css, and workers (blob: is Monaco's
 * fallback for workers it cannot load by URL). The inline config runs by nonce.
 */
function contentSecurityPolicy(nonce: string, connectSrc: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data: blob:",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** 'self', plus the endpoint's origin when it is an absolute URL elsewhere. */
function connectSources(endpoint: string): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(endpoint)) return "'self'";
  return `'self' ${new URL(endpoint).origin}`;
}

/** The endpoint's path when it lives on this origin (relative URL), else undefined. */
function sameOriginPath(endpoint: string): string | undefined {
  if (!endpoint.startsWith('/') || endpoint.startsWith('//')) return undefined;
  return new URL(endpoint, 'http://playground.invalid').pathname;
}

/** JSON that can sit inside a <script> element: no `</script>`, no HTML comment, no JS line breaks. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function readManifest(bundleDir: string): PlaygroundManifest {
  try {
    return JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8')) as PlaygroundManifest;
  } catch (error) {
    throw new Error(`playground: no bundle in ${bundleDir}; run ensurePlaygroundBundle() first`, { cause: error });
  }
}

/** The bundle never changes under a folder name (its stamp), so its file list is read once. */
function indexAssets(bundleDir: string): Map<string, Asset> {
  const names = new Set(readdirSync(bundleDir));
  const assets = new Map<string, Asset>();
  for (const name of names) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (!contentType || !ASSET_NAME.test(name)) continue;
    const file = path.join(bundleDir, name);
    const asset: Asset = { file, size: statSync(file).size, contentType };
    if (names.has(`${name}.gz`)) asset.gzip = { file: `${file}.gz`, size: statSync(`${file}.gz`).size };
    assets.set(name, asset);
  }
  return assets;
}

function serveAsset(req: IncomingMessage, res: ServerResponse, assets: Map<string, Asset>, rawName: string, headOnly: boolean): void {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return sendText(res, 400, 'Bad asset path');
  }
  if (name.includes('..') || !ASSET_NAME.test(name)) return sendText(res, 400, 'Bad asset path');
  const asset = assets.get(name);
  if (!asset) return sendText(res, 404, 'Not found');

  const gzip = asset.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? asset.gzip : undefined;
  res.writeHead(200, {
    'Content-Type': asset.contentType,
    'Content-Length': gzip ? gzip.size : asset.size,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    ...(asset.gzip ? { Vary: 'Accept-Encoding' } : {}),
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  if (headOnly) {
    res.end();
    return;
  }
  const stream = createReadStream(gzip ? gzip.file : asset.file);
  stream.on('error', (error) => res.destroy(error));
  stream.pipe(res);
}

function methodNotAllowed(res: ServerResponse): true {
  res.setHeader('Allow', 'GET, HEAD');
  sendText(res, 405, 'Method not allowed');
  return true;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
