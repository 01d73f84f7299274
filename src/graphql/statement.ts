import { brandWithType } from '@pothos/core';
import { loadAll } from '../loaders';
import { builder } from './builder';
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
    description: 'Every statement, article by article in order of appearance.',
    resolve: (_root, args, { loaders }) => loaders.connection('statements', args),
  }, StatementConnection),
}));
