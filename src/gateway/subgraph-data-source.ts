import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError, Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';
import { encodeViewer, GATEWAY_KEY_HEADER, VIEWER_HEADER } from '../auth/forwarded-identity';
import type { Viewer } from '../domain/access/roles';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
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
 * A subgraph's answer, read whole: what the gateway's data source reads of a fetch Response (status,
 * headers by name, the body as text or JSON), without the web streams a fetch Response carries.
 */
export class SubgraphResponse {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: IncomingHttpHeaders,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  readonly headers = {
    get: (name: string): string | null => {
      const value = this.rawHeaders[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  clone(): SubgraphResponse {
    return this;
  }
}

// Connections to the subgraphs stay open between requests, and the gateway closes one idle for 4 s:
// before the subgraph server does (its keepAliveTimeout is 5 s, src/http/listen.ts), so a request is
// not sent on a connection the server is closing at that moment.
const IDLE_SOCKET_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

/**
 * The kept-alive connection was closed by the other side as this request went out on it: nothing of
 * the request was answered, and the server never read it (Node's documented case for a retry).
 */
function lostKeptAliveConnection(req: http.ClientRequest, err: NodeJS.ErrnoException, answered: boolean): boolean {
  return !answered && req.reusedSocket && err.code === 'ECONNRESET';
}

/**
 * POSTs to a subgraph with node:http over kept-alive connections (a fraction of fetch's cost per
 * call), and abandons the call when the request's deadline passes.
 */
export function fetchBeforeDeadline(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<SubgraphResponse> {
  return post(url, init, true);
}

function post(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }, mayRetry: boolean): Promise<SubgraphResponse> {
  const { [DEADLINE_HEADER]: deadlineHeader, ...headers } = init.headers ?? {};
  const deadline = Number(deadlineHeader);
  const left = deadline ? deadline - Date.now() : null;
  if (left !== null && left <= 0) return Promise.reject(new DeadlineExceededError());
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const body = init.body ?? '';
  return new Promise<SubgraphResponse>((resolve, reject) => {
    let answered = false;
    const req = client.request(
      target,
      {
        method: init.method ?? 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: agents[target.protocol as keyof typeof agents],
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          if (timer) clearTimeout(timer);
          resolve(new SubgraphResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks).toString('utf8')));
        });
      },
    );
    const timer = left !== null ? setTimeout(() => req.destroy(new DeadlineExceededError()), left) : null;
    function fail(err: Error) {
      if (timer) clearTimeout(timer);
      reject(err);
    }
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Once, on a new connection: the agent does not hand out a socket that has closed.
      if (mayRetry && lostKeptAliveConnection(req, err, answered)) {
        if (timer) clearTimeout(timer);
        post(url, init, false).then(resolve, reject);
        return;
      }
      fail(err);
    });
    req.end(body);
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
      return {
        data: null,
        errors: unavailablePaths(options.request.query, options.request.variables).map((path) => ({ message, path, extensions })),
      };
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
