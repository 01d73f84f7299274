import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Context } from './context';
import { errorResponse, maskUnexpectedError } from './core/errors';

/**
 * HTTP routes beside GraphQL (the exports, the JSON-LD documents), answered before yoga reads
 * the request as GraphQL, as the local GraphiQL assets are.
 */

export type RouteServer = YogaServerInstance<Record<string, unknown>, Context>;

export interface RouteRequest {
  request: Request;
  url: URL;
  serverContext: Record<string, unknown>;
  fetchAPI: FetchAPI;
  /** The server: its logger, and the context factory GraphQL requests use. */
  yoga: RouteServer;
}

// Declared with the type of yoga's maskError option, it always returns a GraphQLError.
const masked = (error: unknown) => maskUnexpectedError!(error, '', false) as GraphQLError;

/**
 * The request's context, from the factory a GraphQL request's comes from: a route lets a request
 * in exactly as GraphQL would (the token checked, REQUIRE_READ_TOKEN enforced).
 */
export async function routeContext({ yoga, request, serverContext }: RouteRequest): Promise<Context> {
  return (await yoga.getEnveloped({ request, ...serverContext }).contextFactory()) as unknown as Context;
}

/**
 * A plugin that answers the paths `handles` takes with `respond`. A coded error (clientError) is
 * sent as its JSON error; anything else is masked as GraphQL responses mask it (a statement
 * timeout and an unreachable database said as such, anything else said to no one) and logged
 * with its stack.
 */
export function httpRoute(handles: (url: URL) => boolean, respond: (route: RouteRequest) => Promise<Response>): Plugin {
  let yoga: RouteServer;
  return {
    onYogaInit({ yoga: server }) {
      yoga = server as RouteServer;
    },
    // Not async: a hook that returns a promise makes every request wait a turn of the event loop
    // for it, the GraphQL ones too; only the route's own requests wait for `respond`.
    onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (!handles(url)) return;
      return (async () => {
        try {
          endResponse(await respond({ request, url, serverContext: serverContext as Record<string, unknown>, fetchAPI, yoga }));
        } catch (error) {
          if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
            endResponse(errorResponse(fetchAPI, error));
            return;
          }
          yoga.logger.error(error);
          endResponse(errorResponse(fetchAPI, masked(error)));
        }
      })();
    },
  };
}
