import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL served from this server. Yoga's default page loads its scripts from a CDN, which
 * newsrooms behind a firewall (and this project's CI) cannot reach.
 */
const assetsDir = path.dirname(require.resolve('@graphql-yoga/graphiql'));
const graphiqlVersion: string = require('@graphql-yoga/graphiql/package.json').version;

/**
 * The bundle's version is in the path, so a file's URL names its content and browsers may keep
 * it for a year: an upgrade of @graphql-yoga/graphiql changes every URL.
 */
export const GRAPHIQL_ASSETS_PATH = `/graphiql-assets/${graphiqlVersion}/`;

// Only these files are served: a request can never name another path on disk.
const ASSETS: Record<string, string> = {
  'graphiql.css': 'text/css; charset=utf-8',
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  // The double dot is the file's real name in @graphql-yoga/graphiql.
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// JSON inside <script>: "</script>" in a query string must not end the script early.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function renderLocalGraphiQL(options: GraphiQLOptions): string {
  const asset = (name: string) => GRAPHIQL_ASSETS_PATH + name;
  // Yoga's GraphiQL fills the open editor from its `query` option (else a welcome comment),
  // whatever the first tab holds: without this, Run on a fresh page sends only comments.
  const rendererOptions = { ...options, query: options.defaultTabs?.[0]?.query ?? options.defaultQuery };
  const title = escapeHtml(options.title ?? 'GraphiQL');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('graphiql.css')}">
<style>
/* GraphiQL slides its tabs into place with framer-motion layout animations. On a first visit
   (no tabs saved in localStorage yet) the example tabs are added while the bar is laid out, and
   each is left at a translateX offset on top of its neighbours, so a click opens the wrong tab
   or none. Tabs stay where the flex layout puts them; what is lost is the sliding while a tab is
   dragged. */
.graphiql-tab { transform: none !important; }
</style>
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root">Loading ${title}...</div>
<script>
const workerUrls = ${scriptJson({
    editorWorkerService: asset('monacoeditorwork/editor.worker.bundle.js'),
    json: asset('monacoeditorwork/json.worker.bundle.js'),
    graphql: asset('monacoeditorwork/graphql.worker..bundle.js'),
  })};
const workers = {};
function prepareWorkers() {
  return Promise.all(Object.entries(workerUrls).map(async ([label, url]) => {
    const source = await (await fetch(url)).text();
    workers[label] = URL.createObjectURL(new Blob([source], { type: 'application/javascript' }));
  }));
}
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workers[label] };
</script>
<script src="${asset('yoga-graphiql.umd.js')}"></script>
<script>
prepareWorkers().finally(() => YogaGraphiQL.renderYogaGraphiQL(root, ${scriptJson(rendererOptions)}));
</script>
</body>
</html>`;
}

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The best encoding the client accepts (Accept-Encoding, q=0 meaning "not this one"): GraphiQL's
 * files are 8.8 MB as they are, 2.4 MB gzipped and 2.1 MB in brotli.
 */
export function preferredEncoding(acceptEncoding: string | null): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const wildcard = accepted.get('*');
  const acceptable = (name: string) => (accepted.get(name) ?? wildcard ?? 0) > 0;
  if (acceptable('br')) return 'br';
  if (acceptable('gzip')) return 'gzip';
  return 'identity';
}

const compressors: Record<Exclude<Encoding, 'identity'>, (file: Buffer) => Promise<Buffer>> = {
  // Quality 9, not 11: 11 takes seconds of CPU for the 5 MB bundle and saves a few percent.
  br: (file) => promisify(brotliCompress)(file, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: file.length } }),
  gzip: (file) => promisify(gzip)(file, { level: 9 }),
};

/**
 * Serves the GraphiQL bundle's files under GRAPHIQL_ASSETS_PATH, compressed as the client
 * accepts (each file compressed once, on its first request, off the event loop in zlib's
 * threads) and cached by browsers for a year.
 */
export function useLocalGraphiQLAssets(): Plugin {
  const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  const original = (name: string) => readFile(path.join(assetsDir, name));
  const encoded = (name: string, encoding: Encoding) => {
    const key = `${encoding}:${name}`;
    if (!cache.has(key)) {
      const bytes = encoding === 'identity' ? original(name) : original(name).then(compressors[encoding]);
      const entry = bytes.then((file) => new Uint8Array(file));
      // A failed read is not kept: the next request tries again.
      entry.catch(() => cache.delete(key));
      cache.set(key, entry);
    }
    return cache.get(key)!;
  };
  return {
    // Not async: a hook that returns a promise makes every request wait a turn of the event loop
    // for it, the GraphQL ones too; only the assets' requests wait for their file.
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/graphiql-assets/')) return;
      const name = url.pathname.startsWith(GRAPHIQL_ASSETS_PATH) ? url.pathname.slice(GRAPHIQL_ASSETS_PATH.length) : '';
      const contentType = ASSETS[name];
      if (!contentType) {
        endResponse(new fetchAPI.Response('Not found', { status: 404 }));
        return;
      }
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      return encoded(name, encoding).then((body) => {
        const headers: Record<string, string> = {
          'content-type': contentType,
          'cache-control': 'public, max-age=31536000, immutable',
          vary: 'Accept-Encoding',
        };
        if (encoding !== 'identity') headers['content-encoding'] = encoding;
        endResponse(new fetchAPI.Response(body, { status: 200, headers }));
      });
    },
  };
}
