#!/usr/bin/env node
/* global process */
// `npm start` runs compiled JavaScript (dist/), not TypeScript compiled on the fly: this builds dist/
// with tsc when it is missing or older than any source file, the tsconfig or the lockfile, so a fresh
// clone still starts with one command. Plain Node, no dependencies but the project's own typescript.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // The playground's browser code is bundled by esbuild at start, not compiled by tsc.
      if (full !== path.join(root, 'src', 'playground', 'client')) latest = Math.max(latest, newest(full));
    } else if (entry.name.endsWith('.ts')) {
      latest = Math.max(latest, fs.statSync(full).mtimeMs);
    }
  }
  return latest;
}

const inputs = Math.max(
  newest(path.join(root, 'src')),
  ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
);
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (built >= inputs) process.exit(0);

process.stderr.write('Compiling src/ to dist/ (first start, or the sources changed)...\n');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (result.status !== 0) {
  process.stderr.write('The build failed; `npm run typecheck` shows why.\n');
  process.exit(result.status ?? 1);
}
fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
