/* global process, global */
// Preloaded into the server by bench/memory-soak.ts (node --require): answers "memory" on the IPC
// channel with the process's memory after a full garbage collection (node --expose-gc).
const mb = (n) => Math.round(n / 1048576);
if (process.send) {
  process.on('message', (message) => {
    if (message !== 'memory') return;
    if (global.gc) global.gc();
    const u = process.memoryUsage();
    process.send({ rssMb: mb(u.rss), heapUsedMb: mb(u.heapUsed), externalMb: mb(u.external), arrayBuffersMb: mb(u.arrayBuffers) });
  });
  // The channel must not keep the server alive on its own.
  process.channel.unref();
}
