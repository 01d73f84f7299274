import type { Plugin } from 'graphql-yoga';
import { EXPORT_TYPES, exportDefinitions, type ExportDefinition } from './export/columns';

/**
 * `/`: a small page that says what this server is and where to go, instead of a blank 404 for
 * whoever types the server's address into a browser. Plain HTML, no script, nothing fetched.
 */
// The exports anyone may fetch: the history needs a token, which a link cannot send.
const exportLinks = EXPORT_TYPES.filter((type) => !(exportDefinitions[type] as ExportDefinition).needsToken)
  .map((type) => `<li><code>${type}</code>: <a href="/export/${type}.ndjson">NDJSON</a> · <a href="/export/${type}.csv">CSV</a></li>`)
  .join('\n');

export const FRONT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newskb</title>
<link rel="icon" href="data:,">
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
code { background: #f3f3f3; padding: 0 .2em; }
</style>
</head>
<body>
<h1>newskb</h1>
<p>A knowledge base of who said what in the news: every quotation kept as a statement, tied to its
article (with its exact span), its speaker (with the role they held when they spoke), and the
countries and organizations involved. One GraphQL API reads and writes it.</p>
<ul>
<li><a href="/graphql"><strong>Explore the API in GraphiQL</strong></a>: the schema, its documentation and example queries.
Scripts send <code>POST /graphql</code> with a JSON body.</li>
<li>Take the data out whole, filtered like the API's connections (add query parameters such as <code>?speaker=&lt;ID&gt;</code>):
<ul>
${exportLinks}
</ul></li>
<li>Health: <a href="/healthz">/healthz</a> (the process is up) and <a href="/readyz">/readyz</a> (it can serve).</li>
<li>Documentation: the <code>docs/</code> folder of the source (API conventions, writing and tokens,
importing, exports and dumps, limits, configuration, operations).</li>
</ul>
</body>
</html>
`;

export function useFrontPage(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : FRONT_PAGE, {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
        }),
      );
    },
  };
}
