import path from 'node:path';
import { z } from 'zod';
import { type AuthSettings, DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEVELOPMENT_SECRET, parseDuration } from '../auth/tokens';

// Configuration is read once, validated as a whole, and handed around as a typed object. A bad value
// stops the process with every problem listed, instead of surfacing later as an odd failure.

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalUrl = z.string().url().optional();
/** "90s", "30m", "12h", "7d" or plain seconds. */
const duration = (max: number) =>
  z.string().transform((v, ctx) => {
    const seconds = parseDuration(v);
    if (seconds === null || seconds > max) {
      ctx.addIssue({ code: 'custom', message: `must be a duration such as 90s, 30m, 12h or 7d, at most ${max} s` });
      return z.NEVER;
    }
    return seconds;
  });
const milliseconds = z.coerce.number().int().min(0).max(3_600_000);
/** One URL or several, comma-separated (replicas the gateway balances over). */
const urlList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
  )
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
  DB_STATEMENT_TIMEOUT_MS: milliseconds.default(15_000),
  DB_ACQUIRE_TIMEOUT_MS: milliseconds.min(100).default(5_000),
  REQUEST_TIMEOUT_MS: milliseconds.default(30_000),
  MIGRATE_ON_BOOT: bool.optional(),
  SEED_DEMO: bool.default(true),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_JWKS_URL: optionalUrl,
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_MAX_TOKEN_LIFETIME: duration(30 * 86400).optional(),
  AUTH_CLOCK_SKEW: duration(600).optional(),
  SUBGRAPH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  INTROSPECTION: bool.optional(),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SLOW_SQL_MS: z.coerce.number().int().min(0).default(200),
  // The standard OpenTelemetry variables this product reads (the exporter reads its own endpoint ones).
  OTEL_SDK_DISABLED: bool.optional(),
  OTEL_TRACES_EXPORTER: z.string().min(1).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0).optional(),
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  BADGE_SIGNING_KEY: z.string().optional(),
  BADGE_PREVIOUS_PUBLIC_KEYS: z.string().optional(),
  PROCESSES: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default('auto'),
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
  RESPONSE_CACHE_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(0),
});

/** A JSON Web Key as configuration gives it (checked by badgeKeyProblems). */
export type BadgeJwk = Record<string, unknown> & { kty: string; crv: string; kid?: string };

export interface BadgeSettings {
  /** The private signing key (Ed25519 or P-256); undefined: generated in DATA_DIR (development) or made up per process (test). */
  signingKey: BadgeJwk | undefined;
  /** Public keys of earlier signing keys, still published in the JWKS so older badges verify. */
  previousPublicKeys: BadgeJwk[];
  /** Base of every URL in a badge; undefined: the gateway's own URL. */
  publicUrl: string | undefined;
}

/** Ed25519 (OKP) or P-256 (EC): the curves of EdDSA and ES256. Private keys need `d`, public ones must not have it. */
function jwkProblem(jwk: unknown, isPrivate: boolean): string | null {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) return 'must be a JSON Web Key object';
  const k = jwk as Record<string, unknown>;
  const okp = k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string';
  const ec = k.kty === 'EC' && k.crv === 'P-256' && typeof k.x === 'string' && typeof k.y === 'string';
  if (!okp && !ec) return 'must be an Ed25519 (kty OKP) or P-256 (kty EC) key';
  if (isPrivate && typeof k.d !== 'string') return 'must be a private key (with "d")';
  if (!isPrivate && 'd' in k) return 'must hold public keys only (no "d")';
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function badgeSettings(
  c: { BADGE_SIGNING_KEY?: string; BADGE_PREVIOUS_PUBLIC_KEYS?: string; PUBLIC_URL?: string },
  problems: string[],
): BadgeSettings {
  let signingKey: BadgeJwk | undefined;
  if (c.BADGE_SIGNING_KEY !== undefined) {
    const parsed = parseJson(c.BADGE_SIGNING_KEY);
    const problem = jwkProblem(parsed, true);
    if (problem) problems.push(`BADGE_SIGNING_KEY: ${problem}`);
    else signingKey = parsed as BadgeJwk;
  }
  let previousPublicKeys: BadgeJwk[] = [];
  if (c.BADGE_PREVIOUS_PUBLIC_KEYS !== undefined) {
    const parsed = parseJson(c.BADGE_PREVIOUS_PUBLIC_KEYS) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | undefined)?.keys;
    if (!Array.isArray(list)) problems.push('BADGE_PREVIOUS_PUBLIC_KEYS: must be a JSON array of public JWKs (or a JWKS {"keys": [...]})');
    else {
      list.forEach((k, i) => {
        const problem = jwkProblem(k, false);
        if (problem) problems.push(`BADGE_PREVIOUS_PUBLIC_KEYS[${i}]: ${problem}`);
      });
      previousPublicKeys = list as BadgeJwk[];
    }
  }
  return { signingKey, previousPublicKeys, publicUrl: c.PUBLIC_URL };
}

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
  /** Prometheus metrics on their own port (never the public one); undefined = no metrics at all. */
  metrics: { host: string; port: number } | undefined;
  /** Statements slower than this are logged with the operation that caused them. */
  slowSqlMs: number;
  tracing: TracingSettings;
  badges: BadgeSettings;
  /** All-in-one: 'auto' (one per core) or a number; 1 keeps everything in one process. */
  processes: 'auto' | number;
  responseCache: { enabled: boolean; maxEntries: number; maxAgeSeconds: number };
}

