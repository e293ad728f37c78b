// glibc gives each thread that allocates under contention an arena of its own (up to 8 per core) and
// keeps what is freed there: under a concurrent soak the server's RSS stayed ~200 MB above its
// live memory after the load stopped (V8 heap used flat at ~105 MB). MALLOC_ARENA_MAX=2 gives it back
// (README, Memory under writes). glibc reads the variable once, when the process starts, so the
// package.json start scripts set it for the process they start: each script is run here as npm
// runs it (sh -c) with `tsx` replaced by a stand-in that prints the environment it was given.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/processes';

const run = promisify(execFile);
const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'finops-fake-tsx-'));
afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
fs.writeFileSync(path.join(bin, 'tsx'), '#!/bin/sh\necho "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset} args=$*"\n', { mode: 0o755 });

const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the start scripts cap glibc malloc arenas for the server process', () => {
  it.each([
    ['start', 'src/main.ts'],
    ['start:subgraph', 'src/main.ts subgraph'],
    ['start:gateway', 'src/main.ts gateway'],
  ])('npm run %s', async (name, args) => {
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    delete env.MALLOC_ARENA_MAX;
    const { stdout } = await run('sh', ['-c', scripts[name]], { cwd: PROJECT_ROOT, env });
    expect(stdout.trim()).toBe(`MALLOC_ARENA_MAX=2 args=${args}`);
  });
});
