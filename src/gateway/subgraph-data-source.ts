import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';
import { encodeViewer, GATEWAY_KEY_HEADER, VIEWER_HEADER } from '../auth/forwarded-identity';
import type { Viewer } from '../domain/access/roles';
import { currentScope, injectTraceparent, recordSubgraphFetch, unsampledTraceparent } from '../observability';

export interface GatewayContext {
  viewer: Viewer | null;
  /** When the request's time is up (epoch ms; null: no deadline). */
  deadline?: number | null;
}

/** Carries the request's deadline from willSendRequest to the fetcher (which sees only URL and init). */
const DEADLINE_HEADER = 'x-finops-deadline';

/** The request's time is up: its remaining subgraph calls are abandoned. */
export class DeadlineExceededError extends Error {}

/**
 * Node's own fetch (undici, keep-alive: a fraction of the default make-fetch-happen's cost per call),
 * aborted when the request's deadline passes.
 */
export function fetchBeforeDeadline(url: string, given: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
  // A subgraph never redirects (and the caller's identity must not follow one elsewhere). Without
  // window and with redirect 'error', undici sends the request as it is instead of first copying
  // it (a tee of the body stream) in case a redirect had to be followed.
  const init: RequestInit = { ...given, redirect: 'error', window: null };
  const deadline = Number(given.headers?.[DEADLINE_HEADER]);
  if (!deadline) return fetch(url, init);
  const left = deadline - Date.now();
  if (left <= 0) return Promise.reject(new DeadlineExceededError());
  return fetch(url, { ...init, signal: AbortSignal.timeout(left) }).catch((err: unknown) => {
    throw (err as Error)?.name === 'TimeoutError' ? new DeadlineExceededError() : err;
  });
}

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

/**
 * How the gateway talks to a subgraph: forwards the caller's identity, and when a subgraph refuses a
 * request with an HTTP error that carries GraphQL errors (a variable the subgraph's scalar rejects,
 * say), passes the subgraph's own message and code on instead of a bare "400: Bad Request".
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly gatewayKey: string,
    private readonly subgraphName: string,
  ) {
    super(config);
  }

  /**
   * A subgraph that cannot be reached answers with a clear SERVICE_UNAVAILABLE naming it, instead of
   * a fetch error that would reveal its internal address. It is returned as the subgraph's answer,
   * with no data and one error per field the gateway asked it for, each with its path (the gateway
   * maps `_entities` paths onto the caller's): those fields are null, and the rest of the query
   * still resolves.
   */
  override async process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    const start = performance.now();
    try {
      const response = await super.process(options);
      recordSubgraphFetch(this.subgraphName, response.errors?.length ? 'error' : 'ok', (performance.now() - start) / 1000);
      return response;
    } catch (err) {
      recordSubgraphFetch(this.subgraphName, 'unavailable', (performance.now() - start) / 1000);
      if (err instanceof GraphQLError && typeof err.extensions?.code === 'string') throw err;
      const timedOut = err instanceof DeadlineExceededError || (err as Error)?.name === 'TimeoutError';
      const message = timedOut
        ? `The ${this.subgraphName} service did not answer before the request's deadline; try again shortly`
        : `The ${this.subgraphName} service is unavailable; try again shortly`;
      const extensions = { code: timedOut ? 'REQUEST_TIMEOUT' : 'SERVICE_UNAVAILABLE', service: this.subgraphName };
      return { data: null, errors: unavailablePaths(options.request.query, options.request.variables).map((path) => ({ message, path, extensions })) };
    }
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    request.http?.headers.set(GATEWAY_KEY_HEADER, this.gatewayKey);
    // Only the gateway's own verified view of the caller travels on; a client's header never does.
    request.http?.headers.set(VIEWER_HEADER, encodeViewer(context.viewer ?? null));
    // The trace travels on (W3C traceparent): the active span's with tracing on; with it off, the
    // request's trace id alone, so the subgraph's log lines carry the gateway's trace id.
    const headers = request.http?.headers;
    if (headers && !injectTraceparent((name, value) => headers.set(name, value))) {
      const scope = currentScope();
      if (scope) headers.set('traceparent', unsampledTraceparent(scope.traceId));
    }
    if (context.deadline) request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const text = await response.clone().text();
    try {
      const body = JSON.parse(text) as { errors?: { message?: string; extensions?: { code?: string } }[] };
      const first = body.errors?.[0];
      if (first?.message && typeof first.extensions?.code === 'string') {
        return new GraphQLError(first.message, { extensions: { code: first.extensions.code } });
      }
    } catch {
      // not JSON: fall back to the generic error
    }
    return super.errorFromResponse(response);
  }
}

/** The response keys a selection set asks for (inline fragments flattened, __typename left out). */
function responseKeys(set: SelectionSetNode): string[] {
  const keys: string[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') keys.push(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      keys.push(...responseKeys(selection.selectionSet));
    }
  }
  return [...new Set(keys)];
}

/**
 * Where a failed subgraph fetch leaves holes: each root field of a root fetch; for an entity fetch,
 * each field asked of each representation (`_entities.<i>.<field>`).
 */
function unavailablePaths(query: string | undefined, variables: Record<string, unknown> | undefined): (string | number)[][] {
  if (!query) return [[]];
  let operation: OperationDefinitionNode | undefined;
  try {
    operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return [[]];
  }
  if (!operation) return [[]];
  const paths: (string | number)[][] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = selection.alias?.value ?? selection.name.value;
    if (selection.name.value !== '_entities') {
      paths.push([key]);
      continue;
    }
    const representations = Array.isArray(variables?.representations) ? variables.representations : [];
    const fields = selection.selectionSet ? responseKeys(selection.selectionSet) : [];
    representations.forEach((_, i) => {
      for (const field of fields.length ? fields : [undefined]) paths.push(field ? [key, i, field] : [key, i]);
    });
  }
  return paths.length ? paths : [[]];
}
