import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { InvalidTokenError, type TokenVerifier } from '../auth/tokens';
import { PROJECT_ROOT, type SubgraphName } from '../config/env';
import { disableApolloTelemetry } from '../config/process-env';
import { createFormatError } from '../graphql/errors';
import { createApolloHandler, sendJson } from '../http/apollo-handler';
import { listen } from '../http/listen';
import { BoundedMap } from '../http/bounded-map';
import type { RouteHandler } from '../http/routes';
import { type ResponseCacheOptions, responseCachePlugin } from '../cache/response-cache';
import { noteRequest, observeGatewayRequest, operationRecorder } from '../observability';
import { savedOperations } from '../playground/saved-operations';
import { replicaFetch } from './replicas';
import { fetchBeforeDeadline, type GatewayContext, SubgraphDataSource } from './subgraph-data-source';
import { enforceScalars, inputGuard, MAX_FIELDS, maxFieldsRule } from './input-guard';
import { costLimit } from './query-cost';

export const SUPERGRAPH_FILE = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Query limits: each refusal is an HTTP 400 with a code saying which limit. */
export const QUERY_LIMITS = { maxDepth: 12, maxAliases: 20, maxTokens: 3000, maxCost: 20000, maxDirectives: 20, maxFields: MAX_FIELDS };

const LIMIT_CODES: [RegExp, string][] = [
  [/depth limit/i, 'QUERY_TOO_DEEP'],
  [/aliases limit/i, 'TOO_MANY_ALIASES'],
  [/token limit/i, 'TOO_MANY_TOKENS'],
  [/cost limit/i, 'QUERY_TOO_COSTLY'],
  [/directives limit/i, 'TOO_MANY_DIRECTIVES'],
  [/field limit/i, 'TOO_MANY_FIELDS'],
];

/**
 * graphql-armor reports its refusals as validation errors, and because its token limit takes over
 * parsing, even a plain syntax error comes back as a 500. This names each limit with its own code,
 * gives syntax errors their usual GRAPHQL_PARSE_FAILED, and makes both a 400.
 */
function limitCodes(): ApolloServerPlugin<GatewayContext> {
  const codeOf = (message: string): string | undefined =>
    LIMIT_CODES.find(([re]) => re.test(message))?.[1] ?? (message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : undefined);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          let refused = false;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = codeOf(error.message);
            if (!code) continue;
            refused = true;
            (error as { extensions?: Record<string, unknown> }).extensions = { ...error.extensions, code };
          }
          if (refused) response.http.status = 400;
        },
      };
    },
  };
}

async function replicaReady(url: string): Promise<string> {
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) });
    return res.ok ? 'ready' : `not ready (${res.status})`;
  } catch {
    return 'unreachable';
  }
}

/**
 * Ready when every subgraph has a replica that answers its own /readyz (each checks the database). A
 * subgraph with several replicas shows how many are ready ("ready (1 of 2)"): the gateway skips the others.
 */
async function subgraphsReady(urls: Record<string, string[]>): Promise<{ ready: boolean; subgraphs: Record<string, string> }> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, replicas]) => {
      const states = await Promise.all(replicas.map(replicaReady));
      const up = states.filter((s) => s === 'ready').length;
      if (replicas.length === 1 || up === 0) return [name, states[0], up > 0] as const;
      return [name, up === replicas.length ? 'ready' : `ready (${up} of ${replicas.length})`, true] as const;
    }),
  );
  return { ready: entries.every(([, , up]) => up), subgraphs: Object.fromEntries(entries.map(([name, state]) => [name, state])) };
}

/** The query text of a request, from a POST body or a GET's query string (a persisted query's hash alone has none). */
function queryText(req: IncomingMessage, body: unknown): unknown {
  if (req.method === 'GET') return new URL(req.url ?? '/', 'http://localhost').searchParams.get('query');
  return (body as { query?: unknown } | undefined)?.query;
}

/**
 * Counts the tokens of the query before anything parses it, and refuses a flood with a 400, for
 * every transport (a persisted query is counted when it is registered). A query that is merely
 * malformed passes here and gets Apollo's own GRAPHQL_PARSE_FAILED.
 */
function refuseTooManyTokens(query: unknown): void {
  if (typeof query !== 'string') return;
  if (tooManyTokens(query)) {
    noteRequest({ errorCode: 'TOO_MANY_TOKENS' });
    throw new GraphQLError(`The query has more than ${QUERY_LIMITS.maxTokens} tokens`, {
      extensions: { code: 'TOO_MANY_TOKENS', http: { status: 400 } },
    });
  }
}

/** The verdicts on query texts already counted (the count depends on the text alone); short texts only, so memory stays bounded. */
const tokenVerdicts = new BoundedMap<string, boolean>(1000);
const REMEMBERED_QUERY_CHARS = 10_000;

