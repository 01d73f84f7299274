import type { StatementChangeRow, StatementRow } from '../../schema';
import { presentChangeValues } from '../core/statement-changes';
import { loadAll, type Loaders } from '../loaders';
import { reviewQueueConditions, reviewReasonsOf } from '../loaders/review-queue';
import { reviewQueueFilter } from '../loaders/review-queue-filter';
import { confirmStatement, correctStatementSpan, reattributeStatement, REVIEW, rejectStatement } from '../services/review';
import { builder } from './builder';
import { ClaimLinkRef } from './claim';
import { orderInput } from './filter-input';
import { StatementRef } from './refs';
import { StatementLocation } from './statement';
import { userErrors } from './user-errors';
import { statementSourceIds } from './input-ids';

/**
 * The review queue and the corrections history (issue 17, part 3): what waits for an editor,
 * the editors' actions on it, and every change to a statement, its attribution or its relations,
 * as migration 0014's triggers record them. Acting needs the write scope; seeing the queue and
 * the history needs a token (read scope): the history names the editors.
 */

export const StatementChangeRef = builder.objectRef<StatementChangeRow>('StatementChange');

const StatementChangeKind = builder.enumType('StatementChangeKind', {
  values: {
    EDITED: {
      description: 'updateStatement, or a change made outside the review actions (a merge of speakers, a new import of its article).',
    },
    CONFIRMED: { description: 'An editor confirmed the statement and its attribution as filed.' },
    REATTRIBUTED: { description: 'An editor gave it another source.' },
    SPAN_CORRECTED: { description: 'An editor corrected its span (and so its text).' },
    REJECTED: { description: 'An editor rejected it: it should not have been filed.' },
    DELETED: { description: 'It was deleted (`before` holds it as it was); its history stays.' },
    RELATION_ADDED: { description: 'A relation from it (or to it: `relatedStatement` is the other end) was filed.' },
    RELATION_REMOVED: { description: 'A relation from or to it was deleted.' },
    LINK_CONFIRMED: { description: 'An editor confirmed a suggested claim link from it.' },
    LINK_REJECTED: { description: 'An editor rejected a suggested claim link from it.' },
  } as const,
});

const StatementReviewStatus = builder.enumType('StatementReviewStatus', {
  values: {
    CONFIRMED: { description: 'An editor checked it and its attribution, as filed or as they corrected it.' },
    REJECTED: { description: 'An editor found it should not have been filed.' },
  } as const,
});

const ReviewReason = builder.enumType('ReviewReason', {
  values: {
    UNATTRIBUTED: { description: 'No person, institution or unnamed source: who said it is still open.' },
    LOW_CONFIDENCE: { description: `The importer's attribution confidence is below ${REVIEW.confidenceBelow}.` },
    SUGGESTED_LINK: { description: 'A claim link from it waits for an editor (confirmClaimLink, rejectClaimLink).' },
  } as const,
});

const statementOrNull = (loaders: Loaders, id: number | null) => (id == null ? null : loaders.statementById.load(id));

builder.node(StatementChangeRef, {
  description:
    'One change in the corrections history: who made it (the token name), when, the values before and after, and why. Never rewritten.',
  id: { resolve: (change) => change.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.statementChangeById, ids.map(Number)),
  fields: (t) => ({
    kind: t.expose('kind', { type: StatementChangeKind }),
    statement: t.field({
      type: StatementRef,
      nullable: true,
      description: 'The statement changed; null once it is deleted.',
      resolve: (change, _args, { loaders }) => statementOrNull(loaders, change.statementId),
    }),
    relatedStatement: t.field({
      type: StatementRef,
      nullable: true,
      description: "A relation's or claim link's other statement; null for a change of the statement itself, or once it is deleted.",
      resolve: (change, _args, { loaders }) => statementOrNull(loaders, change.relatedStatementId),
    }),
    before: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'The changed fields as they were (API names, global IDs); null when there was nothing before (a relation added).',
      resolve: (change) => presentChangeValues(change.kind, change.before),
    }),
    after: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'The changed fields as they became; null when nothing is left (a deletion).',
      resolve: (change) => presentChangeValues(change.kind, change.after),
    }),
    changedBy: t.exposeString('changedBy', {
      description:
        'The token\'s name; "newskb:auto-cluster" for the clustering\'s links; "newskb:seed" for the seed\'s; "database:<role>" for a change made outside the API.',
    }),
    reason: t.exposeString('reason', { nullable: true, description: "The editor's reason, when given." }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the change was made (its transaction began).' }),
  }),
});

const StatementChangeConnection = builder.connectionObject(
  { type: StatementChangeRef, name: 'StatementChangeConnection' },
  { name: 'StatementChangeEdge' },
);

builder.objectFields(StatementRef, (t) => ({
  reviewStatus: t.field({
    type: StatementReviewStatus,
    nullable: true,
    description:
      "An editor's verdict; null while none was given. `attributionConfidence` stays the importer's unless the editor reattributed it.",
    resolve: (statement) => statement.reviewStatus,
  }),
  editorConfirmed: t.boolean({
    description: 'Whether an editor confirmed it (reviewStatus CONFIRMED).',
    resolve: (statement) => statement.reviewStatus === 'CONFIRMED',
  }),
  reviewedBy: t.exposeString('reviewedBy', { nullable: true, description: 'The name of the token whose editor gave the verdict.' }),
  reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
  history: t.connection(
    {
      type: StatementChangeRef,
      authScopes: { read: true },
      description:
        'Every change to it, its attribution and its relations (from either end), oldest first, as recorded in the transaction that made it. Needs a token.',
      resolve: (statement, args, { loaders }) => loaders.connection('statementHistory', args, statement.id),
    },
    StatementChangeConnection,
  ),
}));

