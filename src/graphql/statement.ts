import { brandWithType } from '@pothos/core';
import { filter, pipe } from 'graphql-yoga';
import { loadAll } from '../loaders';
import type { Loaders } from '../loaders';
import { statementConditions } from '../loaders/filters';
import { builder } from './builder';
import { orderInput } from './filter-input';
import { statementFilter } from '../loaders/filter-arguments';
import { databaseIdOf } from '../core/global-id';
import { findOneBy } from './lookup';
import {
  ArticleRef,
  CountryRef,
  MentionRef,
  OrganizationRef,
  SpeakerRef,
  SpeakerRoleRef,
  StatementConnection,
  StatementRef,
  StatementRelationRef,
} from './refs';
import { userErrors } from './user-errors';
import {
  addMention,
  createStatement,
  createStatementRelation,
  deleteStatement,
  deleteStatementRelation,
  removeMention,
  updateStatement,
} from '../services/statements';
import { idOrNull, statementSourceIds } from './input-ids';

const StatementKind = builder.enumType('StatementKind', {
  values: {
    DIRECT_QUOTE: { description: "The speaker's own words, in quotation marks." },
    PARAPHRASE: { description: 'What the article reports the speaker said, in its own words.' },
  } as const,
});

export const StatementLocation = builder.enumType('StatementLocation', {
  description: "Which text of its article a statement's span counts in.",
  values: {
    BODY: { description: 'The body.' },
    HEADLINE: { description: 'The title: headlines quote people too, often in articles known only by their headline.' },
  } as const,
});

const StatementSourceKind = builder.enumType('StatementSourceKind', {
  description: 'Who the article says made a statement.',
  values: {
    PERSON: { description: 'A named person: `speaker`.' },
    ORGANIZATION: { description: 'An institution in its own name ("the ministry said in a statement"): `sourceOrganization`.' },
    UNNAMED: { description: 'A source the article does not name, as it describes it ("a senior police source"): `sourceDescription`.' },
    UNATTRIBUTED: { description: 'Nobody yet: the article does not say for certain, or an editor must still settle it.' },
  } as const,
});

type StatementSource = (typeof StatementSourceKind)['$inferType'];

function sourceKindOf(statement: {
  speakerId: number | null;
  sourceOrganizationId: number | null;
  sourceDescription: string | null;
}): StatementSource {
  if (statement.speakerId != null) return 'PERSON';
  if (statement.sourceOrganizationId != null) return 'ORGANIZATION';
  return statement.sourceDescription != null ? 'UNNAMED' : 'UNATTRIBUTED';
}

const StatementRelationKind = builder.enumType('StatementRelationKind', {
  values: {
    SUPPORTS: { description: 'The first statement backs the second.' },
    CONTRADICTS: { description: 'The two cannot both be true.' },
    RESPONDS_TO: { description: 'The first answers the second.' },
    REPEATS: { description: 'The first says again what the second said.' },
  } as const,
});

const Span = builder.objectRef<{ start: number; end: number }>('Span').implement({
  description:
    "Where a statement stands in its article's body: [start, end) in UTF-16 code units, so that body.slice(start, end) in JavaScript is the statement's text.",
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
  }),
});

const mentionableRefs = { Country: CountryRef, Organization: OrganizationRef, Speaker: SpeakerRef };

const Mentionable = builder.unionType('Mentionable', {
  description: 'Something a statement can name: a country, an organization or a person.',
  types: [CountryRef, OrganizationRef, SpeakerRef],
});

