// Builds the playground's browser bundle (GraphiQL 5, React, Monaco and its workers) with esbuild,
// once per set of inputs, into a cache folder the playground handler serves from. Nothing is fetched
// at run time: the page works offline.
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import * as esbuild from 'esbuild';

import type { PlaygroundManifest } from './playground.types';

export interface EnsurePlaygroundBundleOptions {
  /** Cache folder; default `<project>/.cache/playground` (git-ignored). */
  outDir?: string;
  /** Rebuild even when a bundle for the current inputs exists. */
  force?: boolean;
}

export interface PlaygroundBundle {
  /** Folder holding the bundle: pass it to createPlaygroundHandler as `bundleDir`. */
  dir: string;
  /** False when an existing bundle for the same inputs was reused. */
  built: boolean;
  /** Build time in ms, 0 when reused. */
  durationMs: number;
  /** Total size of the bundle's files (without the .gz copies), in bytes. */
  bytes: number;
  stamp: PlaygroundStamp;
}

export interface PlaygroundStamp {
  hash: string;
  graphiql: string;
  /** Versions of every package whose code lands in the bundle, and of esbuild. */
  versions: Record<string, string>;
  /** sha256 of the client sources (src/playground/client, playground.types.ts) and of this file. */
  sourceHash: string;
}

/** Packages whose code ends up in the bundle: a new version of any of them means a rebuild. */
const BUNDLED_PACKAGES = [
  'graphiql',
  '@graphiql/react',
  '@graphiql/toolkit',
  '@graphiql/plugin-doc-explorer',
  '@graphiql/plugin-history',
  'monaco-editor',
  'monaco-graphql',
  'graphql',
  'react',
  'react-dom',
] as const;

const MANIFEST_FILE = 'manifest.json';
const STAMP_FILE = 'stamp.json';
/** Older bundles stay for processes still serving them; beyond this many they are removed. */
const KEEP_BUNDLES = 3;
const STALE_TEMP_MS = 60 * 60 * 1000;

const inFlight = new Map<string, Promise<PlaygroundBundle>>();

