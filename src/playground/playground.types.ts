// The page config the handler embeds as `window.__PLAYGROUND__` and the browser client reads.
// Types only, so both the Node side and the browser bundle can import it.

export interface PlaygroundTab {
  title: string;
  query: string;
  /** JSON text for the variables editor. */
  variables?: string;
  /** JSON text for the headers editor; falls back to the page's default headers. */
  headers?: string;
}

export interface PlaygroundPageConfig {
  /** Where operations are POSTed; relative URLs resolve against the page. */
  endpoint: string;
  tabs: PlaygroundTab[];
  /** Default JSON text for the headers editor, e.g. `{"Authorization": "Bearer "}`. */
  headers?: string;
  /** URLs of the Monaco workers, by worker label; served next to the bundle. */
  workers: { editor: string; json: string; graphql: string };
}

/** `manifest.json` in a bundle folder: output file names (relative to the folder) by role. */
export interface PlaygroundManifest {
  /** Same as the folder's stamp hash; changes whenever any input of the bundle does. */
  stamp: string;
  js: string;
  css: string;
  workers: { editor: string; json: string; graphql: string };
}
