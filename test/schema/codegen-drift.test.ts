import fs from 'node:fs';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';

// The typed client (src/client/generated/graphql.ts) is generated from schema/api.graphql and the
// operations in schema/operations; regenerate it in memory from codegen.yml and compare.
const ROOT = path.resolve(__dirname, '../..');

describe('typed client', () => {
  it('src/client/generated/graphql.ts matches what `npm run codegen` generates', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: path.join(ROOT, 'codegen.yml') });
    const files = (await generate({ ...config, cwd: ROOT, silent: true, verbose: false }, false)) as { filename: string; content: string }[];
    expect(files.map((f) => path.relative(ROOT, path.resolve(ROOT, f.filename)))).toEqual(['src/client/generated/graphql.ts']);
    const checkedIn = fs.readFileSync(path.join(ROOT, 'src/client/generated/graphql.ts'), 'utf8');
    expect(checkedIn, 'src/client/generated/graphql.ts is stale. Run `npm run codegen` and commit the result.').toBe(files[0].content);
  });
});
