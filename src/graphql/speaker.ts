import { loadAll } from '../loaders';
import { speakerConditions } from '../loaders/filters';
import { searchText } from '../search/text';
import { builder } from './builder';
import { filterId, orderInput } from './filter-input';
import { databaseIdOf } from './global-id';
import { findOneBy } from './lookup';
import { ArticleConnection, ArticleRef, CountryRef, OrganizationRef, SpeakerConnection, SpeakerRef, SpeakerRoleRef, StatementConnection, StatementRef } from './refs';

SpeakerRoleRef.implement({
  description: 'A position a speaker held over a period.',
  fields: (t) => ({
    title: t.exposeString('title'),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      resolve: (role, _args, { loaders }) =>
        role.organizationId == null ? null : loaders.organizationById.load(role.organizationId),
    }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'The country the role serves.',
      resolve: (role, _args, { loaders }) => (role.countryId == null ? null : loaders.countryById.load(role.countryId)),
    }),
    startDate: t.expose('startDate', { type: 'Date', nullable: true }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true, description: 'Null while the role is held.' }),
  }),
});

builder.node(SpeakerRef, {
  description: 'A person quoted or paraphrased in the news.',
  id: { resolve: (speaker) => speaker.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.speakerById, ids.map(Number)),
  fields: (t) => ({
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    aliases: t.exposeStringList('aliases', { description: 'Other names the news uses for the person.' }),
    description: t.exposeString('description', { nullable: true }),
    wikidataId: t.exposeString('wikidataId', { nullable: true }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'Nationality.',
      resolve: (speaker, _args, { loaders }) =>
        speaker.countryId == null ? null : loaders.countryById.load(speaker.countryId),
    }),
    roles: t.field({
      type: [SpeakerRoleRef],
      description: 'Positions held, earliest first.',
      resolve: (speaker, _args, { loaders }) => loaders.rolesBySpeaker.load(speaker.id),
    }),
    statementCount: t.int({
      description: 'How many statements the person made (batched: one query for all speakers in a response).',
      resolve: (speaker, _args, { loaders }) => loaders.count('speakerStatements', speaker.id),
    }),
    statements: t.connection({
      type: StatementRef,
      description: 'What the person said.',
      resolve: (speaker, args, { loaders }) => loaders.connection('speakerStatements', args, speaker.id),
    }, StatementConnection),
    articles: t.connection({
      type: ArticleRef,
      description: 'Articles that quote or paraphrase the person, newest first.',
      resolve: (speaker, args, { loaders }) => loaders.connection('speakerArticles', args, speaker.id),
    }, ArticleConnection),
    mentionedIn: t.connection({
      type: StatementRef,
      description: 'Statements that name the person.',
      resolve: (speaker, args, { loaders }) => loaders.connection('speakerMentionedIn', args, speaker.id),
    }, StatementConnection),
  }),
});

const SpeakerOrder = orderInput('SpeakerOrder', {
  NAME: 'By name.',
});

const SpeakerFilterInput = builder.inputType('SpeakerFilter', {
  description: 'Every condition given must hold. An ID that matches nothing is BAD_USER_INPUT.',
  fields: (t) => ({
    country: t.id({ description: 'Of this nationality.' }),
    organization: t.id({ description: 'Having held a role in this organization.' }),
    name: t.string({ description: 'Name or alias, typos forgiven ("Amir Abdolahian").' }),
  }),
});

builder.queryFields((t) => ({
  speaker: t.field({
    type: SpeakerRef,
    nullable: true,
    description: 'One speaker by exactly one of: global ID or slug. NOT_FOUND when none matches.',
    args: { id: t.arg.id(), slug: t.arg.string() },
    resolve: (_root, args, { loaders }) =>
      findOneBy('speaker', args, {
        id: (id) => loaders.speakerById.load(databaseIdOf(id, 'Speaker')),
        slug: (slug) => loaders.speakerBySlug.load(slug),
      }),
  }),
  speakers: t.connection({
    nullable: true,
    type: SpeakerRef,
    description: 'Speakers, filtered; by name.',
    args: {
      filter: t.arg({ type: SpeakerFilterInput }),
      orderBy: t.arg({ type: SpeakerOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: async (_root, { filter, orderBy, ...args }, { loaders }) => {
      const [countryId, organizationId] = await Promise.all([
        filterId(loaders, filter?.country, 'Country', 'filter.country'),
        filterId(loaders, filter?.organization, 'Organization', 'filter.organization'),
      ]);
      const name = filter?.name == null ? undefined : searchText(filter.name, 'filter.name');
      return loaders.rootConnection('speakers', args, {
        where: speakerConditions({ countryId, organizationId, name }),
        order: orderBy ?? { field: 'NAME', direction: 'ASC' },
      });
    },
  }, SpeakerConnection),
}));
