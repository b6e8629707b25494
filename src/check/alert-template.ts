// A light check of the Go templates in alerting rules' labels and annotations, as Prometheus
// parses them when loading rules: unclosed actions and functions that do not exist.

const FUNCTIONS = new Set([
  // Go text/template built-ins and keywords.
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println',
  'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'if', 'else', 'end', 'range', 'with', 'define',
  'template', 'block', 'break', 'continue', 'nil', 'true', 'false',
  // Prometheus's template functions.
  'query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title',
  'toUpper', 'toLower', 'graphLink', 'tableLink', 'sortByLabel', 'stripPort', 'stripDomain', 'humanize',
  'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime', 'toDuration',
  'now', 'pathPrefix', 'externalURL', 'parseDuration', 'urlQueryEscape', 'tmpl',
]);

/**
 * The first problem of a template, worded as Go's parser words it (`template: __alert_X:1:
 * unclosed action`), or null. Checks only what can be told without a full template parser.
 */
export function templateProblem(alert: string, text: string): string | null {
  const name = `__alert_${alert}`;
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) return null;
    const line = 1 + (text.slice(0, open).match(/\n/g)?.length ?? 0);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return `template: ${name}:${line}: unclosed action`;
    const action = text.slice(open + 2, close).replace(/^-\s|\s-$/g, '');
    // Commands start the action or follow a pipe; a bare identifier there must be a function.
    for (const cmd of action.split('|')) {
      const word = /^\s*\(?\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(cmd.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""'))?.[1];
      if (word && !FUNCTIONS.has(word)) return `template: ${name}:${line}: function ${JSON.stringify(word)} not defined`;
    }
    i = close + 2;
  }
}
