import type { IncomingMessage, ServerResponse } from 'node:http';

/** An HTTP route served beside /graphql (exports, reports, the playground): true when it answered. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;
