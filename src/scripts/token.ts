import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { mintToken, parseDuration } from '../auth/tokens';
import { ConfigError, loadConfig } from '../config/env';
import { isRole } from '../domain/access/roles';
import { HelpRequested, runCommand, UsageError } from './cli';

// npm run token -- --role reviewer [--sub alice] [--org <organization id>] [--expires 12h]
// Signs with AUTH_JWT_SECRET (the development secret when unset). Prints the token only.

const USAGE =
  'usage: npm run token -- --role <vendor|reviewer|tac|admin> [--org <organization id> (vendor: required)] [--sub <subject>] [--expires <12h|30m|7d>]\n' +
  '  Prints an HS256 token signed with AUTH_JWT_SECRET (the development secret when unset); --expires may not exceed AUTH_MAX_TOKEN_LIFETIME.';

function readArgs() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        org: { type: 'string' },
        expires: { type: 'string', default: '12h' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    // Unknown options, stray arguments, a flag without its value.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function main(): Promise<void> {
  const values = readArgs();
  if (values.help) throw new HelpRequested();
  const role = values.role?.toUpperCase();
  if (!role) throw new UsageError('--role is required');
  if (!isRole(role)) throw new UsageError(`--role must be one of vendor, reviewer, tac, admin; got "${values.role}"`);
  if (role === 'VENDOR' && !values.org) throw new UsageError('--org <organization id> is required for a vendor token');
  const config = loadConfig();
  if (config.auth.jwksUrl) throw new ConfigError(['AUTH_JWKS_URL is set: tokens come from that identity provider, not from here']);
  const seconds = parseDuration(values.expires);
  if (seconds === null) throw new UsageError(`--expires "${values.expires}" is not a duration such as 30m, 12h or 7d`);
  if (seconds > config.auth.maxTokenLifetimeSeconds) {
    throw new UsageError(
      `--expires ${values.expires} is longer than AUTH_MAX_TOKEN_LIFETIME (${config.auth.maxTokenLifetimeSeconds} s): the gateway would refuse it`,
    );
  }
  const token = await mintToken(
    { sub: values.sub ?? `dev-${role.toLowerCase()}`, role, org: values.org ?? null },
    { secret: config.auth.jwtSecret, expiresIn: `${seconds}s`, issuer: config.auth.issuer, audience: config.auth.audience },
  );
  process.stdout.write(`${token}\n`);
}

runCommand('token', USAGE, main);
