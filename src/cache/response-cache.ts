import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { createHash } from 'node:crypto';
import { observeCacheCounters } from '../observability';
import { dependenciesOf } from './cacheable-reads';
import type { RevisionReader } from './revision.repository';

/** Hits and misses of the public response cache, for tests, logs and metrics (finops_cache_lookups_total{cache="response"}). */
export const responseCacheCounters = {
  /** Answered without running the operation: from the process cache, or 304 Not Modified. */
  hits: 0,
  /** Cacheable, but run (first time, evicted, or a revision it read moved); an answer with errors is not kept. */
  misses: 0,
  /** Of the hits, how many were a 304 to a conditional GET. */
  notModified: 0,
  /** Anonymous queries reading fields the revisions do not cover; run every time. */
  uncacheable: 0,
  /** Entries dropped to keep within RESPONSE_CACHE_ENTRIES. */
  evictions: 0,
  reset(): void {
    this.hits = this.misses = this.notModified = this.uncacheable = this.evictions = 0;
  },
};

export interface ResponseCacheOptions {
  /** Off: no process cache, no ETag; answers still say `no-store` for signed-in callers. */
  enabled: boolean;
  maxEntries: number;
  /** 0: `public, no-cache` (a browser or CDN keeps the answer and asks again with If-None-Match). */
  maxAgeSeconds: number;
  /** Null when the gateway has no database (split gateway without DATABASE_URL): nothing is cached. */
  revisions: RevisionReader | null;
  /** Changes when the schema does, so an ETag from another build never matches. */
  schemaTag: string;
}

interface Entry {
  revisions: string;
  result: FormattedExecutionResult;
}

interface Viewed {
  viewer: unknown;
}

interface Pending {
  key: string;
  revisions: string;
  etag: string;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('base64url');

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag.replace(/^W\//, '') === etag.replace(/^W\//, '');
  });
}

/**
 * The gateway's cache of public answers. Only anonymous queries whose every field is one the revision
 * counters cover (see cacheable-reads.ts) take part; their answer is keyed by the query, its variables
 * and the current revisions of what it reads (one statement reads them before the operation runs, so
 * an answer is never filed under revisions older than the data it saw). A write bumps a revision in its
 * own transaction, so the next read misses and is fresh. Signed-in callers never read or fill it.
 */
export function responseCachePlugin<TContext extends Viewed>(options: ResponseCacheOptions): ApolloServerPlugin<TContext> {
  const entries = new Map<string, Entry>();
  const pendingOf = new WeakMap<object, Pending>();
  const reader = options.enabled ? options.revisions : null;
  // Read at each scrape of this process's metrics; only a gateway that keeps a cache reports one.
  if (reader) observeCacheCounters('response', () => ({ hit: responseCacheCounters.hits, miss: responseCacheCounters.misses }));
  const publicControl = options.maxAgeSeconds > 0 ? `public, max-age=${options.maxAgeSeconds}` : 'public, no-cache';

  function remember(key: string, entry: Entry): void {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > options.maxEntries) {
      entries.delete(entries.keys().next().value!);
      responseCacheCounters.evictions += 1;
    }
  }

  function publicHeaders(rc: GraphQLRequestContext<TContext>, etag: string): void {
    const headers = rc.response.http.headers;
    headers.set('cache-control', publicControl);
    headers.set('etag', etag);
    headers.set('vary', 'authorization');
  }

  return {
    async requestDidStart() {
      return {
        async responseForOperation(rc): Promise<GraphQLResponse | null> {
          if (!reader || rc.contextValue.viewer || rc.operation?.operation !== 'query') return null;
          const deps = dependenciesOf(rc.schema, rc.document, rc.operation)?.(rc.request.variables ?? {});
          if (!deps) {
            responseCacheCounters.uncacheable += 1;
            return null;
          }
          let current: Map<string, string>;
          try {
            current = await reader(deps);
          } catch {
            // The database is what the operation needs too: let it run and report its own error.
            return null;
          }
          const revisions = deps.map((k) => `${k}=${current.get(k)}`).join(',');
          const key = sha(`${rc.queryHash}\n${rc.operationName ?? ''}\n${JSON.stringify(rc.request.variables ?? {})}`);
          const etag = `W/"${sha(`${options.schemaTag}\n${key}\n${revisions}`)}"`;
          const cached = entries.get(key);
          const fresh = cached && cached.revisions === revisions ? cached : undefined;
          // Same query, same variables, same revisions: the client's copy is the answer.
          if (rc.request.http?.method === 'GET' && matches(rc.request.http.headers.get('if-none-match'), etag)) {
            responseCacheCounters.hits += 1;
            responseCacheCounters.notModified += 1;
            publicHeaders(rc, etag);
            rc.response.http.status = 304;
            return { http: rc.response.http, body: { kind: 'single', singleResult: {} } };
          }
          if (fresh) {
            responseCacheCounters.hits += 1;
            remember(key, fresh);
            publicHeaders(rc, etag);
            return { http: rc.response.http, body: { kind: 'single', singleResult: fresh.result } };
          }
          responseCacheCounters.misses += 1;
          pendingOf.set(rc, { key, revisions, etag });
          return null;
        },

        async willSendResponse(rc) {
          const headers = rc.response.http.headers;
          if (headers.has('etag')) return;
          const pending = pendingOf.get(rc);
          const body = rc.response.body;
          if (pending && body.kind === 'single' && !body.singleResult.errors?.length && body.singleResult.data) {
            remember(pending.key, { revisions: pending.revisions, result: { data: body.singleResult.data } });
            publicHeaders(rc, pending.etag);
            return;
          }
          headers.set('cache-control', rc.contextValue?.viewer ? 'private, no-store' : 'no-store');
        },
      };
    },
  };
}
