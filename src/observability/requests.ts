import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { context } from '@opentelemetry/api';
import { type Outcome, recordGatewayRequest, recordSubgraphRequest } from './metrics';
import { currentScope, newTraceId, type RequestScope, runInScope, traceIdOf } from './request-scope';
import { endServerSpan, startServerSpan } from './tracing';

/** Codes of the gateway's limits: a request refused by one is "refused", not a user error. */
export const REFUSED_CODES = new Set([
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_TOKENS',
  'QUERY_TOO_COSTLY',
  'TOO_MANY_DIRECTIVES',
  'PAYLOAD_TOO_LARGE',
]);
/** Codes that mean the product failed the caller (a bug, a subgraph or the database away). */
export const FAILED_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'DATABASE_UNAVAILABLE']);

/**
 * ok, user_error (bad input, unknown id, refused identity, a mutation payload's errors), refused (a
 * query limit or the body limit) or failed (HTTP 5xx, an internal error, a service unavailable).
 */
export function classifyOutcome(status: number, codes: readonly string[], payloadErrors: boolean): Outcome {
  if (status === 413 || codes.some((c) => REFUSED_CODES.has(c))) return 'refused';
  if (status >= 500 || codes.some((c) => FAILED_CODES.has(c))) return 'failed';
  if (status >= 400 || codes.length > 0 || payloadErrors) return 'user_error';
  return 'ok';
}

/** The metrics label of an operation name: one of the project's own operations, else anonymous/other. */
export function operationLabel(name: string | undefined, known: ReadonlySet<string>): string {
  if (!name) return 'anonymous';
  return known.has(name) ? name : 'other';
}

function elapsedSeconds(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Runs fn in the request's scope, inside its server span when tracing is on. */
function runObserved(scope: RequestScope, server: ReturnType<typeof startServerSpan>, fn: () => Promise<void>): Promise<void> {
  return server ? context.with(server.context, () => runInScope(scope, fn)) : runInScope(scope, fn);
}

/**
 * One GraphQL request at the gateway: a server span (child of the client's traceparent, if any), a
 * scope the rest of the request fills in, then on the way out the request metrics and one log line
 * (trace id, operation, type, outcome, duration, role; never the token).
 */
export function observeGatewayRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: { logger: Logger; knownOperations: ReadonlySet<string> },
  handle: () => Promise<void>,
): Promise<void> {
  const start = performance.now();
  const server = startServerSpan('POST /graphql', req.headers, { 'http.request.method': req.method ?? 'GET', 'url.path': '/graphql' });
  const traceId = server?.span.spanContext().traceId ?? traceIdOf(req.headers.traceparent) ?? newTraceId();
  const scope: RequestScope = { traceId };
  res.once('close', () => {
    const seconds = elapsedSeconds(start);
    const outcome = classifyOutcome(res.statusCode, scope.errorCodes ?? [], scope.payloadErrors ?? false);
    const operation = operationLabel(scope.operationName, options.knownOperations);
    const type = scope.operationType ?? 'unknown';
    recordGatewayRequest(operation, type, outcome, seconds);
    endServerSpan(server, res.statusCode, { 'graphql.operation.name': operation, 'graphql.operation.type': type, 'finops.outcome': outcome });
    if (!options.logger.isLevelEnabled('info')) return;
    options.logger.info(
      {
        traceId,
        operation: scope.operationName?.slice(0, 100) ?? null,
        type,
        outcome,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        role: scope.role ?? 'anonymous',
        ...(scope.errorCodes?.length ? { codes: [...new Set(scope.errorCodes)].slice(0, 5) } : {}),
      },
      'graphql request',
    );
  });
  return runObserved(scope, server, handle);
}

/** Notes what the gateway learnt about the request while building its context (role, operation name). */
export function noteRequest(facts: { role?: string; operationName?: unknown; errorCode?: string }): void {
  const scope = currentScope();
  if (!scope) return;
  if (facts.role) scope.role = facts.role;
  if (typeof facts.operationName === 'string' && facts.operationName) scope.operationName = facts.operationName;
  if (facts.errorCode) (scope.errorCodes ??= []).push(facts.errorCode);
}

/** Apollo plugin: the operation's name and type once resolved, and the error codes of the answer. */
export function operationRecorder<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        // Known before validation, so a query refused by a rule or a limit is still named.
        async validationDidStart({ document }) {
          const scope = currentScope();
          const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
          if (!scope || operations.length !== 1) return;
          scope.operationType = operations[0].operation;
          scope.operationName ??= operations[0].name?.value;
        },
        async didResolveOperation({ operation, operationName }) {
          const scope = currentScope();
          if (!scope || !operation) return;
          scope.operationType = operation.operation;
          if (operationName) scope.operationName = operationName;
        },
        async willSendResponse({ response, operation }) {
          const scope = currentScope();
          if (!scope || response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (errors?.length) (scope.errorCodes ??= []).push(...errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')));
          // A mutation's expected failures travel in its payload: { errors: [...] } beside the result.
          if (operation?.operation === 'mutation' && data) {
            scope.payloadErrors = Object.values(data).some(
              (v) =>
                v !== null &&
                typeof v === 'object' &&
                Array.isArray((v as { errors?: unknown }).errors) &&
                (v as { errors: unknown[] }).errors.length > 0,
            );
          }
        },
      };
    },
  };
}

/**
 * One request at a subgraph: a server span continuing the gateway's traceparent, the same trace id in
 * every log line it writes (even with tracing off, from the traceparent the gateway always sends),
 * and its duration.
 */
export function observeSubgraphRequest(
  subgraph: string,
  req: IncomingMessage,
  res: ServerResponse,
  logger: Logger,
  handle: () => Promise<void>,
): Promise<void> {
  const start = performance.now();
  const server = startServerSpan(`subgraph ${subgraph}`, req.headers, { 'finops.subgraph': subgraph, 'url.path': '/graphql' });
  const traceId = server?.span.spanContext().traceId ?? traceIdOf(req.headers.traceparent) ?? newTraceId();
  const scope: RequestScope = { traceId, subgraph };
  res.once('close', () => {
    const seconds = elapsedSeconds(start);
    recordSubgraphRequest(subgraph, seconds);
    endServerSpan(server, res.statusCode, scope.operationName ? { 'graphql.operation.name': scope.operationName } : {});
    logger.debug(
      { traceId, subgraph, operation: scope.operationName ?? null, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10 },
      'subgraph request',
    );
  });
  return runObserved(scope, server, handle);
}
