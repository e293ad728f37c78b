import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/env';

export const SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds');

/** Every *.json file of a folder under seeds/, sorted, parsed, each named by its project-relative path. */
export function readSeedFolder(folder: string): { file: string; data: unknown }[] {
  const dir = path.join(SEEDS_DIR, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = path.join('seeds', folder, f);
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      try {
        return { file, data: JSON.parse(text) as unknown };
      } catch (err) {
        throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
      }
    });
}
