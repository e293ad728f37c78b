import { unwrapResolverError } from '@apollo/server/errors';
import { ConnectionException, NotFoundError, OptimisticLockError } from '@mikro-orm/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { DomainError, type DomainErrorCode } from '../domain/errors';

/** The `extensions.code` a client sees for each domain code. */
function clientCode(code: DomainErrorCode): string {
  switch (code) {
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'BAD_USER_INPUT':
    case 'INVALID_SEED':
      return 'BAD_USER_INPUT';
    case 'CONFLICT':
      return 'CONFLICT';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'UNAUTHENTICATED':
      return 'UNAUTHENTICATED';
    case 'TOO_MANY_RESULTS':
      return 'TOO_MANY_RESULTS';
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: clientCode(error.code), ...(error.field ? { field: error.field } : {}) },
  });
}

// Codes that graphql-js, Apollo Server or the gateway produce about the request itself; they carry no
// internals and pass through unchanged.
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'TOO_MANY_RESULTS',
  'SERVICE_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'REQUEST_TIMEOUT',
  'DOWNSTREAM_SERVICE_ERROR',
  // the gateway's query limits
  'TOO_MANY_TOKENS',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'QUERY_TOO_COSTLY',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_FIELDS',
]);

/** A driver error that means "no connection" rather than a bad statement. */
function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003'].includes(e.code ?? '') ||
    /Connection terminated|connect ECONNREFUSED|Knex: Timeout acquiring a connection|Client has encountered a connection error|^timeout expired$|The database did not answer within/i.test(
      e.message ?? '',
    )
  );
}

/**
 * Apollo's formatError for every server: domain errors keep their code and message; anything else
 * (an ORM or driver error, a bug) is logged and replaced by a generic INTERNAL_SERVER_ERROR, so no
 * SQL, stack trace or file path reaches a client.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: toGraphQLError(original).extensions };
    }
    if (original instanceof NotFoundError) {
      return { ...formatted, message: 'Not found', extensions: { code: 'NOT_FOUND' } };
    }
    if (original instanceof OptimisticLockError) {
      return {
        ...formatted,
        message: 'The object was changed by someone else; reload it and try again',
        extensions: { code: 'CONFLICT' },
      };
    }
    if (original instanceof ConnectionException || isConnectionFailure(original)) {
      logger.warn({ err: original }, 'database unreachable');
      return { ...formatted, message: 'The database is unreachable; try again shortly', extensions: { code: 'DATABASE_UNAVAILABLE' } };
    }
    // Apollo Server raises this one without a code; it is the client's mistake, not ours.
    if (formatted.message === 'Unsupported persisted query version') {
      return { message: 'Only version 1 of automatic persisted queries is supported', extensions: { code: 'BAD_REQUEST' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      const { stacktrace: _stack, exception: _exception, ...rest } = formatted.extensions ?? {};
      return { ...formatted, extensions: rest };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error while serving a GraphQL request');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