builder.node(StatementRef, {
  description: 'A quotation or paraphrase, tied to where it stands in its article and who said it.',
  id: { resolve: (statement) => statement.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.statementById, ids.map(Number)),
  fields: (t) => ({
    text: t.exposeString('text', { description: 'Verbatim, without the quotation marks.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    kind: t.expose('kind', { type: StatementKind }),
    article: t.field({
      type: ArticleRef,
      resolve: async (statement, _args, { loaders }) => (await loaders.articleById.load(statement.articleId))!,
    }),
    speaker: t.field({
      type: SpeakerRef,
      nullable: true,
      description: 'Who said it; null when the article does not say for certain.',
      resolve: (statement, _args, { loaders }) => (statement.speakerId == null ? null : loaders.speakerById.load(statement.speakerId)),
    }),
    speakerRole: t.field({
      type: SpeakerRoleRef,
      nullable: true,
      description: 'The role the speaker held when speaking.',
      resolve: (statement, _args, { loaders }) =>
        statement.speakerRoleId == null ? null : loaders.speakerRoleById.load(statement.speakerRoleId),
    }),
    sourceKind: t.field({
      type: StatementSourceKind,
      description: 'Whether a person, an institution or an unnamed source said it, or nobody yet.',
      resolve: sourceKindOf,
    }),
    sourceOrganization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The institution that said it in its own name, when no person is named; null otherwise. `speaker` is then null.',
      resolve: (statement, _args, { loaders }) =>
        statement.sourceOrganizationId == null ? null : loaders.organizationById.load(statement.sourceOrganizationId),
    }),
    sourceDescription: t.exposeString('sourceDescription', {
      nullable: true,
      description:
        'The article\'s own words for a source it does not name: "a senior police source", "two officials familiar with the talks".',
    }),
    location: t.expose('location', { type: StatementLocation, description: 'Whether the span counts in the body or the title.' }),
    attributionConfidence: t.exposeFloat('attributionConfidence', {
      nullable: true,
      description: 'How sure the importer was of the speaker, 0 to 1; null when an editor filed or corrected the attribution.',
    }),
    relations: t.field({
      type: [StatementRelationRef],
      description: 'Relations this statement takes part in, from either end, oldest first.',
      resolve: (statement, _args, { loaders }) => loaders.relationsByStatement.load(statement.id),
    }),
    span: t.field({
      type: Span,
      resolve: (statement) => ({ start: statement.spanStart, end: statement.spanEnd }),
    }),
    attributionVerb: t.exposeString('attributionVerb', {
      nullable: true,
      description: 'The verb the article uses to attribute it: said, added, noted, stressed...',
    }),
    position: t.exposeInt('position', { description: "Its order among the article's statements, from 1." }),
    mentions: t.field({
      type: [Mentionable],
      description: 'The countries, organizations and people the statement names.',
      resolve: async (statement, _args, { loaders }) =>
        (await loaders.mentionTargets.load(statement.id)).map(({ kind, row }) => {
          brandWithType(row, mentionableRefs[kind]);
          return row;
        }),
    }),
  }),
});

const loadStatement = async (loaders: Loaders, id: number) => (await loaders.statementById.load(id))!;

