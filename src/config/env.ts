import path from 'node:path';
import { z } from 'zod';
import { type AuthSettings, DEVELOPMENT_SECRET } from '../auth/tokens';

// Configuration is read once, validated as a whole, and handed around as a typed object. A bad value
// stops the process with every problem listed, instead of surfacing later as an odd failure.

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalUrl = z.string().url().optional();
/** One URL or several, comma-separated (replicas the gateway balances over). */
const urlList = z
  .string()
  .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
  .pipe(z.array(z.string().url()).min(1))
  .optional();

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
  FRAMEWORK_URL: urlList,
  MEMBERSHIP_URL: urlList,
  CATALOG_URL: urlList,
  CERTIFICATION_URL: urlList,
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  MIGRATE_ON_BOOT: bool.optional(),
  SEED_DEMO: bool.default(true),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_JWKS_URL: optionalUrl,
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  SUBGRAPH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  INTROSPECTION: bool.optional(),
  PROCESSES: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default('auto'),
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
  RESPONSE_CACHE_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(0),
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
  /** Where the gateway finds subgraphs that run elsewhere (split mode); several URLs are replicas. */
  subgraphUrls: Record<SubgraphName, string[] | undefined>;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number | undefined;
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
  /** All-in-one: 'auto' (one per core) or a number; 1 keeps everything in one process. */
  processes: 'auto' | number;
  responseCache: { enabled: boolean; maxEntries: number; maxAgeSeconds: number };
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
    migrateOnBoot: c.MIGRATE_ON_BOOT,
    seedDemo: c.SEED_DEMO,
    maxBodyBytes: c.MAX_BODY_BYTES,
    projectRoot: PROJECT_ROOT,
    auth: { jwtSecret: c.AUTH_JWT_SECRET, jwksUrl: c.AUTH_JWKS_URL, issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE },
    developmentAuth,
    subgraphSecret: c.SUBGRAPH_SECRET,
    introspection: c.INTROSPECTION ?? !production,
    processes: c.PROCESSES,
    responseCache: { enabled: c.RESPONSE_CACHE === 'on', maxEntries: c.RESPONSE_CACHE_ENTRIES, maxAgeSeconds: c.RESPONSE_CACHE_MAX_AGE },
  };
}
