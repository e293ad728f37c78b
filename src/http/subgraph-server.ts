import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { buildFederatedSchema, type SubgraphDefinition } from '../graphql/build-subgraph-schema';
import { decodeViewer, hasGatewayKey } from '../auth/forwarded-identity';
import { type Context, createContext } from '../graphql/context';
import { createFormatError } from '../graphql/errors';
import { noteRequest, observeDatabasePool, observeSubgraphRequest } from '../observability';
import { createApolloHandler, sendJson } from './apollo-handler';
import { listen, type RunningServer } from './listen';

export interface SubgraphServer {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** Whether the database answers; used by /readyz. */
export async function databaseReady(orm: MikroORM): Promise<boolean> {
  try {
    return (await orm.isConnected()) && (await orm.em.fork().getConnection().execute('select 1 as ok')).length === 1;
  } catch {
    return false;
  }
}

/**
 * No type or field has a cache hint, so Apollo's default cache-control plugin always ends with
 * `cache-control: no-store`; this says so without the plugin, whose hook runs for every field
 * resolved (and makes Apollo wrap every resolver).
 */
function noStore(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/**
 * One subgraph on its own loopback port. Inline tracing (ftv1) and the landing page are off: the
 * subgraph speaks only to the gateway.
 */
export async function startSubgraphServer(options: {
  definition: SubgraphDefinition;
  orm: MikroORM;
  logger: Logger;
  host: string;
  port: number;
  maxBodyBytes: number;
  /** Requests without this key (i.e. not from the gateway) are refused. */
  gatewayKey: string;
}): Promise<SubgraphServer> {
  const { definition, orm, logger } = options;
  const { schema } = await buildFederatedSchema(definition);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createFormatError(logger.child({ subgraph: definition.name })),
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), noStore()],
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown: Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const graphql = createApolloHandler(
    apollo,
    async (req, body) => {
      // The gateway names each fetch after the client's operation (ProductCoverage__catalog__0).
      noteRequest({ operationName: (body as { operationName?: unknown } | undefined)?.operationName });
      return createContext(orm, decodeViewer(req.headers));
    },
    { maxBodyBytes: options.maxBodyBytes },
  );
  observeDatabasePool(orm);
  const requestLogger = logger.child({ subgraph: definition.name });
  const running: RunningServer = await listen(
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/graphql') {
        if (!hasGatewayKey(req.headers, options.gatewayKey)) {
          return sendJson(res, 401, { errors: [{ message: 'Subgraphs answer only the gateway', extensions: { code: 'UNAUTHENTICATED' } }] });
        }
        return void observeSubgraphRequest(definition.name, req, res, requestLogger, () => graphql(req, res));
      }
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        return void databaseReady(orm).then((ok) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' }));
      }
      sendJson(res, 404, { error: 'not found' });
    },
    options.host,
    options.port,
  );
  const url = `http://${options.host}:${running.port}/graphql`;
  logger.info({ subgraph: definition.name, url }, 'subgraph listening');
  return {
    name: definition.name,
    url,
    async stop() {
      await running.close();
      await apollo.stop();
    },
  };
}
