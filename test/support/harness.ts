import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createApp, type AppOptions } from '../../src/app';
import { createPglite, openDatabase, type DatabaseHandle } from '../../src/db';
import { APPLICATION_NAME } from '../../src/observability/metrics';
import { adminConnection, MIGRATIONS_DIR, pgliteTemplateFile, postgresPrefix, postgresTemplate, postgresUrl } from './databases';

export interface GraphQLResponse<Data = any> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
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

  /** `token` is sent as a bearer token: the write tests pass one of each scope. */
  async function graphql<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<Data>> {
    const response = await app.fetch('http://newskb.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<Data>;
  }

  /** Runs a query and fails the test on any GraphQL error, printing the errors. */
  async function data<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Data> {
    const result = await graphql<Data>(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data as Data;
  }

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
    data,
    countQueries,
    /** Safe to call twice: a test may close the database on purpose before afterAll does. */
    close: once(async () => {
      await database.close();
      await dropDatabase();
    }),
  };
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
