import { brandWithType } from '@pothos/core';
import { loadAll } from '../loaders';
import type { Loaders } from '../loaders';
import { statementConditions, type StatementFilter } from '../loaders/filters';
import { searchText } from '../search/text';
import { builder } from './builder';
import { checkDateRange, filterId, mentionFilter, orderInput } from './filter-input';
import { databaseIdOf } from './global-id';
import { findOneBy } from './lookup';
import { ArticleRef, CountryRef, OrganizationRef, SpeakerRef, SpeakerRoleRef, StatementConnection, StatementRef } from './refs';

const StatementKind = builder.enumType('StatementKind', {
  values: {
    DIRECT_QUOTE: { description: 'The speaker\'s own words, in quotation marks.' },
    PARAPHRASE: { description: 'What the article reports the speaker said, in its own words.' },
  } as const,
});

const Span = builder
  .objectRef<{ start: number; end: number }>('Span')
  .implement({
    description:
      'Where a statement stands in its article\'s body: [start, end) in UTF-16 code units, so that body.slice(start, end) in JavaScript is the statement\'s text.',
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
      resolve: (statement, _args, { loaders }) =>
        statement.speakerId == null ? null : loaders.speakerById.load(statement.speakerId),
    }),
    speakerRole: t.field({
      type: SpeakerRoleRef,
      nullable: true,
      description: 'The role the speaker held when speaking.',
      resolve: (statement, _args, { loaders }) =>
        statement.speakerRoleId == null ? null : loaders.speakerRoleById.load(statement.speakerRoleId),
    }),
    span: t.field({
      type: Span,
      resolve: (statement) => ({ start: statement.spanStart, end: statement.spanEnd }),
    }),
    attributionVerb: t.exposeString('attributionVerb', {
      nullable: true,
      description: 'The verb the article uses to attribute it: said, added, noted, stressed...',
    }),
    position: t.exposeInt('position', { description: 'Its order among the article\'s statements, from 1.' }),
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
    publishedAfter: t.field({ type: 'Date', description: 'In an article published on or after this date.' }),
    publishedBefore: t.field({ type: 'Date', description: 'In an article published on or before this date.' }),
    search: t.string({ description: 'Full-text search of the statement, as in `search`.' }),
  }),
});

async function statementFilter(loaders: Loaders, input: typeof StatementFilterInput.$inferInput | null | undefined): Promise<StatementFilter> {
  if (!input) return {};
  const [speakerId, speakerCountryId, speakerOrganizationId, speakerCountryMemberOfId, articleId, mentions] = await Promise.all([
    filterId(loaders, input.speaker, 'Speaker', 'filter.speaker'),
    filterId(loaders, input.speakerCountry, 'Country', 'filter.speakerCountry'),
    filterId(loaders, input.speakerOrganization, 'Organization', 'filter.speakerOrganization'),
    filterId(loaders, input.speakerCountryMemberOf, 'Organization', 'filter.speakerCountryMemberOf'),
    filterId(loaders, input.article, 'Article', 'filter.article'),
    mentionFilter(loaders, input.mentions, 'filter.mentions'),
  ]);
  return {
    speakerId,
    speakerCountryId,
    speakerOrganizationId,
    speakerCountryMemberOfId,
    articleId,
    mentions,
    kind: input.kind,
    ...checkDateRange(input, 'filter'),
    search: input.search == null ? undefined : searchText(input.search, 'filter.search'),
  };
}

builder.queryFields((t) => ({
  statement: t.field({
    type: StatementRef,
    nullable: true,
    description: 'One statement by global ID. NOT_FOUND when none matches.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { loaders }) =>
      findOneBy('statement', args, { id: (id) => loaders.statementById.load(databaseIdOf(id, 'Statement')) }),
  }),
  statements: t.connection({
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
  }, StatementConnection),
}));
