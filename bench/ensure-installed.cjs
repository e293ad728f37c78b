// `npm run bench` first: the benchmark's own dependencies (PostGraphile, the peer) live in bench/,
// not in the product's install. Install them from bench/package-lock.json when they are missing or
// older than the lock file.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const lock = path.join(__dirname, 'package-lock.json');
const installed = path.join(__dirname, 'node_modules', '.package-lock.json');
if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  process.stderr.write('[bench] installing the benchmark\'s own dependencies (npm --prefix bench ci)\n');
  execSync('npm --prefix bench ci --no-audit --no-fund', { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
}
