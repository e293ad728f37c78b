import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/env';
import { composeSchemas } from '../federation/compose';

// npm run schema: writes schema/<subgraph>.graphql, schema/supergraph.graphql and schema/api.graphql
// (the client-facing API schema codegen reads). A test fails when the checked-in files differ.

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

async function main(): Promise<void> {
  const composed = await composeSchemas();
  const files: [string, string][] = [
    ...composed.subgraphs.map((s): [string, string] => [`${s.name}.graphql`, s.sdl]),
    ['supergraph.graphql', composed.supergraph],
    ['api.graphql', composed.api],
  ];
  for (const [file, text] of files) {
    fs.writeFileSync(path.join(SCHEMA_DIR, file), text);
    console.log(`wrote schema/${file}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
