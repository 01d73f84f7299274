import type { ClaimLinkRow, ClaimRow, StatementRow } from '../../schema';
import { meaningChanges } from '../core/claim-wording';
import { databaseIdOf } from '../core/global-id';
import { loadAll, type Loaders } from '../loaders';
import { claimConditions, claimLinkConditions } from '../loaders/claims';
import { claimFilter } from '../loaders/claim-filter';
import { claimJsonLd, MAX_JSON_LD_APPEARANCES, statementJsonLd } from '../json-ld/claim';
import { CLUSTERING, decideClaimLink } from '../services/claims';
import { builder } from './builder';
import { orderInput } from './filter-input';
import { findOneBy } from './lookup';
import { StatementRef, StatementRelationRef } from './refs';
import { userErrors } from './user-errors';

/**
 * Claims: one remark as it travels between articles and outlets. Statements joined by REPEATS
 * relations, filed by the clustering on import (src/services/claims.ts) or by editors, form one.
 */

export const ClaimRef = builder.objectRef<ClaimRow>('Claim');
export const ClaimLinkRef = builder.objectRef<ClaimLinkRow>('ClaimLink');

const MeaningChange = builder.enumType('MeaningChange', {
  description: 'How a later wording of a claim may have changed what its first appearance said.',
  values: {
    WORDS_ADDED: { description: 'It has three or more words the first wording does not.' },
    NEGATION_LOST: { description: "It has fewer negations (not, never, no, n't…) than the first wording." },
    FRAGMENT: { description: "It is under half the first wording's length: a fragment, perhaps out of context." },
  } as const,
});

const ClaimLinkStatus = builder.enumType('ClaimLinkStatus', {
  values: {
    LINKED: { description: 'Scored above the linking threshold: filed at once as a REPEATS relation.' },
    SUGGESTED: { description: 'Scored between the two thresholds: waiting for an editor.' },
    CONFIRMED: { description: 'An editor confirmed it: a REPEATS relation was filed.' },
    REJECTED: { description: 'An editor rejected it.' },
  } as const,
});

const summaryOf = async (loaders: Loaders, claimId: number) => (await loaders.claimSummary.load(claimId))!;

interface AppearanceEdge {
  node: StatementRow;
  claimId: number;
}

/** What changed from the claim's first wording to this appearance's; nothing for the first itself. */
async function changesOf(loaders: Loaders, edge: unknown) {
  const { node, claimId } = edge as AppearanceEdge;
  const summary = await loaders.claimSummary.load(claimId);
  if (!summary || summary.firstStatementId === node.id) return [];
  return meaningChanges(summary.firstText, node.text);
}

const ClaimAppearanceConnection = builder.connectionObject(
  { type: StatementRef, name: 'ClaimAppearanceConnection' },
  {
    name: 'ClaimAppearanceEdge',
    fields: (t) => ({
      meaningChanges: t.field({
        type: [MeaningChange],
        description: "How this wording differs in meaning from the first appearance's; empty for the first and for faithful copies.",
        resolve: (edge, _args, { loaders }) => changesOf(loaders, edge),
      }),
      meaningChanged: t.boolean({
        description: 'Whether `meaningChanges` is not empty.',
        resolve: async (edge, _args, { loaders }) => (await changesOf(loaders, edge)).length > 0,
      }),
    }),
  },
);

