import type { Database } from './db';
import { createLoaders, type LoaderOptions, type Loaders } from './loaders';

export interface Context {
  loaders: Loaders;
}

/** Called once per request: new loaders every time; only the database pool is shared. */
export function createContext(db: Database, loaderOptions?: LoaderOptions): Context {
  return { loaders: createLoaders(db, loaderOptions) };
}
