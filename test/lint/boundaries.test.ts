import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import-boundary rule must fail a deliberate cross-import, naming the door, and accept the door
// itself. Sources are linted as if they lived at the given path (nothing is written to disk).
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries (npm run lint)', () => {
  it('refuses a file outside a subgraph reaching into it, and names the door', async () => {
    expect(await problems('src/exports/cross.ts', "export { CatalogService } from '../subgraphs/catalog/catalog.service';\n")).toEqual([
      'boundaries/enter-through-door: "../subgraphs/catalog/catalog.service" is private to src/subgraphs/catalog: import from ' +
        'src/subgraphs/catalog (its index.ts) and export what you need there if it is meant to be shared.',
    ]);
  });

  it("refuses one subgraph importing another subgraph's entity file", async () => {
    const found = await problems(
      'src/subgraphs/certification/cross.ts',
      "import { Organization } from '../membership/entities/organization.entity';\nexport const o = Organization;\n",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('is private to src/subgraphs/membership: import from src/subgraphs/membership (its index.ts)');
  });

  it("refuses the framework read model's private files and the audit module's", async () => {
    const found = await problems(
      'src/subgraphs/catalog/cross.ts',
      "import { cachedFrameworkSnapshot } from '../../reference/framework/cache';\nimport { pageAudit } from '../../audit/audit.repository';\n" +
        'export const x = [cachedFrameworkSnapshot, pageAudit];\n',
    );
    expect(found.map((m) => m.replace(/^.*is private to (\S+):.*$/, '$1'))).toEqual(['src/reference/framework', 'src/audit']);
  });

  it("accepts doors, and a room's own files", async () => {
    expect(
      await problems(
        'src/exports/door.ts',
        "import { Product } from '../subgraphs/catalog';\nimport { frameworkSnapshot } from '../reference/framework';\n" +
          "import { recordAudit } from '../audit';\nexport const x = [Product, frameworkSnapshot, recordAudit];\n",
      ),
    ).toEqual([]);
    expect(
      await problems('src/subgraphs/catalog/own.ts', "import { CatalogService } from './catalog.service';\nexport const x = CatalogService;\n"),
    ).toEqual([]);
  });

  it('keeps src/domain free of the ORM and GraphQL', async () => {
    const found = await problems('src/domain/catalog/impure.ts', "import { GraphQLError } from 'graphql';\nexport const x = GraphQLError;\n");
    expect(found).toEqual([
      "no-restricted-imports: 'graphql' import is restricted from being used by a pattern. src/domain holds pure rules: no ORM, GraphQL or HTTP.",
    ]);
  });
});
