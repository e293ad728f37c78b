import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import { ensurePlaygroundBundle } from '../playground/bundle-playground';
import { createPlaygroundHandler, playgroundTabsFromDocuments } from '../playground/playground.handler';
import { savedOperations } from '../playground/saved-operations';
import type { RouteHandler } from './gateway';

/** The saved playground tabs, in the order a reviewer meets them. */
export const PLAYGROUND_TABS = ['FrameworkEdition', 'CapabilityLineage', 'Organizations', 'FrameworkEditions'];

/**
 * Everything the gateway serves besides GraphQL: the in-browser playground (bundled from the npm
 * package into .cache on first start, so it works offline).
 */
export async function createGatewayRoutes(
  config: AppConfig,
  logger: Logger,
  developmentToken: string | null = null,
): Promise<RouteHandler[]> {
  void config;
  const bundle = await ensurePlaygroundBundle();
  if (bundle.built) logger.info({ dir: bundle.dir, ms: bundle.durationMs, bytes: bundle.bytes }, 'playground bundle built');
  const playground = createPlaygroundHandler({
    endpoint: '/graphql',
    bundleDir: bundle.dir,
    // In development the playground opens already signed in as a reviewer.
    defaultHeaders: developmentToken ? JSON.stringify({ Authorization: `Bearer ${developmentToken}` }, null, 2) : '{}',
    tabs: playgroundTabsFromDocuments(savedOperations(PLAYGROUND_TABS)),
  });
  return [(req, res) => playground(req, res)];
}
