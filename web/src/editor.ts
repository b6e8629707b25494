// The expression editor: CodeMirror with Prometheus's PromQL language support (highlighting,
// completion from our own /api/v1 endpoints) and promql-ts diagnostics inline.
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { bracketMatching, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { linter, lintGutter } from '@codemirror/lint';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { lint } from './diagnostics.js';

/**
 * Completion requests without `start`/`end`: the server then lists every series, so fixtures with
 * old timestamps still complete (the completion client would ask for the last 12 hours only).
 */
const allTime: typeof fetch = (input, init) => {
  if (typeof init?.body === 'string' || init?.body instanceof URLSearchParams) {
    const p = new URLSearchParams(init.body.toString());
    p.delete('start');
    p.delete('end');
    init = { ...init, body: p };
  }
  if (typeof input === 'string') {
    const u = new URL(input, location.href);
    u.searchParams.delete('start');
    u.searchParams.delete('end');
    input = u.toString();
  }
  return fetch(input, init);
};

/** Creates the editor in `parent`; `run` is called on Enter (Shift+Enter inserts a newline). */
export function createEditor(parent: HTMLElement, doc: string, run: () => void): EditorView {
  const promql = new PromQLExtension()
    .setComplete({ remote: { url: location.pathname.replace(/\/[^/]*$/, ''), fetchFn: allTime, httpMethod: 'POST' } })
    .activateLinter(false);
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        history(), closeBrackets(), bracketMatching(), autocompletion(), lintGutter(),
        syntaxHighlighting(defaultHighlightStyle),
        placeholder('Expression (press Enter to execute)'),
        keymap.of([...completionKeymap, { key: 'Enter', run: () => (run(), true) }, ...historyKeymap, ...defaultKeymap]),
        promql.asExtension(),
        linter((view) => lint(view.state.doc.toString()), { delay: 200 }),
        EditorView.lineWrapping,
      ],
    }),
  });
}
