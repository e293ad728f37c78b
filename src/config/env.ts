import path from 'node:path';
import { z } from 'zod';
import { type AuthSettings, DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEVELOPMENT_SECRET, parseDuration } from '../auth/tokens';

// Configuration is read once, validated as a whole, and handed around as a typed object. A bad value
// stops the process with every problem listed, instead of surfacing later as an odd failure.

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalUrl = z.string().url().optional();
/** "90s", "30m", "12h", "7d" or plain seconds. */
const duration = (max: number) =>
  z
    .string()
    .transform((v, ctx) => {
      const seconds = parseDuration(v);
      if (seconds === null || seconds > max) {
        ctx.addIssue({ code: 'custom', message: `must be a duration such as 90s, 30m, 12h or 7d, at most ${max} s` });
        return z.NEVER;
      }
      return seconds;
    });
const milliseconds = z.coerce.number().int().min(0).max(3_600_000);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  SUBGRAPH_HOST: z.string().min(1).default('127.0.0.1'),
  FRAMEWORK_PORT: port.optional(),
  MEMBERSHIP_PORT: port.optional(),
  CATALOG_PORT: port.optional(),
  CERTIFICATION_PORT: port.optional(),
  FRAMEWORK_URL: optionalUrl,
  MEMBERSHIP_URL: optionalUrl,
  CATALOG_URL: optionalUrl,
  CERTIFICATION_URL: optionalUrl,
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  DB_STATEMENT_TIMEOUT_MS: milliseconds.default(15_000),
  DB_ACQUIRE_TIMEOUT_MS: milliseconds.min(100).default(5_000),
  REQUEST_TIMEOUT_MS: milliseconds.default(30_000),
  MIGRATE_ON_BOOT: bool.optional(),
  SEED_DEMO: bool.default(true),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_JWKS_URL: optionalUrl,
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_MAX_TOKEN_LIFETIME: duration(30 * 86400).optional(),
  AUTH_CLOCK_SKEW: duration(600).optional(),
  SUBGRAPH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  INTROSPECTION: bool.optional(),
});

export const SUBGRAPH_NAMES = ['framework', 'membership', 'catalog', 'certification'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  host: string;
  port: number;
  subgraphHost: string;
  /** Port each subgraph listens on when it runs in this process (0 = a free port). */
  subgraphPorts: Record<SubgraphName, number | undefined>;
  /** Where the gateway finds subgraphs that run elsewhere (split mode). */
  subgraphUrls: Record<SubgraphName, string | undefined>;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number | undefined;
  /** statement_timeout on a PostgreSQL server, and the watchdog on a silent connection (0: none). */
  dbStatementTimeoutMs: number;
  /** Longest wait for a pooled or new database connection. */
  dbAcquireTimeoutMs: number;
  /** The gateway's deadline for a whole GraphQL request's subgraph calls (0: none). */
  requestTimeoutMs: number;
  /** Undefined: the mode decides (all-in-one migrates, a lone subgraph does not). */
  migrateOnBoot: boolean | undefined;
  seedDemo: boolean;
  maxBodyBytes: number;
  projectRoot: string;
  auth: AuthSettings;
  /** True when tokens are checked with the well-known development secret (never in production). */
  developmentAuth: boolean;
  /** The key subgraphs require from the gateway; undefined means "make one up" (all-in-one only). */
  subgraphSecret: string | undefined;
  /** Introspection and "did you mean" suggestions: on in development, off in production. */
  introspection: boolean;
}

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "unset", as they do in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  const developmentAuth = !c.AUTH_JWKS_URL && (!c.AUTH_JWT_SECRET || c.AUTH_JWT_SECRET === DEVELOPMENT_SECRET);
  if (production && developmentAuth) {
    throw new ConfigError(['AUTH_JWT_SECRET: production needs its own secret (or AUTH_JWKS_URL); the development secret is public']);
  }
  return {
    env: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    host: c.HOST,
    port: c.PORT,
    subgraphHost: c.SUBGRAPH_HOST,
    subgraphPorts: {
      framework: c.FRAMEWORK_PORT,
      membership: c.MEMBERSHIP_PORT,
      catalog: c.CATALOG_PORT,
      certification: c.CERTIFICATION_PORT,
    },
    subgraphUrls: {
      framework: c.FRAMEWORK_URL,
      membership: c.MEMBERSHIP_URL,
      catalog: c.CATALOG_URL,
      certification: c.CERTIFICATION_URL,
    },
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(PROJECT_ROOT, c.DATA_DIR),
    dbPoolMax: c.DB_POOL_MAX,
    dbStatementTimeoutMs: c.DB_STATEMENT_TIMEOUT_MS,
    dbAcquireTimeoutMs: c.DB_ACQUIRE_TIMEOUT_MS,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    migrateOnBoot: c.MIGRATE_ON_BOOT,
    seedDemo: c.SEED_DEMO,
    maxBodyBytes: c.MAX_BODY_BYTES,
    projectRoot: PROJECT_ROOT,
    auth: {
      jwtSecret: c.AUTH_JWT_SECRET,
      jwksUrl: c.AUTH_JWKS_URL,
      issuer: c.AUTH_ISSUER,
      audience: c.AUTH_AUDIENCE,
      maxTokenLifetimeSeconds: c.AUTH_MAX_TOKEN_LIFETIME ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
      clockSkewSeconds: c.AUTH_CLOCK_SKEW ?? DEFAULT_CLOCK_SKEW_SECONDS,
    },
    developmentAuth,
    subgraphSecret: c.SUBGRAPH_SECRET,
    introspection: c.INTROSPECTION ?? !production,
  };
}
