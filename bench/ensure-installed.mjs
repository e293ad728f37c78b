// `npm run bench` first: the benchmark's own dependencies (PostGraphile, the peer) live in bench/,
// not in the product's install. Install them from bench/package-lock.json when they are missing or
// older than the lock file.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const here = import.meta.dirname;
const lock = path.join(here, 'package-lock.json');
const installed = path.join(here, 'node_modules', '.package-lock.json');
if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  process.stderr.write("[bench] installing the benchmark's own dependencies (npm --prefix bench ci)\n");
  execSync('npm --prefix bench ci --no-audit --no-fund', { cwd: path.join(here, '..'), stdio: 'inherit' });
}
