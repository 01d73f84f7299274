import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createContext } from './context';
import type { LoaderOptions } from './loaders';
import type { Database } from './db';
import { renderLocalGraphiQL, useLocalGraphiQLAssets } from './graphiql';
import { exampleQueries } from './graphql/examples';
import { schema } from './graphql/schema';

export interface AppOptions {
  db: Database;
  logger?: Logger;
  /** Only the benchmark turns this off, to measure what DataLoaders save. */
  loaderOptions?: LoaderOptions;
}

/** The whole HTTP application, with no side effects: tests call app.fetch() in-process. */
export function createApp({ db, logger, loaderOptions }: AppOptions) {
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    context: () => createContext(db, loaderOptions),
    // Masked errors are logged here with their stack; clients only see "Unexpected error.".
    logging: logger ?? false,
    graphiql: {
      title: 'newskb',
      defaultTabs: exampleQueries.map(({ query }) => ({ query })),
    },
    renderGraphiQL: renderLocalGraphiQL,
    plugins: [useLocalGraphiQLAssets()],
  });
}

export type App = ReturnType<typeof createApp>;