builder.node(StatementRelationRef, {
  description: 'A claim that one statement bears on another: "from SUPPORTS to", "from CONTRADICTS to".',
  id: { resolve: (relation) => relation.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.statementRelationById, ids.map(Number)),
  fields: (t) => ({
    kind: t.expose('kind', { type: StatementRelationKind }),
    from: t.field({ type: StatementRef, resolve: (relation, _args, { loaders }) => loadStatement(loaders, relation.fromStatementId) }),
    to: t.field({ type: StatementRef, resolve: (relation, _args, { loaders }) => loadStatement(loaders, relation.toStatementId) }),
    note: t.exposeString('note', { nullable: true }),
    assertedBy: t.exposeString('assertedBy', {
      description: "Who stands behind the claim: an editor, a desk; the token's name by default.",
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
  }),
});

MentionRef.implement({
  description: "A country, organization or person named in an article: inside a statement, or in the article's own narrative.",
  fields: (t) => ({
    article: t.field({
      type: ArticleRef,
      resolve: async (mention, _args, { loaders }) => (await loaders.articleById.load(mention.articleId))!,
    }),
    statement: t.field({
      type: StatementRef,
      nullable: true,
      description: 'Null for a mention in the narrative.',
      resolve: (mention, _args, { loaders }) => (mention.statementId == null ? null : loaders.statementById.load(mention.statementId)),
    }),
    target: t.field({
      type: Mentionable,
      resolve: async (mention, _args, { loaders }) => {
        const [kind, load] =
          mention.countryId != null
            ? (['Country', () => loaders.countryById.load(mention.countryId!)] as const)
            : mention.organizationId != null
              ? (['Organization', () => loaders.organizationById.load(mention.organizationId!)] as const)
              : (['Speaker', () => loaders.speakerById.load(mention.speakerId!)] as const);
        const row = (await load())!;
        brandWithType(row, mentionableRefs[kind]);
        return row;
      },
    }),
  }),
});

const StatementOrder = orderInput('StatementOrder', {
  POSITION: 'Article by article, in order of appearance.',
  PUBLISHED_AT: 'By the date of the article, then in order of appearance.',
});

const StatementFilterInput = builder.inputType('StatementFilter', {
  description: 'Every condition given must hold. An ID that matches nothing is BAD_USER_INPUT.',
  fields: (t) => ({
    speaker: t.id({ description: 'Said by this speaker.' }),
    speakerCountry: t.id({ description: 'Said by a speaker of this nationality.' }),
    speakerOrganization: t.id({ description: 'Said in a role held in this organization (the role of the day).' }),
    speakerCountryMemberOf: t.id({ description: 'Said by a speaker whose country is a member of this organization.' }),
    article: t.id({ description: 'In this article.' }),
    mentions: t.idList({ description: 'Naming any of these countries, organizations or speakers (1 to 100 IDs).' }),
    kind: t.field({ type: StatementKind }),
    sourceKind: t.field({
      type: StatementSourceKind,
      description: 'Said by a person, an institution, an unnamed source, or nobody yet (UNNAMED finds anonymous sourcing).',
    }),
    sourceOrganization: t.id({ description: 'Said by this organization in its own name.' }),
    publishedAfter: t.field({ type: 'Date', description: 'In an article published on or after this date.' }),
    publishedBefore: t.field({ type: 'Date', description: 'In an article published on or before this date.' }),
    search: t.string({ description: 'Full-text search of the statement, as in `search`.' }),
  }),
});

builder.queryFields((t) => ({
  statement: t.field({
    type: StatementRef,
    nullable: true,
    description: 'One statement by global ID. NOT_FOUND when none matches.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { loaders }) =>
      findOneBy('statement', args, { id: (id) => loaders.statementById.load(databaseIdOf(id, 'Statement')) }),
  }),
  statements: t.connection(
    {
      nullable: true,
      type: StatementRef,
      description: 'Statements, filtered and ordered; by default article by article in order of appearance.',
      args: {
        filter: t.arg({ type: StatementFilterInput }),
        orderBy: t.arg({ type: StatementOrder, description: 'Default: POSITION ASC.' }),
      },
      resolve: async (_root, args, { loaders }) =>
        loaders.rootConnection('statements', args, {
          where: statementConditions(await statementFilter(loaders, args.filter)),
          order: args.orderBy ?? { field: 'POSITION', direction: 'ASC' },
        }),
    },
    StatementConnection,
  ),
}));

const spanFields = {
  spanStart: 'Where the text starts, in UTF-16 code units (JavaScript string indices).',
  spanEnd: 'Where it ends (exclusive).',
  text: "Optional check: when given, it must equal the article's text at the span.",
};

const CreateStatementInput = builder.inputType('CreateStatementInput', {
  fields: (t) => ({
    article: t.id({ required: true }),
    kind: t.field({ type: StatementKind, required: true }),
    spanStart: t.int({ required: true, description: spanFields.spanStart }),
    spanEnd: t.int({ required: true, description: spanFields.spanEnd }),
    text: t.string({ description: spanFields.text }),
    location: t.field({ type: StatementLocation, description: 'Default BODY.' }),
    speaker: t.id({ description: 'Omit when the article does not say for certain.' }),
    speakerRole: t.id({ description: 'A SpeakerRole of the speaker: the role they held when speaking.' }),
    attributionVerb: t.string(),
    sourceOrganization: t.id({ description: 'The Organization that said it in its own name; only without `speaker`.' }),
    sourceDescription: t.string({
      description: 'The article\'s words for an unnamed source ("a senior police source"); only without `speaker`.',
    }),
  }),
});

const UpdateStatementInput = builder.inputType('UpdateStatementInput', {
  description:
    'Fields left out stay as they are. Setting `speaker` (even to null) clears the role unless `speakerRole` is given too. A statement has one source: setting a speaker clears `sourceOrganization` and `sourceDescription`, and setting either of those clears the speaker.',
  fields: (t) => ({
    id: t.id({ required: true }),
    kind: t.field({ type: StatementKind }),
    spanStart: t.int({ description: spanFields.spanStart }),
    spanEnd: t.int({ description: spanFields.spanEnd }),
    text: t.string({ description: spanFields.text }),
    location: t.field({ type: StatementLocation }),
    speaker: t.id(),
    speakerRole: t.id(),
    attributionVerb: t.string(),
    sourceOrganization: t.id({ description: 'The Organization that said it in its own name; only without `speaker`.' }),
    sourceDescription: t.string({
      description: 'The article\'s words for an unnamed source ("a senior police source"); only without `speaker`.',
    }),
  }),
});

const MentionInput = builder.inputType('MentionInput', {
  description: 'Exactly one of `statement` (a mention inside a statement) and `article` (in the narrative).',
  fields: (t) => ({
    statement: t.id(),
    article: t.id(),
    target: t.id({ required: true, description: 'A Country, Organization or Speaker ID.' }),
  }),
});

const CreateStatementRelationInput = builder.inputType('CreateStatementRelationInput', {
  fields: (t) => ({
    from: t.id({ required: true }),
    to: t.id({ required: true }),
    kind: t.field({ type: StatementRelationKind, required: true }),
    note: t.string({ description: 'Why: up to 5000 characters.' }),
    assertedBy: t.string({ description: "Who stands behind the claim; default: the token's name." }),
  }),
});

const mentionInput = (input: typeof MentionInput.$inferInput) => ({
  statement: idOrNull(input.statement),
  article: idOrNull(input.article),
  target: String(input.target),
});

builder.mutationFields((t) => ({
  createStatement: t.field({
    type: StatementRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'statement' } },
    args: { input: t.arg({ type: CreateStatementInput, required: true }) },
    resolve: async (_root, { input }, { db, events }) => {
      const statement = await createStatement(db, { ...statementSourceIds(input), article: String(input.article) });
      events.publish('statement:added', { statementId: statement.id });
      return statement;
    },
  }),
  updateStatement: t.field({
    type: StatementRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'statement' } },
    args: { input: t.arg({ type: UpdateStatementInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) => updateStatement(db, { ...statementSourceIds(input), id: String(input.id) }, viewer),
  }),
  deleteStatement: t.id({
    description: 'Deletes a statement with its mentions and the relations to and from it.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db, viewer }) => deleteStatement(db, String(id), viewer),
  }),
  addMention: t.field({
    type: MentionRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'mention' } },
    args: { input: t.arg({ type: MentionInput, required: true }) },
    resolve: (_root, { input }, { db }) => addMention(db, mentionInput(input)),
  }),
  removeMention: t.field({
    type: MentionRef,
    description: 'Removes a mention; the result is the mention as it was.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'mention' } },
    args: { input: t.arg({ type: MentionInput, required: true }) },
    resolve: (_root, { input }, { db }) => removeMention(db, mentionInput(input)),
  }),
  createStatementRelation: t.field({
    type: StatementRelationRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'relation' } },
    args: { input: t.arg({ type: CreateStatementRelationInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) =>
      createStatementRelation(db, { ...input, from: String(input.from), to: String(input.to) }, viewer),
  }),
  deleteStatementRelation: t.id({
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db, viewer }) => deleteStatementRelation(db, String(id), viewer),
  }),
}));

