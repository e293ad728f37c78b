// The import-boundary rule: a room (a subgraph folder, the framework read model, the audit module) is
// entered through its door (its index.ts) only. An import from outside a room that resolves to any other
// file inside it is reported with the door to use instead.
import path from 'node:path';

/** Folders (relative to the project root) whose every direct subfolder is a room, and single rooms. */
const ROOM_PARENTS = ['src/subgraphs', 'src/reference'];
const SINGLE_ROOMS = ['src/audit'];

function roomOf(file, root) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  for (const room of SINGLE_ROOMS) if (rel === room || rel.startsWith(`${room}/`)) return room;
  for (const parent of ROOM_PARENTS) {
    if (!rel.startsWith(`${parent}/`)) continue;
    const [name, ...rest] = rel.slice(parent.length + 1).split('/');
    // A file directly in the parent folder (src/subgraphs/index.ts, the registry) is in no room.
    if (rest.length === 0 && /\.[cm]?tsx?$/.test(name)) return null;
    return `${parent}/${name}`;
  }
  return null;
}

function isDoor(target, room, root) {
  const rel = path
    .relative(root, target)
    .split(path.sep)
    .join('/')
    .replace(/\.(js|ts)$/, '');
  return rel === room || rel === `${room}/index`;
}

/** @type {import('eslint').Rule.RuleModule} */
const enterThroughDoor = {
  meta: {
    type: 'problem',
    docs: { description: 'Import a room (subgraph, reference module, audit) through its index.ts only' },
    schema: [],
    messages: {
      privateFile:
        '"{{source}}" is private to {{room}}: import from {{room}} (its index.ts) and export what you need there if it is meant to be shared.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = roomOf(file, root);
    function check(node) {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const room = roomOf(target, root);
      if (!room || room === from || isDoor(target, room, root)) return;
      context.report({ node: node.source, messageId: 'privateFile', data: { source, room } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default { rules: { 'enter-through-door': enterThroughDoor } };
