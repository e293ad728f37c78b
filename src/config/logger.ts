import pino, { type Logger } from 'pino';
import { traceMixin } from '../observability/request-scope';
import type { AppConfig } from './env';

export type { Logger };

/** Structured JSON logs (one line per event) on stdout; secrets in headers are never logged. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, name = 'finops-catalog'): Logger {
  return pino({
    name,
    level: config.logLevel,
    // Lines written while a request runs carry its trace id (the gateway's, in subgraphs too).
    mixin: traceMixin,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.token'], censor: '[redacted]' },
  });
}