const StatementAddedFilter = builder.inputType('StatementAddedFilter', {
  description: 'Every condition given must hold.',
  fields: (t) => ({
    speaker: t.id({ description: 'Said by this speaker.' }),
    article: t.id({ description: 'In this article.' }),
    kind: t.field({ type: StatementKind }),
    attributed: t.boolean({ description: 'true: only statements with a speaker; false: only those an editor must still attribute.' }),
  }),
});

builder.subscriptionField('statementAdded', (t) =>
  t.field({
    type: StatementRef,
    description: 'Each statement filed from now on, by createStatement or importArticle, that matches the filter.',
    args: { filter: t.arg({ type: StatementAddedFilter }) },
    subscribe: (_root, { filter: wanted }, { events, loaders }) => {
      const speakerId = wanted?.speaker == null ? undefined : databaseIdOf(String(wanted.speaker), 'Speaker', 'filter.speaker');
      const articleId = wanted?.article == null ? undefined : databaseIdOf(String(wanted.article), 'Article', 'filter.article');
      return pipe(
        events.subscribe('statement:added'),
        filter(async ({ statementId }) => {
          // Each event's statement is new: clearing keeps a long-lived subscription's cache small.
          loaders.statementById.clearAll();
          const statement = await loaders.statementById.load(statementId);
          if (!statement) return false;
          return (
            (speakerId === undefined || statement.speakerId === speakerId) &&
            (articleId === undefined || statement.articleId === articleId) &&
            (wanted?.kind == null || statement.kind === wanted.kind) &&
            (wanted?.attributed == null || (statement.speakerId != null) === wanted.attributed)
          );
        }),
      );
    },
    resolve: async ({ statementId }, _args, { loaders }) => (await loaders.statementById.load(statementId))!,
  }),
);
