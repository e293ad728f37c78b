import { describe, expect, it } from 'vitest';
import { replicaFetch } from '../../src/gateway/replicas';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeadlineExceededError, fetchBeforeDeadline } from '../../src/gateway/subgraph-data-source';

// The gateway's fetch over a subgraph's replicas, with a stand-in for the deadline-aware fetch it wraps:
// which replica each call reaches, and which failures move on to the next one.

const A = 'http://127.0.0.1:1/graphql';
const B = 'http://127.0.0.1:2/graphql';
const C = 'http://127.0.0.1:3/graphql';

function refused(): Error {
  return Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
}

/** A base fetch that records each URL it is given and fails for the ones in `down`. */
function recording(down: Set<string>, failure: () => Error = refused) {
  const calls: string[] = [];
  const base = async (url: string, _init: { body: string }) => {
    calls.push(url);
    if (down.has(url)) throw failure();
    return new Response(url);
  };
  return { calls, base };
}

describe('replica round robin', () => {
  it("takes the replicas in turn, each call through the base fetch with the caller's init", async () => {
    const { calls, base } = recording(new Set());
    const inits: unknown[] = [];
    const fetchAll = replicaFetch([A, B, C], async (url: string, init: { body: string }) => {
      inits.push(init);
      return base(url, init);
    });
    for (let i = 0; i < 4; i++) await fetchAll('ignored', { body: `call ${i}` });
    expect(calls).toEqual([A, B, C, A]);
    expect(inits).toEqual([{ body: 'call 0' }, { body: 'call 1' }, { body: 'call 2' }, { body: 'call 3' }]);
  });

  it('moves on at once from a replica that refuses the connection, and passes it over afterwards', async () => {
    const { calls, base } = recording(new Set([A]));
    const fetchAll = replicaFetch([A, B], base);
    const first = await fetchAll('ignored', { body: '' });
    expect(await first.text()).toBe(B);
    expect(calls).toEqual([A, B]);
    // A is down for a while: its turn goes to B without trying A again.
    calls.length = 0;
    await fetchAll('ignored', { body: '' });
    await fetchAll('ignored', { body: '' });
    expect(calls).toEqual([B, B]);
  });

  it("does not resend after the request's deadline or any failure other than a refused connection", async () => {
    const deadline = recording(new Set([A]), () => new DeadlineExceededError());
    await expect(replicaFetch([A, B], deadline.base)('ignored', { body: '' })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(deadline.calls).toEqual([A]);

    const reset = recording(new Set([A]), () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }));
    await expect(replicaFetch([A, B], reset.base)('ignored', { body: '' })).rejects.toThrow('fetch failed');
    expect(reset.calls).toEqual([A]);
  });

  it('reports the refusal when every replica refuses', async () => {
    const { calls, base } = recording(new Set([A, B]));
    await expect(replicaFetch([A, B], base)('ignored', { body: '' })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    expect(calls).toEqual([A, B]);
  });
});

describe("replica round robin over the gateway's own fetch", () => {
  it('skips a replica whose port refuses the connection (node:http reports the error code itself)', async () => {
    const listenOn = (server: http.Server) =>
      new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    // A port that was just free: nothing listens there any more, so connecting is refused.
    const gone = http.createServer();
    const gonePort = await listenOn(gone);
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const live = http.createServer((_req, res) => res.end('{"data":{"ok":true}}'));
    const livePort = await listenOn(live);
    try {
      const fetchAll = replicaFetch([`http://127.0.0.1:${gonePort}/graphql`, `http://127.0.0.1:${livePort}/graphql`], fetchBeforeDeadline);
      for (let i = 0; i < 3; i++) {
        const res = await fetchAll('ignored', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('{"data":{"ok":true}}');
      }
    } finally {
      await new Promise<void>((resolve) => live.close(() => resolve()));
    }
  });
});
