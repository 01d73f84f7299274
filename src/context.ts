import type { Database } from './db';
import { primaryOf } from './db/replicas';
import type { Events } from './events';
import { extractInThisThread, type Extract } from './extraction/threads';
import { viewerOf, type Viewer } from './auth/tokens';
import { unauthenticated } from './core/errors';
import { createLoaders, readPlanOf, type LoaderOptions, type Loaders } from './loaders';

export interface Context {
  /** Mutations write through it; reads go through the loaders. */
  db: Database;
  loaders: Loaders;
  viewer: Viewer;
  /** Mutations publish to it; subscriptions listen. */
  events: Events;
  /** How importArticle finds quotations: the server's extraction threads, or this thread. */
  extract: Extract;
}

export interface ContextOptions {
  loaderOptions?: LoaderOptions;
  /** REQUIRE_READ_TOKEN: reads need a token too (reads are public by default). */
  requireReadToken?: boolean;
  extract?: Extract;
  /** The query's text (yoga's params, persisted operations resolved): what the loaders read depends on it. */
  query?: string | null;
}

/**
 * Called once per request: new loaders every time (each made on first use); only the database pool is shared. A request
 * with a bad token is refused whatever it asks, as GitHub's API does: a client whose token was
 * revoked must learn it rather than be served as an anonymous reader.
 */
export async function createContext(db: Database, events: Events, request: Request, options: ContextOptions = {}): Promise<Context> {
  // On the primary: a token just created works at once, and a revoked one stops at once.
  const viewer = await viewerOf(primaryOf(db), request.headers.get('authorization'));
  if (viewer.kind === 'invalid') throw unauthenticated(viewer.reason);
  if (viewer.kind === 'anonymous' && options.requireReadToken) {
    throw unauthenticated('This server requires a token to read: send "Authorization: Bearer <token>".');
  }
  return {
    db,
    events,
    loaders: createLoaders(db, options.loaderOptions, readPlanOf(options.query)),
    viewer,
    extract: options.extract ?? extractInThisThread,
  };
}
