import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { mintToken } from '../auth/tokens';
import { ConfigError, loadConfig } from '../config/env';
import { isRole } from '../domain/access/roles';

// npm run token -- --role reviewer [--sub alice] [--org <organization id>] [--expires 12h]
// Signs with AUTH_JWT_SECRET (the development secret when unset). Prints the token only.

function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      org: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const role = values.role?.toUpperCase();
  if (!isRole(role)) throw new ConfigError(['--role must be one of vendor, reviewer, tac, admin']);
  if (role === 'VENDOR' && !values.org) throw new ConfigError(['--org <organization id> is required for a vendor token']);
  const config = loadConfig();
  if (config.auth.jwksUrl) throw new ConfigError(['AUTH_JWKS_URL is set: tokens come from that identity provider, not from here']);
  return mintToken(
    { sub: values.sub ?? `dev-${role.toLowerCase()}`, role, org: values.org ?? null },
    { secret: config.auth.jwtSecret, expiresIn: values.expires, issuer: config.auth.issuer, audience: config.auth.audience },
  ).then((token) => void process.stdout.write(`${token}\n`));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
