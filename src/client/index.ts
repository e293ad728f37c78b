import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

// A small typed client for frontends: pass one of the generated documents (./generated/graphql.ts,
// from `npm run codegen`) and its variables; the result is typed from the operation.
//
//   import { request, ProductCoverageDocument } from 'finops-catalog/src/client';
//   const { product } = await request(ProductCoverageDocument, { id }, { url: '/graphql' });

export * from './generated/graphql';

export interface ClientOptions {
  /** The gateway's GraphQL URL; default '/graphql' (same origin). */
  url?: string;
  /** Extra headers, e.g. { authorization: `Bearer ${token}` }. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface ClientGraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** Thrown when the response has top-level errors (a NOT_FOUND, a BAD_USER_INPUT, a limit…). */
export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ClientGraphQLError[],
    readonly data: unknown,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${status}`);
    this.name = 'GraphQLRequestError';
  }

  /** The first error's extensions.code, e.g. 'NOT_FOUND'. */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

// Documents are printed once each, not on every call.
const printed = new WeakMap<object, string>();

export async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: ClientOptions = {},
): Promise<TResult> {
  let query = printed.get(document);
  if (!query) {
    query = print(document);
    printed.set(document, query);
  }
  const response = await (options.fetch ?? fetch)(options.url ?? '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    body: JSON.stringify({ query, variables }),
    signal: options.signal,
  });
  const body = (await response.json().catch(() => ({}))) as { data?: TResult | null; errors?: ClientGraphQLError[] };
  if (body.errors?.length || !body.data) {
    throw new GraphQLRequestError(response.status, body.errors ?? [], body.data ?? null);
  }
  return body.data;
}
