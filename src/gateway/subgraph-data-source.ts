import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ACTOR_HEADER } from '../graphql/context';

export interface GatewayContext {
  actor: string | null;
}

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

/**
 * How the gateway talks to a subgraph: forwards the caller's identity, and when a subgraph refuses a
 * request with an HTTP error that carries GraphQL errors (a variable the subgraph's scalar rejects,
 * say), passes the subgraph's own message and code on instead of a bare "400: Bad Request".
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    if (context.actor) request.http?.headers.set(ACTOR_HEADER, context.actor);
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
