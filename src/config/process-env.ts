// The few environment switches read or set outside loadConfig(): everything that touches process.env
// lives in src/config.

/** LOG_SQL=1 prints every SQL statement; read each time, so it can be switched on in a running process. */
export function sqlLoggingEnabled(): boolean {
  return process.env.LOG_SQL === '1';
}

/** The database MikroORM's own command-line tool connects to: DATABASE_URL, or a local server. */
export function cliDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/**
 * @apollo/gateway otherwise probes cloud metadata addresses and sends usage metrics to Apollo's
 * servers (it reads this switch from the environment); this product talks to nothing but its subgraphs.
 */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}
