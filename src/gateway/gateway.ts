import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { PROJECT_ROOT, type SubgraphName } from '../config/env';
import { viewerFromHeaders } from '../graphql/context';
import { createFormatError } from '../graphql/errors';
import { createApolloHandler, sendJson } from '../http/apollo-handler';
import { listen } from '../http/listen';
import { type GatewayContext, SubgraphDataSource } from './subgraph-data-source';

export const SUPERGRAPH_FILE = path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql');


/** Extra HTTP routes served beside /graphql (exports, reports, the playground). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Ready when every subgraph answers its own /readyz (each checks the database). */
async function subgraphsReady(urls: Record<string, string>): Promise<{ ready: boolean; subgraphs: Record<string, string> }> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const res = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(2_000) });
        return [name, res.ok ? 'ready' : `not ready (${res.status})`] as const;
      } catch {
        return [name, 'unreachable'] as const;
      }
    }),
  );
  return { ready: entries.every(([, s]) => s === 'ready'), subgraphs: Object.fromEntries(entries) };
}

/**
 * Apollo Gateway from the checked-in supergraph, with the subgraph URLs set at start-up so the same
 * file serves every deployment. It is the only public door; it forwards the caller's identity.
 */
export async function startGateway(options: {
  subgraphUrls: Record<SubgraphName, string>;
  host: string;
  port: number;
  logger: Logger;
  maxBodyBytes: number;
  routes?: RouteHandler[];
  supergraphSdl?: string;
}): Promise<RunningGateway> {
  const { logger, subgraphUrls } = options;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_FILE, 'utf8'),
    buildService: ({ name, url }) =>
      new SubgraphDataSource({ url: subgraphUrls[name as SubgraphName] ?? url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createFormatError(logger.child({ component: 'gateway' })),
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown: Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // No cache hints are used; the default plugin costs throughput for nothing.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  const graphql = createApolloHandler(apollo, async (req) => ({ actor: viewerFromHeaders(req.headers)?.id ?? null }), {
    maxBodyBytes: options.maxBodyBytes,
  });
  const routes = options.routes ?? [];
  const running = await listen(
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        for (const route of routes) if (await route(req, res, url)) return;
        if (url.pathname === '/graphql') return await graphql(req, res);
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
