import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeSchemas, type ComposedSchemas } from '../../src/federation/compose';

const SCHEMA_DIR = path.resolve(__dirname, '../../schema');
const FIX = 'Run `npm run schema` (and `npm run codegen`) and commit the result.';

let composed: ComposedSchemas;
beforeAll(async () => {
  composed = await composeSchemas();
});

describe('schema artifacts', () => {
  it('composes every subgraph into a supergraph', () => {
    expect(composed.supergraph).toContain('join__Graph');
    for (const s of composed.subgraphs) expect(composed.supergraph).toContain(`name: "${s.name}"`);
  });

  it('checked-in SDL matches what the code builds', () => {
    const files: [string, string][] = [
      ...composed.subgraphs.map((s): [string, string] => [`${s.name}.graphql`, s.sdl]),
      ['supergraph.graphql', composed.supergraph],
      ['api.graphql', composed.api],
    ];
    for (const [file, built] of files) {
      const checkedIn = fs.existsSync(path.join(SCHEMA_DIR, file)) ? fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8') : '';
      expect(checkedIn, `schema/${file} is stale. ${FIX}`).toBe(built);
    }
  });

  it('every project operation validates against the API schema', () => {
    const schema = buildSchema(composed.api);
    const files = fs.readdirSync(path.join(SCHEMA_DIR, 'operations')).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const doc = parse(fs.readFileSync(path.join(SCHEMA_DIR, 'operations', file), 'utf8'));
      const errors = validate(schema, doc).map((e) => e.message);
      expect(errors, `schema/operations/${file}`).toEqual([]);
    }
  });

  // test/fixtures/contract.graphql is the project's own copy of the client contract's operations.
  it('every operation of the client contract (test/fixtures/contract.graphql) validates against the API schema', () => {
    const contract = path.resolve(__dirname, '../fixtures/contract.graphql');
    const doc = parse(fs.readFileSync(contract, 'utf8'));
    const names = doc.definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : []));
    expect(names).toEqual(
      expect.arrayContaining(['ProductCoverage', 'CoverageMatrix', 'EvaluateCertification', 'SimulateCertification', 'ImportMappings']),
    );
    expect(validate(buildSchema(composed.api), doc).map((e) => e.message)).toEqual([]);
  });

  it('subgraphs print their federation keys', () => {
    const framework = composed.subgraphs.find((s) => s.name === 'framework')!.sdl;
    expect(framework).toMatch(/type Capability @key\(fields: "id"\)/);
    expect(framework).toMatch(/type FrameworkEdition @key\(fields: "id"\) @key\(fields: "slug"\)/);
    const membership = composed.subgraphs.find((s) => s.name === 'membership')!.sdl;
    expect(membership).toMatch(/type Organization @key\(fields: "id"\)/);
  });
});