function tooManyTokens(query: string): boolean {
  const known = tokenVerdicts.get(query);
  if (known !== undefined) return known;
  let verdict = false;
  try {
    new MaxTokensParserWLexer(query, { n: QUERY_LIMITS.maxTokens }).parseDocument();
  } catch (err) {
    verdict = err instanceof Error && /token limit/i.test(err.message);
  }
  if (query.length <= REMEMBERED_QUERY_CHARS) tokenVerdicts.set(query, verdict);
  return verdict;
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new InvalidTokenError('The Authorization header must be "Bearer <token>"');
  return m[1];
}

/**
 * Apollo Gateway from the checked-in supergraph, with the subgraph URLs set at start-up so the same
 * file serves every deployment. It is the only public door: it verifies the caller's token, applies
 * the query limits and forwards the verified identity, with the key subgraphs require.
 */
export async function startGateway(options: {
  /** Several URLs for a subgraph are replicas: round robin, skipping one that refuses connections. */
  subgraphUrls: Record<SubgraphName, string[]>;
  host: string;
  port: number;
  logger: Logger;
  maxBodyBytes: number;
  verifyToken: TokenVerifier;
  /** Deadline for all subgraph calls of one GraphQL request (0: none). */
  requestTimeoutMs?: number;
  gatewayKey: string;
  introspection: boolean;
  routes?: RouteHandler[];
  supergraphSdl?: string;
  /** The public response cache (see src/cache); without it every answer says no-store for signed-in callers only. */
  responseCache?: Omit<ResponseCacheOptions, 'schemaTag'>;
}): Promise<RunningGateway> {
  const { logger, subgraphUrls } = options;
  disableApolloTelemetry();
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const replicas = subgraphUrls[name as SubgraphName] ?? [url!];
      return new SubgraphDataSource(
        // node:http over kept-alive connections (fetchBeforeDeadline): a fraction of make-fetch-happen's, and fetch's, cost per call.
        // Each replica is tried through fetchBeforeDeadline, so the request's deadline bounds them all.
        { url: replicas[0], fetcher: replicaFetch(replicas, fetchBeforeDeadline) as never },
        options.gatewayKey,
        name,
      );
    },
  });
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth },
    // An empty allow list: __typename aliases count like any other.
    maxAliases: { n: QUERY_LIMITS.maxAliases, allowList: [] },
    // Counted in the context function instead (see tokenLimit): armor's own plugin turns every
    // syntax error into a 500.
    maxTokens: { enabled: false },
    // Counted by costLimit (query-cost.ts) instead: armor's cost ignores how many items a list returns.
    costLimit: { enabled: false },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: !options.introspection },
  }).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createFormatError(logger.child({ component: 'gateway' })),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    introspection: options.introspection,
    validationRules: [...armor.validationRules, maxFieldsRule(QUERY_LIMITS.maxFields)],
    // main.ts owns shutdown: Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
      costLimit(QUERY_LIMITS.maxCost),
      limitCodes(),
      operationRecorder(),
      inputGuard(),
      responseCachePlugin<GatewayContext>({
        enabled: false,
        maxEntries: 1,
        maxAgeSeconds: 0,
        revisions: null,
        ...options.responseCache,
        schemaTag: createHash('sha256').update(supergraphSdl).digest('base64url').slice(0, 16),
      }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // No cache hints are used; the default plugin costs throughput for nothing.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => enforceScalars(apiSchema));
  await apollo.start();
  const graphql = createApolloHandler(
    apollo,
    async (req, body) => {
      noteRequest({ operationName: (body as { operationName?: unknown } | undefined)?.operationName });
      refuseTooManyTokens(queryText(req, body));
      try {
        const token = bearer(req);
        const viewer = token ? await options.verifyToken(token) : null;
        noteRequest({ role: viewer?.role ?? 'anonymous' });
        const deadline = options.requestTimeoutMs ? Date.now() + options.requestTimeoutMs : null;
        return { viewer, deadline };
      } catch (err) {
        if (err instanceof InvalidTokenError) {
          noteRequest({ errorCode: 'UNAUTHENTICATED' });
          throw new GraphQLError(err.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
        }
        throw err;
      }
    },
    { maxBodyBytes: options.maxBodyBytes },
  );
  const routes = options.routes ?? [];
  // Operation names that get their own metrics label: the project's own operations (schema/operations).
  const knownOperations = new Set(savedOperations().map((o) => o.title));
  const requestLogger = logger.child({ component: 'gateway' });
  const running = await listen(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        for (const route of routes) if (await route(req, res, url)) return;
        if (url.pathname === '/graphql')
          return await observeGatewayRequest(req, res, { logger: requestLogger, knownOperations }, () => graphql(req, res));
        if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
        if (url.pathname === '/readyz') {
          const state = await subgraphsReady(subgraphUrls);
          return sendJson(res, state.ready ? 200 : 503, { status: state.ready ? 'ready' : 'not ready', ...state });
        }
        sendJson(res, 404, { error: `Nothing at ${url.pathname}; GraphQL is at /graphql` });
      } catch (err) {
        logger.error({ err, path: url.pathname }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error' });
        else res.end();
      }
    },
    options.host,
    options.port,
  );
  const shownHost = options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host;
  return {
    url: `http://${shownHost}:${running.port}/graphql`,
    port: running.port,
    async stop() {
      await running.close();
      await apollo.stop();
    },
  };
}
