import type { Logger } from 'pino';
import { createTokenVerifier } from '../auth/tokens';
import { createBadgeRoutes } from '../badges/badge.routes';
import { configureBadges } from '../badges/badges';
import type { AppConfig } from '../config/env';
import type { MikroORM } from '../db/orm';
import { createExportRoutes } from '../exports/exports.handler';
import { ensurePlaygroundBundle } from '../playground/bundle-playground';
import { createPlaygroundHandler, playgroundTabsFromDocuments } from '../playground/playground.handler';
import { savedOperations } from '../playground/saved-operations';
import type { RouteHandler } from '../http/routes';

/** The saved playground tabs, in the order a reviewer meets them. */
export const PLAYGROUND_TABS = [
  'ProductCoverage',
  'ReviewQueue',
  'PathToEligibility',
  'SimulatePathToEligibility',
  'CoverageMatrix',
  'CapabilityLineage',
  'SimulateCertification',
  'EvaluateCertification',
  'CapabilityFeatures',
  'FrameworkEdition',
];

/**
 * Everything the gateway serves besides GraphQL: the in-browser playground (bundled from the npm
 * package into .cache on first start, so it works offline), and the analysts' exports and coverage
 * report, read straight from the database (`orm`; without one they answer 503); the badges, their
 * keys, status list and the public directory.
 */
export async function createGatewayRoutes(
  config: AppConfig,
  logger: Logger,
  developmentToken: string | null = null,
  data: { orm?: MikroORM | null } = {},
): Promise<RouteHandler[]> {
  const bundle = await ensurePlaygroundBundle();
  if (bundle.built) logger.info({ dir: bundle.dir, ms: bundle.durationMs, bytes: bundle.bytes }, 'playground bundle built');
  const playground = createPlaygroundHandler({
    endpoint: '/graphql',
    bundleDir: bundle.dir,
    // In development the playground opens already signed in as a reviewer.
    defaultHeaders: developmentToken ? JSON.stringify({ Authorization: `Bearer ${developmentToken}` }, null, 2) : '{}',
    tabs: playgroundTabsFromDocuments(savedOperations(PLAYGROUND_TABS)),
  });
  const exportRoutes = createExportRoutes({
    orm: data.orm ?? null,
    verifyToken: await createTokenVerifier(config.auth),
    logger,
    playgroundQuery: savedOperations(['ProductCoverage'])[0]?.query ?? '',
  });
  configureBadges(config, logger);
  const badges = createBadgeRoutes({ orm: data.orm ?? null, logger });
  return [exportRoutes, badges, (req, res) => playground(req, res)];
}