builder.node(ClaimRef, {
  description:
    'One remark as it travels: the statements that repeat one another (REPEATS relations, from the clustering on import or from editors), across articles and outlets.',
  id: { resolve: (claim) => claim.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.claimById, ids.map(Number)),
  fields: (t) => ({
    firstAppearance: t.field({
      type: StatementRef,
      description: 'The appearance in the earliest published article (undated articles count last).',
      resolve: async (claim, _args, { loaders }) =>
        (await loaders.statementById.load((await summaryOf(loaders, claim.id)).firstStatementId))!,
    }),
    appearances: t.connection(
      {
        type: StatementRef,
        description:
          'Every statement of the claim, by publication date, earliest first; each edge says whether its wording changed the meaning.',
        resolve: (claim, args, { loaders }) => loaders.connection('claimAppearances', args, claim.id),
      },
      ClaimAppearanceConnection,
    ),
    publisherCount: t.int({
      description: 'Distinct publishers of the articles it appears in (articles without a publisher are not counted).',
      resolve: async (claim, _args, { loaders }) => (await summaryOf(loaders, claim.id)).publisherCount,
    }),
    independentOriginCount: t.int({
      description:
        'Independent reports: appearances count once per group that shares a publisher, or the same wording in the same surrounding text (200 characters either side: copies of one wire story, whoever runs them).',
      resolve: async (claim, _args, { loaders }) => (await summaryOf(loaders, claim.id)).independentOriginCount,
    }),
    jsonLd: t.field({
      type: 'JSONObject',
      description: `The claim as schema.org \`Claim\` JSON-LD (what ClaimReview tools read): the first appearance's text and author (a Person, \`sameAs\` its Wikidata page when known), \`appearance\` the articles it appeared in (NewsArticle: url, datePublished, publisher; the first ${MAX_JSON_LD_APPEARANCES}) and \`firstAppearance\` the earliest. Also at GET /claims/<ID>.jsonld.`,
      resolve: async (claim, _args, { loaders }) => (await claimJsonLd(loaders, claim.id))!,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When its first two statements were joined.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When a statement last joined it or left it.' }),
  }),
});

builder.node(ClaimLinkRef, {
  description:
    'A pair the clustering found when a statement was filed: the new statement (`from`) seems to say again what `to` said. Linked at once above the threshold, otherwise suggested to an editor.',
  id: { resolve: (link) => link.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.claimLinkById, ids.map(Number)),
  fields: (t) => ({
    from: t.field({
      type: StatementRef,
      resolve: async (link, _args, { loaders }) => (await loaders.statementById.load(link.fromStatementId))!,
    }),
    to: t.field({
      type: StatementRef,
      resolve: async (link, _args, { loaders }) => (await loaders.statementById.load(link.toStatementId))!,
    }),
    score: t.exposeFloat('score', {
      description: `0 to 1. Links at ${CLUSTERING.linkScore} or above are filed at once; suggestions from ${CLUSTERING.suggestScore}.`,
    }),
    reason: t.exposeString('reason', {
      description: 'Why, in words: "same speaker, trigram similarity 0.91", "same speaker, contained in it (word similarity 1.00)".',
    }),
    status: t.expose('status', { type: ClaimLinkStatus }),
    relation: t.field({
      type: StatementRelationRef,
      nullable: true,
      description: 'The REPEATS relation it became; null while suggested, when rejected, or once an editor deleted the relation.',
      resolve: (link, _args, { loaders }) => (link.relationId == null ? null : loaders.statementRelationById.load(link.relationId)),
    }),
    decidedBy: t.exposeString('decidedBy', {
      nullable: true,
      description: `Who settled it: "${CLUSTERING.assertedBy}" for a link filed at once, otherwise the editor's token name.`,
    }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the clustering found it.' }),
  }),
});

const ClaimConnection = builder.connectionObject({ type: ClaimRef, name: 'ClaimConnection' }, { name: 'ClaimEdge' });
const ClaimLinkConnection = builder.connectionObject({ type: ClaimLinkRef, name: 'ClaimLinkConnection' }, { name: 'ClaimLinkEdge' });

builder.objectField(StatementRef, 'claim', (t) =>
  t.field({
    type: ClaimRef,
    nullable: true,
    description: 'The claim it belongs to; null while it repeats nothing and nothing repeats it.',
    resolve: (statement, _args, { loaders }) => loaders.claimByStatement.load(statement.id),
  }),
);

builder.objectField(StatementRef, 'jsonLd', (t) =>
  t.field({
    type: 'JSONObject',
    description:
      "The statement as schema.org `Claim` JSON-LD: its text, its author (a Person, `sameAs` its Wikidata page when known, or the Organization that spoke; none for an unnamed source), its article as `appearance`, and as `firstAppearance` its claim's earliest article (its own when it has no claim). Also at GET /statements/<ID>.jsonld.",
    resolve: (statement, _args, { loaders }) => statementJsonLd(loaders, statement),
  }),
);

const ClaimFilterInput = builder.inputType('ClaimFilter', {
  description: 'Every condition given must hold. An ID that matches nothing is BAD_USER_INPUT.',
  fields: (t) => ({
    speaker: t.id({ description: 'With an appearance said by this speaker.' }),
    publishedAfter: t.field({ type: 'Date', description: 'With an appearance in an article published on or after this date.' }),
    publishedBefore: t.field({ type: 'Date', description: 'With an appearance in an article published on or before this date.' }),
    minPublishers: t.int({ description: 'Reported by at least this many distinct publishers (1 or more).' }),
    search: t.string({ description: 'Full-text search of its wordings, as in `search`.' }),
  }),
});

const ClaimOrder = orderInput('ClaimOrder', { CREATED_AT: 'By when the claim was formed.' });
const ClaimLinkOrder = orderInput('ClaimLinkOrder', { CREATED_AT: 'By when the link was found.', SCORE: 'By score.' });

const ClaimLinkFilterInput = builder.inputType('ClaimLinkFilter', {
  fields: (t) => ({ status: t.field({ type: ClaimLinkStatus, description: 'SUGGESTED lists what waits for an editor.' }) }),
});

builder.queryFields((t) => ({
  claim: t.field({
    type: ClaimRef,
    nullable: true,
    description: 'One claim by global ID. NOT_FOUND when none matches.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { loaders }) => findOneBy('claim', args, { id: (id) => loaders.claimById.load(databaseIdOf(id, 'Claim')) }),
  }),
  claims: t.connection(
    {
      nullable: true,
      type: ClaimRef,
      description: 'Claims, filtered; by default the newest first.',
      args: {
        filter: t.arg({ type: ClaimFilterInput }),
        orderBy: t.arg({ type: ClaimOrder, description: 'Default: CREATED_AT DESC.' }),
      },
      resolve: async (_root, args, { loaders }) =>
        loaders.rootConnection('claims', args, {
          where: claimConditions(await claimFilter(loaders, args.filter)),
          order: args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' },
        }),
    },
    ClaimConnection,
  ),
  claimLinks: t.connection(
    {
      nullable: true,
      type: ClaimLinkRef,
      description:
        'What the clustering found, links and suggestions; `filter: { status: SUGGESTED }` is the queue an editor works through.',
      args: {
        filter: t.arg({ type: ClaimLinkFilterInput }),
        orderBy: t.arg({ type: ClaimLinkOrder, description: 'Default: CREATED_AT DESC.' }),
      },
      resolve: (_root, args, { loaders }) =>
        loaders.rootConnection('claimLinks', args, {
          where: claimLinkConditions(args.filter?.status ?? undefined),
          order: args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' },
        }),
    },
    ClaimLinkConnection,
  ),
}));

builder.mutationFields((t) => ({
  confirmClaimLink: t.field({
    type: ClaimLinkRef,
    description: "Confirms a suggested link: files the REPEATS relation (asserted by the token's name), which joins the two claims.",
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'claimLink' } },
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ description: 'Why, for the history (up to 2000 characters).' }) },
    resolve: (_root, { id, reason }, { db, viewer }) => decideClaimLink(db, String(id), 'CONFIRMED', viewer, reason),
  }),
  rejectClaimLink: t.field({
    type: ClaimLinkRef,
    description: 'Rejects a suggested link: the statements stay apart, and the clustering does not suggest the pair again.',
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'claimLink' } },
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ description: 'Why, for the history (up to 2000 characters).' }) },
    resolve: (_root, { id, reason }, { db, viewer }) => decideClaimLink(db, String(id), 'REJECTED', viewer, reason),
  }),
}));
