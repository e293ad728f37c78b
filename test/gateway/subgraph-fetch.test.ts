import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchBeforeDeadline } from '../../src/gateway/subgraph-data-source';

// The gateway's own HTTP client to the subgraphs keeps connections open between requests. A server
// may close an idle one just as the next request goes out on it: that request was never read, so it
// is sent again once on a new connection, instead of failing as SERVICE_UNAVAILABLE.

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/**
 * A server that answers the first request of each connection (keeping it open) and resets the
 * connection on the second one without answering, as a server closing an idle connection does.
 */
async function resettingServer(): Promise<{ url: string; answered: () => number; connections: () => number }> {
  let answered = 0;
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    let requests = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        requests++;
        if (requests > 1) {
          socket.resetAndDestroy();
          return;
        }
        answered++;
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"data":{}}');
      }
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, answered: () => answered, connections: () => connections };
}

describe('the gateway fetch to a subgraph', () => {
  it('sends a request again, once, on a new connection when the kept-alive one is reset before any answer', async () => {
    const server = await resettingServer();
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' };
    for (let i = 0; i < 3; i++) {
      const res = await fetchBeforeDeadline(server.url, init);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('{"data":{}}');
    }
    // Requests 2 and 3 each met a reset on the reused connection and were answered on a new one.
    expect(server.answered()).toBe(3);
    expect(server.connections()).toBe(3);
  });
});
