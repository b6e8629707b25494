// Static files of the query page: a lookup interface (any runtime) and the path check every
// implementation relies on, so that no request reads outside the page's own files.

/** One static file. */
export interface StaticFile {
  readonly body: Uint8Array;
  readonly contentType: string;
}

/**
 * Where the page's files come from. Contract: `get` receives a path already checked by
 * {@link safeStaticPath} (relative, `/`-separated, no `.`/`..` segments) and resolves to null when
 * there is no such file.
 */
export interface StaticFiles {
  get(path: string): Promise<StaticFile | null>;
}

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  json: 'application/json', svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon', map: 'application/json',
  woff2: 'font/woff2', txt: 'text/plain; charset=utf-8',
};

/** The Content-Type for a file name, by extension. */
export function contentTypeOf(path: string): string {
  return TYPES[/\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/**
 * The relative file path for a URL path (`/` → `index.html`), or null when it is unsafe: `..` or
 * `.` segments (also percent-encoded), backslashes, NUL, empty segments or bad encoding.
 */
export function safeStaticPath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/' || decoded === '') return 'index.html';
  if (!decoded.startsWith('/') || /[\\\0]/.test(decoded)) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  return segments.join('/');
}

/** Static files held in memory (tests, bundlers that inline the page). */
export function memoryStaticFiles(files: Readonly<Record<string, string | Uint8Array>>): StaticFiles {
  const enc = new TextEncoder();
  return {
    async get(path) {
      if (!Object.hasOwn(files, path)) return null;
      const f = files[path];
      return { body: typeof f === 'string' ? enc.encode(f) : f, contentType: contentTypeOf(path) };
    },
  };
}