export interface TracingSettings {
  /** True when the OTEL_* variables ask for OTLP export; false means no tracer is installed at all. */
  enabled: boolean;
  /** OTEL_SERVICE_NAME; unset, each process names itself (gateway, subgraph, all-in-one). */
  serviceName: string | undefined;
  sampler: 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';
  samplerRatio: number;
  scheduleDelayMs: number | undefined;
}

/**
 * Traces go out when OTEL_TRACES_EXPORTER is otlp, or is unset while an OTLP endpoint is: the standard
 * variables, so a collector's usual setup works. Only OTLP over HTTP with JSON is built in.
 */
function tracingSettings(c: z.infer<typeof schema>, problems: string[]): TracingSettings {
  const exporters = (c.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of exporters) if (e !== 'otlp' && e !== 'none') problems.push(`OTEL_TRACES_EXPORTER: only "otlp" or "none" are built in; got "${e}"`);
  const endpoint = c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? c.OTEL_EXPORTER_OTLP_ENDPOINT;
  const wanted = exporters.length ? exporters.includes('otlp') : endpoint !== undefined;
  const enabled = wanted && !c.OTEL_SDK_DISABLED;
  const protocol = c.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? c.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (enabled && protocol && protocol !== 'http/json') {
    problems.push(`OTEL_EXPORTER_OTLP_PROTOCOL: traces are sent as OTLP over HTTP with JSON ("http/json"); got "${protocol}"`);
  }
  return {
    enabled,
    serviceName: c.OTEL_SERVICE_NAME,
    sampler: c.OTEL_TRACES_SAMPLER,
    samplerRatio: c.OTEL_TRACES_SAMPLER_ARG ?? 1,
    scheduleDelayMs: c.OTEL_BSP_SCHEDULE_DELAY,
  };
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
  const problems: string[] = [];
  if (production && developmentAuth) {
    problems.push('AUTH_JWT_SECRET: production needs its own secret (or AUTH_JWKS_URL); the development secret is public');
  }
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT) {
    problems.push('METRICS_PORT: metrics are never served on the public port; choose another port');
  }
  const tracing = tracingSettings(c, problems);
  const badges = badgeSettings(c, problems);
  if (production && !c.BADGE_SIGNING_KEY) problems.push('BADGE_SIGNING_KEY: production needs the private JWK badges are signed with');
  if (production && !c.PUBLIC_URL) problems.push('PUBLIC_URL: production needs the public base URL badges name (e.g. https://catalog.example.org)');
  if (problems.length) throw new ConfigError(problems);
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
    metrics: c.METRICS_PORT === undefined ? undefined : { host: c.METRICS_HOST, port: c.METRICS_PORT },
    slowSqlMs: c.SLOW_SQL_MS,
    tracing,
    badges,
    processes: c.PROCESSES,
    responseCache: { enabled: c.RESPONSE_CACHE === 'on', maxEntries: c.RESPONSE_CACHE_ENTRIES, maxAgeSeconds: c.RESPONSE_CACHE_MAX_AGE },
  };
}
