// Language worker behind the variables and headers editors (label "json").
import 'monaco-editor/esm/vs/language/json/json.worker.js';
