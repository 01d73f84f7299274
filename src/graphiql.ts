import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL served from this server. Yoga's default page loads its scripts from a CDN, which
 * newsrooms behind a firewall (and this project's CI) cannot reach.
 */
export const GRAPHIQL_ASSETS_PATH = '/graphiql-assets/';

const assetsDir = path.dirname(require.resolve('@graphql-yoga/graphiql'));

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

/** Serves the GraphiQL bundle's files under GRAPHIQL_ASSETS_PATH, cached for a day. */
export function useLocalGraphiQLAssets(): Plugin {
  const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const name = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length);
      const contentType = ASSETS[name];
      if (!contentType) {
        endResponse(new fetchAPI.Response('Not found', { status: 404 }));
        return;
      }
      if (!cache.has(name)) cache.set(name, readFile(path.join(assetsDir, name)).then((file) => new Uint8Array(file)));
      const body = await cache.get(name)!;
      endResponse(
        new fetchAPI.Response(body, {
          status: 200,
          headers: { 'content-type': contentType, 'cache-control': 'public, max-age=86400' },
        }),
      );
    },
  };
}
