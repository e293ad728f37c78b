// Monaco's generic editor worker (diffs, word ranges); used for every label without its own worker.
import 'monaco-editor/esm/vs/editor/editor.worker.js';