interface QueueEdge {
  node: StatementRow;
}

const ReviewQueueConnection = builder.connectionObject(
  { type: StatementRef, name: 'ReviewQueueConnection' },
  {
    name: 'ReviewQueueEdge',
    fields: (t) => ({
      reasons: t.field({
        type: [ReviewReason],
        description: 'Why it waits: one reason or more.',
        resolve: async (edge, _args, { loaders }) => {
          const { node } = edge as unknown as QueueEdge;
          const [state, links] = await Promise.all([loaders.reviewState.load(node.id), loaders.pendingLinksByStatement.load(node.id)]);
          return state ? reviewReasonsOf(state, links.length, REVIEW.confidenceBelow) : [];
        },
      }),
      suggestedLinks: t.field({
        type: [ClaimLinkRef],
        description: 'The claim links from it that wait for an editor, oldest first.',
        resolve: (edge, _args, { loaders }) => loaders.pendingLinksByStatement.load((edge as unknown as QueueEdge).node.id),
      }),
    }),
  },
);

const ReviewQueueFilterInput = builder.inputType('ReviewQueueFilter', {
  description: 'Every condition given must hold. An ID that matches nothing is BAD_USER_INPUT.',
  fields: (t) => ({
    reason: t.field({ type: ReviewReason, description: 'Only items waiting for this reason.' }),
    publisher: t.id({ description: 'In an article of this publisher (an Organization ID).' }),
    speaker: t.id({ description: 'Attributed to this speaker.' }),
    minConfidence: t.float({ description: 'Attribution confidence at least this (0 to 1; none counts as 0).' }),
    maxConfidence: t.float({ description: 'Attribution confidence at most this (0 to 1; none counts as 0).' }),
    filedAfter: t.field({ type: 'DateTime', description: 'Filed at or after this moment.' }),
    filedBefore: t.field({ type: 'DateTime', description: 'Filed at or before this moment: items older than a day, a week.' }),
  }),
});

const ReviewQueueOrder = orderInput('ReviewQueueOrder', {
  FILED_AT: 'By when the statement was filed.',
  CONFIDENCE: 'By attribution confidence (none counts as 0), then by when filed.',
});

builder.queryField('reviewQueue', (t) =>
  t.connection(
    {
      nullable: true,
      type: StatementRef,
      authScopes: { read: true },
      description: `What waits for an editor: statements no editor has settled that are unattributed or attributed with a confidence below ${REVIEW.confidenceBelow}, and statements with a suggested claim link. By default the oldest first. Needs a token.`,
      args: {
        filter: t.arg({ type: ReviewQueueFilterInput }),
        orderBy: t.arg({ type: ReviewQueueOrder, description: 'Default: FILED_AT ASC.' }),
      },
      resolve: async (_root, args, { loaders }) =>
        loaders.rootConnection('reviewQueue', args, {
          where: reviewQueueConditions(await reviewQueueFilter(loaders, args.filter), REVIEW.confidenceBelow),
          order: args.orderBy ?? { field: 'FILED_AT', direction: 'ASC' },
        }),
    },
    ReviewQueueConnection,
  ),
);

const reasonField = { description: 'Why, for the history (up to 2000 characters).' };

const ReviewStatementInput = builder.inputType('ReviewStatementInput', {
  fields: (t) => ({ id: t.id({ required: true }), reason: t.string(reasonField) }),
});

const ReattributeStatementInput = builder.inputType('ReattributeStatementInput', {
  description: 'One source, or null for all three: nobody can say who said it.',
  fields: (t) => ({
    id: t.id({ required: true }),
    speaker: t.id(),
    speakerRole: t.id({ description: 'A SpeakerRole of the speaker.' }),
    sourceOrganization: t.id({ description: 'The Organization that said it in its own name.' }),
    sourceDescription: t.string({ description: 'The article\'s words for an unnamed source ("a senior police source").' }),
    reason: t.string(reasonField),
  }),
});

const CorrectStatementSpanInput = builder.inputType('CorrectStatementSpanInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    spanStart: t.int({ description: 'Where the text starts, in UTF-16 code units.' }),
    spanEnd: t.int({ description: 'Where it ends (exclusive).' }),
    location: t.field({ type: StatementLocation }),
    text: t.string({ description: "Optional check: when given, it must equal the article's text at the span." }),
    reason: t.string(reasonField),
  }),
});

builder.mutationFields((t) => ({
  confirmStatement: t.field({
    type: StatementRef,
    description: 'The statement and its attribution are right as filed: it leaves the review queue (its suggested links stay).',
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'statement' } },
    args: { input: t.arg({ type: ReviewStatementInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) => confirmStatement(db, { ...input, id: String(input.id) }, viewer),
  }),
  rejectStatement: t.field({
    type: StatementRef,
    description: 'It should not have been filed: it leaves the review queue and stays stored, with its history.',
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'statement' } },
    args: { input: t.arg({ type: ReviewStatementInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) => rejectStatement(db, { ...input, id: String(input.id) }, viewer),
  }),
  reattributeStatement: t.field({
    type: StatementRef,
    description: "Another source, as the editor settles it: confirmed, and attributionConfidence null (an editor's attribution).",
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'statement' } },
    args: { input: t.arg({ type: ReattributeStatementInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) => reattributeStatement(db, { ...statementSourceIds(input), id: String(input.id) }, viewer),
  }),
  correctStatementSpan: t.field({
    type: StatementRef,
    description: 'A corrected span, and so text. The verdict stays as it was: an unsettled statement stays in the queue.',
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'statement' } },
    args: { input: t.arg({ type: CorrectStatementSpanInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) => correctStatementSpan(db, { ...input, id: String(input.id) }, viewer),
  }),
}));
