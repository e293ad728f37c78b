import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from './read-body';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/**
 * Apollo Server 5 on Node's own http server (no Express): read the body within a limit, hand the
 * request to executeHTTPGraphQLRequest, stream the answer back. Used by the gateway and the subgraphs.
 */
export function createApolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  /** Builds the context; it sees the parsed body and may refuse the request by throwing a GraphQLError. */
  context: (req: IncomingMessage, body: unknown) => Promise<TContext>,
  options: { maxBodyBytes: number },
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, options.maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooLargeError) return graphqlError(res, 413, 'PAYLOAD_TOO_LARGE', err.message);
        return graphqlError(res, 400, 'BAD_REQUEST', 'Could not read the request body');
      }
      const type = headers.get('content-type') ?? '';
      if (type.includes('json')) {
        try {
          body = text.length ? JSON.parse(text) : undefined;
        } catch {
          return graphqlError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON');
        }
      } else {
        body = text;
      }
    }
    try {
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: () => context(req, body),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch {
      if (!res.headersSent) graphqlError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    }
  };
}
