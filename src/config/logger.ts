import pino, { type Logger } from 'pino';
import type { AppConfig } from './env';

export type { Logger };

/** Structured JSON logs (one line per event) on stdout; secrets in headers are never logged. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, name = 'finops-catalog'): Logger {
  return pino({
    name,
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.token'], censor: '[redacted]' },
  });
}
