import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type App, createApp, type AppOptions } from '../../src/app';
import { createPglite, openDatabase, type DatabaseHandle } from '../../src/db';
import { APPLICATION_NAME } from '../../src/observability/metrics';
import { adminConnection, MIGRATIONS_DIR, pgliteTemplateFile, postgresPrefix, postgresTemplate, postgresUrl } from './databases';

export interface GraphQLResponse<Data = any> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** What a test sends with a GraphQL request besides the query; all optional. */
export interface GraphQLRequest {
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: unknown;
  /** A persisted operation's ID (`sha256:<hash>`), sent instead of or with the query. */
  documentId?: string;
  /** Sent as `authorization: Bearer <token>`. */
  token?: string;
  /** The accept header; none unless given (yoga then answers as for application/json). */
  accept?: string;
  /** Any other headers; they win over the ones above (a raw `authorization`, `x-forwarded-for`). */
  headers?: Record<string, string>;
}

/** An answer read whole: the status, the headers, the text and the JSON it parses to. */
export interface GraphQLAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** Untyped, as tests read it: `body.errors[0].extensions.code`, `body.data.article.title`. */
  body: any;
}

/**
 * Where a request goes: an app in-process (`app.fetch`, no socket), or the URL of a running
 * server's GraphQL endpoint (`http://127.0.0.1:<port>/graphql`), reached with Node's fetch.
 */
export type GraphQLTarget = Pick<App, 'fetch'> | string;

const IN_PROCESS_ENDPOINT = 'http://newskb.test/graphql';

/**
 * The one way a test POSTs a GraphQL request: the raw Response, for tests that read a stream
 * (multipart, server-sent events) or only the headers.
 */
export function postGraphQL(target: GraphQLTarget, query: string | undefined, request: GraphQLRequest = {}): Promise<Response> {
  const { variables, operationName, extensions, documentId, token, accept, headers } = request;
  const init: RequestInit = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accept ? { accept } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables, operationName, extensions, documentId }),
  };
  return typeof target === 'string' ? fetch(target, init) : Promise.resolve(target.fetch(IN_PROCESS_ENDPOINT, init));
}

/** A GraphQL request, its answer read whole. The body is undefined when the text is not JSON. */
export async function sendGraphQL(target: GraphQLTarget, query: string | undefined, request: GraphQLRequest = {}): Promise<GraphQLAnswer> {
  const response = await postGraphQL(target, query, request);
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/**
 * A fresh copy of the migrated, seeded database (PGlite or Postgres, as the jest project says)
 * behind the real app. `sql` lists every statement the app sent, through the driver path the
 * server uses, so tests can count them.
 */
export async function openTestApp(
  options: { app?: Omit<AppOptions, 'db'>; statementTimeoutMs?: number; onQuery?: (query: string) => void } = {},
) {
  const sql: string[] = [];
  const onQuery = (query: string) => {
    sql.push(query);
    options.onQuery?.(query);
  };
  let database: DatabaseHandle;
  let dropDatabase = async () => {};
  let url: string | undefined;

  if (process.env.NEWSKB_TEST_DB === 'postgres') {
    const name = `${postgresPrefix()}${randomBytes(6).toString('hex')}`;
    const admin = adminConnection();
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${postgresTemplate()}"`);
    await admin.end();
    url = postgresUrl(name);
    database = await openDatabase({
      url,
      migrationsDir: MIGRATIONS_DIR,
      poolMax: 4,
      onQuery,
      statementTimeoutMs: options.statementTimeoutMs,
      applicationName: APPLICATION_NAME,
    });
    dropDatabase = async () => {
      const cleanup = adminConnection();
      await cleanup.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    };
  } else {
    const template = await readFile(pgliteTemplateFile());
    const pglite = await createPglite({ loadDataDir: new Blob([template]) });
    database = await openDatabase({ pglite, migrationsDir: MIGRATIONS_DIR, onQuery, statementTimeoutMs: options.statementTimeoutMs });
  }

  const app = createApp({ ...options.app, db: database.db });
  const { graphql, send, data, created } = clientOf(app);
  /** The statements one request sends. */
  async function countQueries(run: () => Promise<unknown>): Promise<string[]> {
    sql.length = 0;
    await run();
    return [...sql];
  }

  return {
    app,
    db: database.db,
    kind: database.kind,
    /** The Postgres copy's URL, for a second connection of the test's own; undefined on PGlite. */
    url,
    graphql,
    send,
    data,
    created,
    countQueries,
    /**
     * Another app over this same database, for options that belong to the app (jit, limits,
     * CORS), so that a test does not pay for a second database copy to change one of them.
     */
    withApp: (appOptions: Omit<AppOptions, 'db'>) => clientOf(createApp({ ...appOptions, db: database.db })),
    /** Safe to call twice: a test may close the database on purpose before afterAll does. */
    close: once(async () => {
      await database.close();
      await dropDatabase();
    }),
  };
}

/** The request helpers of one app: graphql() (the JSON), data() (no errors allowed) and send(). */
function clientOf(app: App) {
  /** `token` is sent as a bearer token: the write tests pass one of each scope. */
  async function graphql<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<Data>> {
    const response = await postGraphQL(app, query, { variables, token, accept: 'application/json' });
    return (await response.json()) as GraphQLResponse<Data>;
  }

  /** The request with its status and headers, to this app: `sendGraphQL(app, ...)`. */
  const send = (query: string | undefined, request?: GraphQLRequest) => sendGraphQL(app, query, request);

  /** Runs a query and fails the test on any GraphQL error, printing the errors. */
  async function data<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Data> {
    const result = await graphql<Data>(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data as Data;
  }

  /**
   * Runs a create mutation (`createSpeaker`, ...) with its typed result and returns the new
   * node's ID, failing the test unless it answers with its Success type.
   */
  async function created(mutation: string, input: Record<string, unknown>, result: string, token?: string): Promise<string> {
    const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
    const answer = await data(
      `mutation($input: ${name}Input!) { ${mutation}(input: $input) { __typename ... on ${name}Success { ${result} { id } } ... on UserError { message } } }`,
      { input },
      token,
    );
    expect(answer[mutation].__typename).toBe(`${name}Success`);
    return answer[mutation][result].id;
  }

  return { app, graphql, send, data, created };
}

function once(run: () => Promise<void>) {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

export type TestApp = Awaited<ReturnType<typeof openTestApp>>;

/** The one error of a response, for tests that expect exactly one. */
export function onlyError(result: GraphQLResponse) {
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
}
