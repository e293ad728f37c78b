/* global process, global, WebAssembly, require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: require is its only import */
// Preloaded into the server (node --require) by bench/memory-soak.ts, which asks for "memory" on the
// IPC channel, and by the benchmark's soak (NODE_OPTIONS), which sends SIGUSR2 to each node process of
// the server and reads MEMORY_PROBE_DIR/<pid>.json. The answer is the process's memory after a full
// garbage collection: RSS, the V8
// heap, external memory and ArrayBuffers as Node counts them, and the WebAssembly linear memories
// (the embedded database's, PGlite) which Node counts in `external`
// (and not in ArrayBuffers). Memories are found by
// wrapping the WebAssembly.Memory constructor before anything runs; WeakRefs keep them collectable.
const mb = (n) => Math.round(n / 1048576);
const memories = [];
const NativeMemory = WebAssembly.Memory;
function TrackedMemory(descriptor) {
  const memory = new NativeMemory(descriptor);
  memories.push(new WeakRef(memory));
  return memory;
}
TrackedMemory.prototype = NativeMemory.prototype;
WebAssembly.Memory = TrackedMemory;

const fs = require('node:fs');
const path = require('node:path');

/** A full collection: node --expose-gc's gc(), or the same function switched on here. */
function collector() {
  if (global.gc) return global.gc;
  require('node:v8').setFlagsFromString('--expose-gc');
  return require('node:vm').runInNewContext('gc');
}
let gc = null;

/** This process's memory in MB, after a full collection. */
function sample() {
  gc ??= collector();
  gc();
  const u = process.memoryUsage();
  let wasm = 0;
  for (const ref of memories) wasm += ref.deref()?.buffer.byteLength ?? 0;
  // The young generation's share of heapTotal (semi-spaces: sized by allocation rate, --max-semi-space-size).
  const young = require('node:v8')
    .getHeapSpaceStatistics()
    .find((s) => s.space_name === 'new_space');
  return {
    rssMb: mb(u.rss),
    heapUsedMb: mb(u.heapUsed),
    heapTotalMb: mb(u.heapTotal),
    newSpaceMb: mb(young?.space_size ?? 0),
    externalMb: mb(u.external),
    arrayBuffersMb: mb(u.arrayBuffers),
    wasmMb: mb(wasm),
  };
}
module.exports = { sample };

if (process.send) {
  process.on('message', (message) => {
    if (message === 'memory') process.send(sample());
  });
  // The channel must not keep the server alive on its own.
  process.channel.unref();
}
if (process.env.MEMORY_PROBE_DIR) {
  const dir = process.env.MEMORY_PROBE_DIR;
  process.on('SIGUSR2', () => {
    const file = path.join(dir, `${process.pid}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...sample(), at: Date.now() }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
