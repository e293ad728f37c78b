// monaco-graphql's language worker behind the operation editor (label "graphql").
import 'monaco-graphql/esm/graphql.worker.js';
