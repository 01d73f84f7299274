/**
 * Walks every statement of a newskb server by cursor, with graphql-request (a plain GraphQL client)
 * and the typed document generated from operations/statements.graphql, and writes them as NDJSON:
 * one JSON object a line, in the API's own shape.
 *
 *   npx tsx examples/walk-statements.ts [--endpoint http://localhost:4000/graphql] [--token nkb_…]
 *                                       [--page-size 100] [--speaker <id>] [--out statements.ndjson]
 *
 * Cursors are keyset positions: a walk that is interrupted and started again from its last
 * endCursor misses nothing and repeats nothing, even while statements are being added. For the
 * whole knowledge base at once, GET /export/statements.ndjson is faster; this script shows how
 * any GraphQL client pages through newskb.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ClientError, GraphQLClient } from 'graphql-request';
import { StatementsPageDocument, type StatementsPageQuery, type StatementsPageQueryVariables } from './generated/graphql';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://localhost:4000/graphql' },
    token: { type: 'string' },
    'page-size': { type: 'string', default: '100' },
    speaker: { type: 'string' },
    out: { type: 'string' },
  },
});

const client = new GraphQLClient(values.endpoint!, {
  headers: values.token ? { authorization: `Bearer ${values.token}` } : {},
});
const output = values.out ? createWriteStream(values.out) : process.stdout;

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** One page, asked again when the server says to slow down (HTTP 429) or the network fails. */
async function page(variables: StatementsPageQueryVariables, attempt = 1): Promise<StatementsPageQuery> {
  try {
    return await client.request(StatementsPageDocument, variables);
  } catch (error) {
    if (attempt >= 5) throw error;
    const rateLimited = error instanceof ClientError && error.response.status === 429;
    // A ClientError that is not 429 is the query's fault (a bad ID): asking again will not help.
    if (error instanceof ClientError && !rateLimited) throw error;
    const retryAfter = rateLimited ? Number(error.response.headers?.get('retry-after')) || 1 : attempt;
    process.stderr.write(
      `page after ${variables.after ?? 'the start'}: ${rateLimited ? 'rate limited' : String(error)}; again in ${retryAfter} s\n`,
    );
    await sleep(retryAfter);
    return page(variables, attempt + 1);
  }
}

async function main() {
  const first = Number(values['page-size']);
  const filter = values.speaker ? { speaker: values.speaker } : undefined;
  let after: string | null = null;
  let written = 0;
  for (;;) {
    const { statements } = await page({ first, after, filter });
    if (!statements) throw new Error('The server returned no statements connection.');
    const lines = statements.nodes.map((statement) => `${JSON.stringify(statement)}\n`).join('');
    if (!output.write(lines)) await once(output, 'drain');
    written += statements.nodes.length;
    if (!statements.pageInfo.hasNextPage) break;
    after = statements.pageInfo.endCursor;
  }
  if (values.out) await new Promise<void>((resolve) => output.end(resolve));
  process.stderr.write(`${written} statements written.\n`);
}

main().catch((error) => {
  console.error(error instanceof ClientError ? JSON.stringify(error.response.errors ?? error.message, null, 2) : error);
  process.exit(1);
});
