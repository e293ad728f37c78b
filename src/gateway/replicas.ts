/** How long a replica that refused a connection is passed over before it is tried again. */
const DOWN_FOR_MS = 2_000;

function refusedConnection(err: unknown): boolean {
  // node:http reports the socket error itself; fetch (undici) wraps it as the cause of "fetch failed".
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === 'ECONNREFUSED' || e?.cause?.code === 'ECONNREFUSED';
}

/**
 * A fetch over the replicas of one subgraph: round robin, and a replica that refuses the connection is
 * skipped (the request goes to the next one at once) and left alone for a moment. Only a refused
 * connection moves on: the request never reached that replica, so even a mutation is safe to resend.
 * Any other failure (a reset mid-answer, a timeout, the request's deadline) is the caller's, as with a
 * single URL. Each try goes through `base` (the gateway's deadline-aware fetch), so the deadline bounds
 * the whole request, not each replica.
 */
export function replicaFetch<Init, Res>(
  urls: readonly string[],
  base: (url: string, init: Init) => Promise<Res>,
): (input: unknown, init: Init) => Promise<Res> {
  if (urls.length === 0) throw new Error('replicaFetch needs at least one URL');
  if (urls.length === 1) return (_input, init) => base(urls[0], init);
  const downUntil = new Array<number>(urls.length).fill(0);
  let next = 0;
  return async (_input, init) => {
    const now = Date.now();
    const start = next;
    next = (next + 1) % urls.length;
    // Up replicas first, in turn from this request's slot; down ones last, in case all are down.
    const order = urls.map((_, i) => (start + i) % urls.length);
    order.sort((a, b) => Number(downUntil[a] > now) - Number(downUntil[b] > now));
    let lastError: unknown;
    for (const i of order) {
      try {
        const res = await base(urls[i], init);
        downUntil[i] = 0;
        return res;
      } catch (err) {
        if (!refusedConnection(err)) throw err;
        downUntil[i] = Date.now() + DOWN_FOR_MS;
        lastError = err;
      }
    }
    throw lastError;
  };
}
