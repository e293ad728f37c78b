import fs from 'node:fs';
import path from 'node:path';
import { processTree, rssMb } from './proc';

// The server's memory split into its parts, for the soak: every node process of the server's tree
// runs bench/memory-probe.cjs (NODE_OPTIONS=--require), which on SIGUSR2 collects garbage and writes
// its own figures to MEMORY_PROBE_DIR/<pid>.json. RSS is the whole tree's, read from /proc.

export const MEMORY_PROBE = path.join(__dirname, 'memory-probe.cjs');

export interface MemoryBreakdown {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  /** The young generation's part of heapTotal. */
  newSpaceMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  wasmMb: number;
}

/** The environment that preloads the probe into the server's node processes. */
export function probeEnv(dir: string): Record<string, string> {
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${MEMORY_PROBE}`.trim(), MEMORY_PROBE_DIR: dir };
}

function isNode(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node';
  } catch {
    return false;
  }
}

/** Asks each node process of the tree for its figures and adds them up (after a settle of settleMs). */
export async function serverMemory(root: number, dir: string, settleMs = 2000): Promise<MemoryBreakdown> {
  await new Promise((r) => setTimeout(r, settleMs));
  const pids = processTree(root).filter(isNode);
  const asked = Date.now();
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  const total: MemoryBreakdown = { rssMb: 0, heapUsedMb: 0, heapTotalMb: 0, newSpaceMb: 0, externalMb: 0, arrayBuffersMb: 0, wasmMb: 0 };
  for (const pid of pids) {
    const file = path.join(dir, `${pid}.json`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answer = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MemoryBreakdown & { at: number }) : null;
      if (answer && answer.at >= asked) {
        for (const key of ['heapUsedMb', 'heapTotalMb', 'newSpaceMb', 'externalMb', 'arrayBuffersMb', 'wasmMb'] as const) total[key] += answer[key];
        break;
      }
      if (Date.now() > deadline) throw new Error(`process ${pid} of the server did not report its memory (is ${MEMORY_PROBE} preloaded?)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  total.rssMb = rssMb([root]);
  return total;
}

/**
 * Bounded when, from the first round to the last, the memory that holds data (V8 heap used after a
 * full GC, plus external, which includes the WebAssembly memory) grew less than the tolerance, and
 * RSS after the idle is within the tolerance of RSS after the first round. The first round may fill
 * pools and buffers once; the V8 heap's capacity (heapTotal) swings with the load and is given back
 * when the process is idle, so RSS right after a round is reported but not judged.
 */
export function soakVerdict(
  rounds: readonly MemoryBreakdown[],
  idle: MemoryBreakdown,
  toleranceMb: number,
): { bounded: boolean; liveGrowthMb: number; idleGrowthMb: number } {
  if (rounds.length < 2) throw new Error('a verdict needs at least two rounds');
  const first = rounds[0];
  const last = rounds[rounds.length - 1];
  const liveGrowthMb = last.heapUsedMb + last.externalMb - (first.heapUsedMb + first.externalMb);
  const idleGrowthMb = idle.rssMb - first.rssMb;
  return { bounded: liveGrowthMb < toleranceMb && idleGrowthMb < toleranceMb, liveGrowthMb, idleGrowthMb };
}
