import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../context';
import { clientError, ErrorCode, errorResponse, maskUnexpectedError } from '../core/errors';
import { databaseIdOf } from '../core/global-id';
import { claimJsonLd, statementJsonLd } from './claim';

/**
 * GET /claims/<ID>.jsonld and /statements/<ID>.jsonld: a claim or a statement as schema.org
 * `Claim` JSON-LD (the same object as the GraphQL field `jsonLd`), for fact-checking tools that
 * fetch ClaimReview's vocabulary by URL. The request's context comes from the same factory as a
 * GraphQL request's, so tokens and REQUIRE_READ_TOKEN hold here too.
 */

const JSON_LD_PATH = /^\/(claims|statements)\/([A-Za-z0-9_=-]+)\.jsonld$/;

const masked = (error: unknown) => maskUnexpectedError!(error, '', false) as GraphQLError;

export function useJsonLdRoutes(): Plugin {
  let yoga: YogaServerInstance<Record<string, unknown>, Context>;

  async function jsonLdResponse(request: Request, url: URL, serverContext: Record<string, unknown>, fetchAPI: FetchAPI) {
    const [, collection, globalId] = JSON_LD_PATH.exec(url.pathname) ?? [];
    if (!collection) {
      throw clientError(ErrorCode.NOT_FOUND, `No JSON-LD at ${url.pathname}: there are /claims/<ID>.jsonld and /statements/<ID>.jsonld.`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const { loaders } = (await yoga.getEnveloped({ request, ...serverContext }).contextFactory()) as unknown as Context;
    let document: Record<string, unknown> | null;
    if (collection === 'claims') {
      document = await claimJsonLd(loaders, databaseIdOf(globalId, 'Claim'));
    } else {
      const statement = await loaders.statementById.load(databaseIdOf(globalId, 'Statement'));
      document = statement ? await statementJsonLd(loaders, statement) : null;
    }
    if (!document) throw clientError(ErrorCode.NOT_FOUND, `No ${collection === 'claims' ? 'claim' : 'statement'} has the ID ${globalId}.`);
    return new fetchAPI.Response(request.method === 'HEAD' ? null : JSON.stringify(document), {
      status: 200,
      headers: { 'content-type': 'application/ld+json; charset=utf-8' },
    });
  }

  return {
    onYogaInit({ yoga: server }) {
      yoga = server as typeof yoga;
    },
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith('/claims/') && !url.pathname.startsWith('/statements/')) return;
      try {
        endResponse(await jsonLdResponse(request, url, serverContext as Record<string, unknown>, fetchAPI));
      } catch (error) {
        if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
          endResponse(errorResponse(fetchAPI, error));
          return;
        }
        yoga.logger.error(error);
        endResponse(errorResponse(fetchAPI, masked(error)));
      }
    },
  };
}
