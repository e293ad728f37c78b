// Browser entry of the playground: GraphiQL 5 with everything it loads (Monaco, its workers, CSS,
// fonts) bundled by bundle-playground.ts and served by the gateway itself, so it works offline.
import 'graphiql/style.css';
import './playground.css';

import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';

import type { PlaygroundPageConfig, PlaygroundTab } from '../playground.types';

declare global {
  interface Window {
    __PLAYGROUND__?: PlaygroundPageConfig;
  }
}

const pageConfig = window.__PLAYGROUND__;
if (!pageConfig) throw new Error('playground: window.__PLAYGROUND__ is missing; serve the page with createPlaygroundHandler');
const config: PlaygroundPageConfig = pageConfig;

// GraphiQL 5 asks for workers by label; the setup-workers modules it ships either fetch them from
// esm.sh or rely on a bundler's `?worker` import. Ours are separate local files (see the handler).
window.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const url = label === 'graphql' || label === 'json' ? config.workers[label] : config.workers.editor;
    return new Worker(url, { name: label });
  },
};

/** `?query=…&variables=…&operationName=…`, as links to older GraphiQL pages carry them. */
function readUrlOperation(): { query?: string; variables?: string; operationName?: string } {
  const params = new URLSearchParams(window.location.search);
  return {
    query: params.get('query') ?? undefined,
    variables: params.get('variables') ?? undefined,
    operationName: params.get('operationName') ?? undefined,
  };
}

/**
 * GraphiQL 5 names a tab after its operation, so a saved operation's title only shows if it matches;
 * otherwise it goes on top of the query as a comment, where a reviewer still sees it.
 */
function tabQuery(tab: PlaygroundTab): string {
  const name = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(tab.query)?.[1];
  return !tab.title || tab.title === name ? tab.query : `# ${tab.title}\n${tab.query}`;
}

/** Small stable hash (FNV-1a) of the config, to scope what GraphiQL keeps in localStorage. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * GraphiQL restores its tabs from localStorage and then ignores `defaultTabs`. Scoping the keys to
 * this set of saved operations lets a changed set show up, while edits survive a reload.
 *
 * Besides the tabs, GraphiQL 5.4 stores the last query, variables and headers typed, each on its own,
 * and on load opens a new untitled tab when they do not match a stored tab together (type variables,
 * reload: a blank tab). Those three keys are dropped: the tabs alone are restored, and
 * FillActiveTabEditors puts the active tab back into the editors.
 */
function scopedStorage(scope: string): Storage {
  const prefix = `playground:${scope}:`;
  const dropped = new Set(['graphiql:query', 'graphiql:variables', 'graphiql:headers']);
  const memory = new Map<string, string>();
  const local = (() => {
    try {
      return window.localStorage;
    } catch {
      return undefined; // blocked storage (privacy settings): keep state for this page only
    }
  })();
  const ownKeys = (): string[] => {
    if (!local) return [...memory.keys()];
    const keys: string[] = [];
    for (let i = 0; i < local.length; i++) {
      const key = local.key(i);
      if (key?.startsWith(prefix)) keys.push(key.slice(prefix.length));
    }
    return keys;
  };
  return {
    getItem: (key) => (dropped.has(key) ? null : local ? local.getItem(prefix + key) : (memory.get(key) ?? null)),
    setItem: (key, value) => {
      if (dropped.has(key)) return;
      if (local) local.setItem(prefix + key, value);
      else memory.set(key, value);
    },
    removeItem: (key) => (local ? local.removeItem(prefix + key) : void memory.delete(key)),
    clear: () => ownKeys().forEach((key) => (local ? local.removeItem(prefix + key) : memory.delete(key))),
    key: (index) => ownKeys()[index] ?? null,
    get length() {
      return ownKeys().length;
    },
  };
}

/**
 * Points GraphiQL at the link's operationName the way a reviewer would: the cursor goes into that
 * operation (Ctrl+Enter runs the operation under the cursor) and it becomes the selected operation.
 * GraphiQL's own `operationName` prop would instead force that name onto every tab for good.
 */
function SelectOperation({ name }: { name: string }): null {
  const { setOperationName } = useGraphiQLActions();
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const operations = useGraphiQL((state) => state.operations);
  const done = useRef(false);
  useEffect(() => {
    const model = queryEditor?.getModel();
    const operation = operations?.find((candidate) => candidate.name?.value === name);
    if (done.current || !queryEditor || !model || !operation?.loc) return;
    done.current = true;
    const position = model.getPositionAt(operation.loc.start);
    queryEditor.setPosition(position);
    queryEditor.revealLineInCenterIfOutsideViewport(position.lineNumber);
    setOperationName(name);
  }, [name, queryEditor, operations, setOperationName]);
  return null;
}

/**
 * GraphiQL 5.4 fills the editors from initialQuery/-Variables/-Headers or the keys scopedStorage
 * drops, and only falls back to the active tab for the query of the first tab: a saved operation's
 * variables, or a restored second tab, would open empty. Once the editors exist, copy the tab in.
 */
function FillActiveTabEditors(): null {
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const activeTab = useGraphiQL((state) => state.tabs[state.activeTabIndex]);
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !queryEditor || !variableEditor || !headerEditor || !activeTab) return;
    done.current = true;
    const fill = (editor: typeof queryEditor, value: string | null | undefined) => {
      if (value && editor.getValue() !== value) editor.setValue(value);
    };
    fill(queryEditor, activeTab.query);
    fill(variableEditor, activeTab.variables);
    fill(headerEditor, activeTab.headers);
  }, [queryEditor, variableEditor, headerEditor, activeTab]);
  return null;
}

const url = readUrlOperation();
const defaultHeaders = config.headers;
const savedTabs = config.tabs.map((tab) => ({
  query: tabQuery(tab),
  variables: tab.variables ?? null,
  headers: tab.headers ?? defaultHeaders ?? null,
}));
// A link's operation comes first: with nothing stored, GraphiQL opens defaultTabs[0]; with stored
// tabs, initialQuery selects the matching tab or opens a new one.
const defaultTabs =
  url.query !== undefined ? [{ query: url.query, variables: url.variables ?? null, headers: defaultHeaders ?? null }, ...savedTabs] : savedTabs;
const firstVariables = url.query !== undefined ? url.variables : savedTabs[0]?.variables;
const storage = scopedStorage(hashText(JSON.stringify([config.endpoint, config.tabs, config.headers])));
// The headers editor's JSON is merged into each request; no header is fixed here.
const fetcher = createGraphiQLFetcher({ url: new URL(config.endpoint, window.location.href).href });

function Playground() {
  return (
    <GraphiQL
      fetcher={fetcher}
      storage={storage}
      defaultTabs={defaultTabs.length > 0 ? defaultTabs : undefined}
      defaultHeaders={defaultHeaders}
      initialQuery={url.query}
      initialVariables={url.query !== undefined ? url.variables : undefined}
      isHeadersEditorEnabled
      // Tokens typed into the headers editor stay out of localStorage unless the reviewer opts in.
      shouldPersistHeaders={false}
      defaultEditorToolsVisibility={firstVariables ? 'variables' : 'headers'}
    >
      <FillActiveTabEditors />
      {url.operationName && url.query !== undefined ? <SelectOperation name={url.operationName} /> : null}
    </GraphiQL>
  );
}

const container = document.getElementById('playground');
if (!container) throw new Error('playground: the page has no #playground element');
createRoot(container).render(<Playground />);
