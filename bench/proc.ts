import fs from 'node:fs';

// CPU time and resident memory of a process and every process below it, read from /proc (Linux).
// The server may run as one process or as a gateway with child processes; either way the whole
// tree is what a request costs.

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks (children that already exited count through cutime/cstime). */
  cpuTicks: number;
}

function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it start past the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
  const n = (field: number) => Number(fields[field - 3]);
  return { pid, ppid: n(4), cpuTicks: n(14) + n(15) + n(16) + n(17) };
}

/** The pid and every descendant of it that is alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    if (!fs.existsSync(`/proc/${pid}`)) continue;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU milliseconds used so far by the tree under each root (user + system). */
export function cpuMs(roots: number[]): number {
  let ticks = 0;
  for (const root of roots) for (const pid of processTree(root)) ticks += readStat(pid)?.cpuTicks ?? 0;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Resident memory of the tree under each root, in MB (VmRSS summed). */
export function rssMb(roots: number[]): number {
  let kb = 0;
  for (const root of roots) {
    for (const pid of processTree(root)) {
      try {
        const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (match) kb += Number(match[1]);
      } catch {
        // gone in between: nothing to add
      }
    }
  }
  return Math.round(kb / 1024);
}