export function ensurePlaygroundBundle(options: EnsurePlaygroundBundleOptions = {}): Promise<PlaygroundBundle> {
  const root = findProjectRoot(__dirname);
  const outDir = path.resolve(options.outDir ?? path.join(root, '.cache', 'playground'));
  // Callers in one process (gateway start, tests) share one build.
  const key = `${outDir}\0${options.force ? 'force' : ''}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = ensure(root, outDir, options.force ?? false).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function ensure(root: string, outDir: string, force: boolean): Promise<PlaygroundBundle> {
  const clientDir = path.join(root, 'src', 'playground', 'client');
  const stamp = await computeStamp(root, clientDir);
  const dir = path.join(outDir, stamp.hash);

  if (!force && (await isComplete(dir))) {
    return { dir, built: false, durationMs: 0, bytes: await bundleBytes(dir), stamp };
  }

  await mkdir(outDir, { recursive: true });
  // Build next to the target and rename it into place, so a reader (or another process building
  // the same inputs) never sees a half-written folder.
  const temp = path.join(outDir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const started = performance.now();
  try {
    const manifest = await build(clientDir, temp, stamp.hash);
    await gzipTextFiles(temp);
    const durationMs = Math.round(performance.now() - started);
    await writeFile(path.join(temp, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
    await writeFile(path.join(temp, STAMP_FILE), JSON.stringify({ ...stamp, builtAt: new Date().toISOString(), durationMs }, null, 2));
    await moveIntoPlace(temp, dir, force);
    await pruneOldBundles(outDir, stamp.hash);
    return { dir, built: true, durationMs, bytes: await bundleBytes(dir), stamp };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function buildOptions(clientDir: string, outdir: string): { main: esbuild.BuildOptions; workers: esbuild.BuildOptions } {
  const common: esbuild.BuildOptions = {
    absWorkingDir: clientDir,
    bundle: true,
    minify: true,
    platform: 'browser',
    target: ['es2022'],
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir,
    // Content hashes in every name: the handler serves assets as immutable.
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    metafile: true,
    write: true,
    logLevel: 'silent',
  };
  return {
    // ESM so Monaco, which GraphiQL imports lazily, lands in chunks loaded after first paint.
    main: {
      ...common,
      entryPoints: { playground: path.join(clientDir, 'main.tsx') },
      format: 'esm',
      splitting: true,
      jsx: 'automatic',
      plugins: [skipMonacoCss],
    },
    // Classic workers: one self-contained script each, started with `new Worker(url)`.
    workers: {
      ...common,
      entryPoints: {
        'editor.worker': path.join(clientDir, 'workers', 'editor.worker.ts'),
        'json.worker': path.join(clientDir, 'workers', 'json.worker.ts'),
        'graphql.worker': path.join(clientDir, 'workers', 'graphql.worker.ts'),
      },
      format: 'iife',
    },
  };
}

/**
 * Monaco's ESM modules import their own CSS, which esbuild would emit per lazy chunk without ever
 * loading it. graphiql/style.css already carries the same Monaco CSS (and its fonts inlined), so
 * those imports become empty modules.
 */
const skipMonacoCss: esbuild.Plugin = {
  name: 'skip-monaco-css',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\.css$/ }, (args) =>
      /[\\/]node_modules[\\/]monaco-editor[\\/]/.test(args.importer) ? { path: args.path, namespace: 'skip-monaco-css' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'skip-monaco-css' }, () => ({ contents: '', loader: 'empty' }));
  },
};

async function build(clientDir: string, outdir: string, stampHash: string): Promise<PlaygroundManifest> {
  const options = buildOptions(clientDir, outdir);
  const [main, workers] = await Promise.all([esbuild.build(options.main), esbuild.build(options.workers)]);

  const entryOutput = (result: esbuild.BuildResult, entry: string) => {
    const found = Object.entries(result.metafile?.outputs ?? {}).find(
      ([, output]) => output.entryPoint !== undefined && path.resolve(clientDir, output.entryPoint) === path.join(clientDir, entry),
    );
    if (!found) throw new Error(`playground bundle: esbuild produced no output for ${entry}`);
    return { file: path.relative(outdir, path.resolve(clientDir, found[0])), css: found[1].cssBundle };
  };
  const js = entryOutput(main, 'main.tsx');
  if (!js.css) throw new Error('playground bundle: esbuild produced no CSS for main.tsx');
  return {
    stamp: stampHash,
    js: js.file,
    css: path.relative(outdir, path.resolve(clientDir, js.css)),
    workers: {
      editor: entryOutput(workers, path.join('workers', 'editor.worker.ts')).file,
      json: entryOutput(workers, path.join('workers', 'json.worker.ts')).file,
      graphql: entryOutput(workers, path.join('workers', 'graphql.worker.ts')).file,
    },
  };
}

async function computeStamp(root: string, clientDir: string): Promise<PlaygroundStamp> {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const versions: Record<string, string> = { esbuild: esbuild.version };
  for (const name of BUNDLED_PACKAGES) {
    const pkg = JSON.parse(await readFile(requireFromRoot.resolve(`${name}/package.json`), 'utf8')) as { version: string };
    versions[name] = pkg.version;
  }

  // This file is part of the recipe: a change to the build options or plugin must invalidate old bundles.
  const sources = createHash('sha256');
  const files = [...(await listFiles(clientDir)), path.join(clientDir, '..', 'playground.types.ts')].sort();
  for (const file of [...files, __filename]) {
    sources
      .update(path.relative(clientDir, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  const sourceHash = sources.digest('hex');
  const hash = createHash('sha256').update(JSON.stringify({ versions, sourceHash })).digest('hex').slice(0, 16);
  return { hash, graphiql: versions.graphiql ?? 'unknown', versions, sourceHash };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : Promise.resolve(entry.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}

async function isComplete(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as PlaygroundManifest;
    const files = [manifest.js, manifest.css, ...Object.values(manifest.workers)];
    return files.every((file) => existsSync(path.join(dir, file)));
  } catch {
    return false;
  }
}

/** Big text assets get a gzip twin the handler sends to clients that accept it. */
async function gzipTextFiles(dir: string): Promise<void> {
  const compress = promisify(gzip);
  const files = (await listFiles(dir)).filter((file) => /\.(js|css)$/.test(file));
  await Promise.all(
    files.map(async (file) => {
      const content = await readFile(file);
      if (content.length >= 1024) await writeFile(`${file}.gz`, await compress(content, { level: 9 }));
    }),
  );
}

async function moveIntoPlace(temp: string, dir: string, force: boolean): Promise<void> {
  if (force && existsSync(dir)) {
    const old = `${temp}-replaced`;
    await rename(dir, old);
    await rm(old, { recursive: true, force: true });
  }
  try {
    await rename(temp, dir);
  } catch (error) {
    // Another process finished the same inputs first; its bundle is identical, keep it.
    if (!(await isComplete(dir))) throw error;
  }
}

async function pruneOldBundles(outDir: string, current: string): Promise<void> {
  const entries = await readdir(outDir, { withFileTypes: true });
  const now = Date.now();
  const bundles: { name: string; mtimeMs: number }[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const { mtimeMs } = await stat(path.join(outDir, entry.name));
    if (entry.name.startsWith('.tmp-')) {
      // Left behind by a killed build; a running one is younger than this.
      if (now - mtimeMs > STALE_TEMP_MS) await rm(path.join(outDir, entry.name), { recursive: true, force: true });
    } else {
      bundles.push({ name: entry.name, mtimeMs });
    }
  }
  bundles.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of bundles.slice(KEEP_BUNDLES - 1)) {
    await rm(path.join(outDir, old.name), { recursive: true, force: true });
  }
}

async function bundleBytes(dir: string): Promise<number> {
  let total = 0;
  for (const file of await listFiles(dir)) {
    if (!file.endsWith('.gz')) total += (await stat(file)).size;
  }
  return total;
}

/** The nearest folder with a package.json: the project root from src/ (tsx, vitest) or dist/src/ (tsc). */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`playground bundle: no package.json above ${from}`);
  }
}
