import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FieldNode,
  getArgumentValues,
  getNullableType,
  GraphQLError,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  type SelectionSetNode,
  TypeInfo,
  type ValidationRule,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { DateScalar } from '../graphql/scalars';

// What the gateway checks in every operation before any subgraph sees it, whatever the transport
// (POST, GET, a persisted query): how many fields it selects, and every string it carries.

/**
 * The most characters (Unicode code points) a string argument or input field may have, by its
 * name. These bound the work a request can cause; the services' own rules (a name of at most 200
 * characters, say) still answer with payload errors below them.
 */
export const STRING_LIMITS: Readonly<Record<string, number>> = {
  name: 1000,
  description: 10_000,
  rationale: 10_000,
  note: 10_000,
  reason: 10_000,
  url: 4096,
  evidenceUrl: 4096,
  // a badge to verify: a signed credential of a few kilobytes
  jwt: 1_048_576,
  // A mapping sheet: bounded by MAX_BODY_BYTES and the importer's own MAX_SHEET_BYTES/rows limits.
  content: Number.POSITIVE_INFINITY,
};
/** Every other string (ids, slugs, codes, search terms, cursors). */
export const DEFAULT_STRING_LIMIT = 200;

/** Field selections per operation, duplicates and fragment spreads counted each time they occur. */
export const MAX_FIELDS = 300;

function codePoints(text: string, atMost: number): number {
  // Cheap bounds first: a code point is one or two UTF-16 units.
  if (text.length <= atMost) return text.length;
  if (text.length > 2 * atMost) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function inputError(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
}

/** The first problem of one value of an input type, walking lists and input objects. */
function checkValue(value: unknown, type: GraphQLInputType, name: string, path: string): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return checkValue(value, nullable.ofType, name, path);
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(value[i], nullable.ofType, name, `${path}.${i}`);
      if (problem) return problem;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return null;
    const fields = nullable.getFields();
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (!field) continue;
      const problem = checkValue(inner, field.type, key, `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  if (value.includes('\u0000')) return inputError(`${path} contains a NUL character (U+0000), which no text here may contain`, path);
  const max = STRING_LIMITS[name] ?? DEFAULT_STRING_LIMIT;
  if (max !== Number.POSITIVE_INFINITY && codePoints(value, max) > max) {
    return inputError(`${path} is longer than ${max} characters`, path);
  }
  return null;
}

/** A field of the document that has arguments, with its definition in the schema. */
interface FieldWithArguments {
  def: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

/**
 * The fields with arguments of each document, in document order, by schema. Finding them takes a
 * walk of the whole document with type information; Apollo hands each request of the same query
 * text the same parsed document, so the walk is done once per document and each request only reads
 * its argument values (which depend on its variables).
 */
const fieldsWithArguments = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, FieldWithArguments[]>>();

function argumentFields(schema: GraphQLSchema, document: DocumentNode): FieldWithArguments[] {
  let bySchema = fieldsWithArguments.get(schema);
  const known = bySchema?.get(document);
  if (known) return known;
  const typeInfo = new TypeInfo(schema);
  const fields: FieldWithArguments[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!node.arguments?.length) return;
        const def = typeInfo.getFieldDef();
        if (def) fields.push({ def, node });
      },
    }),
  );
  if (!bySchema) fieldsWithArguments.set(schema, (bySchema = new WeakMap()));
  bySchema.set(document, fields);
  return fields;
}

/** Checks every argument of every field of the document, with variables in place. */
export function findInputProblem(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): GraphQLError | null {
  for (const { def, node } of argumentFields(schema, document)) {
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(def, node, variables);
    } catch {
      continue; // a missing or wrongly typed value: execution reports it
    }
    for (const arg of def.args) {
      const problem = checkValue(values[arg.name], arg.type, arg.name, arg.name);
      if (problem) return problem;
    }
  }
  return null;
}

/** An operation to run, and strings in arguments, input fields and variables: no NUL anywhere, and at most their length. */
export function inputGuard<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation }) {
          // Apollo leaves this to the gateway's executor, which throws it as an internal error.
          if (!operation) {
            const message = request.operationName
              ? `The document has no operation named "${request.operationName}"`
              : 'The document has several operations: say which to run with operationName';
            throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          }
          const problem = findInputProblem(schema, document, request.variables ?? {});
          if (problem) throw problem;
        },
      };
    },
  };
}

/**
 * Counts every field selection of the operation (duplicates included, a fragment once per spread)
 * and refuses more than `max`. Each fragment is counted once and remembered, so a fragment bomb
 * costs linear time; a cycle (reported by graphql-js's own rule) counts nothing.
 */
export function maxFieldsRule(max: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, number>();
    const count = (set: SelectionSetNode, open: Set<string>): number => {
      let n = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) n += 1 + (selection.selectionSet ? count(selection.selectionSet, open) : 0);
        else if (selection.kind === Kind.INLINE_FRAGMENT) n += count(selection.selectionSet, open);
        else {
          const name = selection.name.value;
          if (open.has(name)) continue;
          let known = fragments.get(name);
          if (known === undefined) {
            const fragment = context.getFragment(name);
            open.add(name);
            known = fragment ? count(fragment.selectionSet, open) : 0;
            open.delete(name);
            fragments.set(name, known);
          }
          n += known;
        }
      }
      return n;
    };
    return {
      OperationDefinition(node) {
        const n = count(node.selectionSet, new Set());
        if (n > max) {
          context.reportError(new GraphQLError(`The operation selects ${n} fields; the field limit is ${max}`, { nodes: [node] }));
        }
      },
    };
  };
}

/**
 * The supergraph declares the Date scalar without its rules, so the gateway would let any literal
 * or variable through and only a subgraph would refuse it, after other subgraphs had answered.
 * Giving the gateway's schema the real parsing makes a bad date a validation error (a literal)
 * or a variable error, refused as a whole before anything runs.
 */
export function enforceScalars(schema: GraphQLSchema): void {
  const date = schema.getType('Date');
  if (date && isScalarType(date)) {
    date.parseValue = DateScalar.parseValue;
    date.parseLiteral = DateScalar.parseLiteral;
  }
}
