import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { inject } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/config/logger';
import { mintToken } from '../../src/auth/tokens';
import { sqlStatements } from '../../src/db/query-counter';
import type { Role } from '../../src/domain/access/roles';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestApp {
  app: RunningApp;
  url: string;
  /** POSTs an operation to the gateway over HTTP, as a client would. */
  request<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Like request, but fails the test with the whole body when there are top-level errors. */
  data<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V, headers?: Record<string, string>): Promise<T>;
  /**
   * Like request, but expects the operation to be refused with one top-level error (a refusal or a
   * conflict of state) and no data for it; returns its code, message and field.
   */
  refused<T, V>(
    document: TypedDocumentNode<T, V> | string,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<{ code: string | undefined; message: string; field: unknown }>;
  /** SQL statements the operation sent (all subgraphs run in this process). */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
  stop(): Promise<void>;
}

/** The whole product (gateway + every subgraph) in this process, on the run's test database. */
// Production refuses to start without a badge signing key and a public URL: a key made for the tests.
const PRODUCTION_BADGES = {
  BADGE_SIGNING_KEY: JSON.stringify({
    kty: 'OKP',
    crv: 'Ed25519',
    d: 'ZtMiuDCC1n6wgQToYk7e4y6WrfbWXXWhOcSwPgnytX8',
    x: 'OCMIH6PAvpoGxzwe5t63IRZOXgZVY_lxIcv0mq4xdjk',
  }),
  PUBLIC_URL: 'https://catalog.example.org',
};

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  if (env.NODE_ENV === 'production') env = { ...PRODUCTION_BADGES, ...env };
  const database = inject('database');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    DATABASE_URL: database.url,
    DB_POOL_MAX: database.embedded ? '1' : '4',
    MIGRATE_ON_BOOT: 'false',
    ...env,
  });
  const app = await startApp(config, createLogger(config));
  const url = app.gateway.url.replace('localhost', '127.0.0.1');
  const request = async <T, V>(document: TypedDocumentNode<T, V> | string, variables?: V, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
    });
    const body = (await res.json()) as GraphQLResponse<T>;
    return { ...body, status: res.status };
  };
  return {
    app,
    url,
    request,
    async data(document, variables, headers) {
      const body = await request(document, variables, headers);
      if (body.errors?.length || !body.data) {
        throw new Error(`GraphQL errors:\n${JSON.stringify(body, null, 2)}`);
      }
      return body.data;
    },
    async refused(document, variables, headers) {
      const body = await request(document, variables, headers);
      if (body.errors?.length !== 1) throw new Error(`Expected one top-level error:\n${JSON.stringify(body, null, 2)}`);
      const [error] = body.errors;
      return { code: error.extensions?.code, message: error.message, field: error.extensions?.field };
    },
    countStatements: (fn) => sqlStatements.during(fn),
    stop: () => app.stop(),
  };
}

/** A name no other test file uses, so files can share the database. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Headers of a signed-in caller (development secret, as the test app uses): `as('REVIEWER')`,
 * `as('VENDOR', orgId)`. The subject defaults to a name unique to the role and organization.
 */
export async function as(role: Role, organizationId?: string | null, sub?: string): Promise<Record<string, string>> {
  const token = await mintToken({
    sub: sub ?? `test-${role.toLowerCase()}${organizationId ? `-${organizationId}` : ''}`,
    role,
    org: organizationId ?? null,
  });
  return { authorization: `Bearer ${token}` };
}
