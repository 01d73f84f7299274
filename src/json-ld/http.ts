import type { Plugin } from 'graphql-yoga';
import { clientError, ErrorCode } from '../core/errors';
import { databaseIdOf } from '../core/global-id';
import { httpRoute, type RouteRequest, routeContext } from '../http-route';
import { claimJsonLd, statementJsonLd } from './claim';

/**
 * GET /claims/<ID>.jsonld and /statements/<ID>.jsonld: a claim or a statement as schema.org
 * `Claim` JSON-LD (the same object as the GraphQL field `jsonLd`), for fact-checking tools that
 * fetch ClaimReview's vocabulary by URL. The request's context comes from the same factory as a
 * GraphQL request's, so tokens and REQUIRE_READ_TOKEN hold here too.
 */

const JSON_LD_PATH = /^\/(claims|statements)\/([A-Za-z0-9_=-]+)\.jsonld$/;

async function jsonLdResponse(route: RouteRequest) {
  const { request, url, fetchAPI } = route;
  const [, collection, globalId] = JSON_LD_PATH.exec(url.pathname) ?? [];
  if (!collection) {
    throw clientError(ErrorCode.NOT_FOUND, `No JSON-LD at ${url.pathname}: there are /claims/<ID>.jsonld and /statements/<ID>.jsonld.`);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  }
  const { loaders } = await routeContext(route);
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

export function useJsonLdRoutes(): Plugin {
  return httpRoute((url) => url.pathname.startsWith('/claims/') || url.pathname.startsWith('/statements/'), jsonLdResponse);
}
