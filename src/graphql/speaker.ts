import { loadAll } from '../loaders';
import { speakerConditions } from '../loaders/filters';
import { builder } from './builder';
import { orderInput } from './filter-input';
import { speakerFilter } from '../loaders/filter-arguments';
import { databaseIdOf } from '../core/global-id';
import { findOneBy } from './lookup';
import { userErrors } from './user-errors';
import {
  addSpeakerRole,
  createSpeaker,
  deleteSpeaker,
  deleteSpeakerRole,
  mergeSpeakers,
  updateSpeaker,
  updateSpeakerRole,
} from '../services/speakers';
import {
  ArticleConnection,
  ArticleRef,
  CountryRef,
  OrganizationRef,
  SpeakerConnection,
  SpeakerRef,
  SpeakerRoleRef,
  StatementConnection,
  StatementRef,
} from './refs';

builder.node(SpeakerRoleRef, {
  description: 'A position a speaker held over a period.',
  id: { resolve: (role) => role.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.speakerRoleById, ids.map(Number)),
  fields: (t) => ({
    title: t.exposeString('title'),
    speaker: t.field({
      type: SpeakerRef,
      resolve: async (role, _args, { loaders }) => (await loaders.speakerById.load(role.speakerId))!,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      resolve: (role, _args, { loaders }) => (role.organizationId == null ? null : loaders.organizationById.load(role.organizationId)),
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
      resolve: (speaker, _args, { loaders }) => (speaker.countryId == null ? null : loaders.countryById.load(speaker.countryId)),
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
    statements: t.connection(
      {
        type: StatementRef,
        description: 'What the person said.',
        resolve: (speaker, args, { loaders }) => loaders.connection('speakerStatements', args, speaker.id),
      },
      StatementConnection,
    ),
    articles: t.connection(
      {
        type: ArticleRef,
        description: 'Articles that quote or paraphrase the person, newest first.',
        resolve: (speaker, args, { loaders }) => loaders.connection('speakerArticles', args, speaker.id),
      },
      ArticleConnection,
    ),
    mentionedIn: t.connection(
      {
        type: StatementRef,
        description: 'Statements that name the person.',
        resolve: (speaker, args, { loaders }) => loaders.connection('speakerMentionedIn', args, speaker.id),
      },
      StatementConnection,
    ),
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
  speakers: t.connection(
    {
      nullable: true,
      type: SpeakerRef,
      description: 'Speakers, filtered; by name.',
      args: {
        filter: t.arg({ type: SpeakerFilterInput }),
        orderBy: t.arg({ type: SpeakerOrder, description: 'Default: NAME ASC.' }),
      },
      resolve: async (_root, { filter, orderBy, ...args }, { loaders }) =>
        loaders.rootConnection('speakers', args, {
          where: speakerConditions(await speakerFilter(loaders, filter)),
          order: orderBy ?? { field: 'NAME', direction: 'ASC' },
        }),
    },
    SpeakerConnection,
  ),
}));

const speakerFields = {
  slug: 'Lower-case words joined by hyphens; made from the name when omitted.',
  aliases: 'Other names the news uses for the person.',
  country: 'Nationality (a Country ID).',
};

const CreateSpeakerInput = builder.inputType('CreateSpeakerInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 300 characters.' }),
    slug: t.string({ description: speakerFields.slug }),
    aliases: t.stringList({ description: speakerFields.aliases }),
    description: t.string(),
    wikidataId: t.string({ description: 'e.g. "Q5954713".' }),
    country: t.id({ description: speakerFields.country }),
  }),
});

const UpdateSpeakerInput = builder.inputType('UpdateSpeakerInput', {
  description: 'Fields left out stay as they are; a nullable field set to null is cleared.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    slug: t.string(),
    aliases: t.stringList({ description: 'Replaces the list.' }),
    description: t.string(),
    wikidataId: t.string(),
    country: t.id({ description: speakerFields.country }),
  }),
});

const MergeSpeakersInput = builder.inputType('MergeSpeakersInput', {
  fields: (t) => ({
    keep: t.id({ required: true, description: 'The speaker that stays.' }),
    absorb: t.id({
      required: true,
      description: 'The duplicate: its statements, roles, mentions, name and aliases move to `keep`, then it is deleted.',
    }),
  }),
});

const roleInputFields = {
  organization: 'The organization the role belongs to (an Organization ID).',
  country: 'The country the role serves (a Country ID).',
};

const AddSpeakerRoleInput = builder.inputType('AddSpeakerRoleInput', {
  fields: (t) => ({
    speaker: t.id({ required: true }),
    title: t.string({ required: true, description: 'e.g. "Minister of Foreign Affairs".' }),
    organization: t.id({ description: roleInputFields.organization }),
    country: t.id({ description: roleInputFields.country }),
    startDate: t.field({ type: 'Date' }),
    endDate: t.field({ type: 'Date', description: 'Omit while the role is held.' }),
  }),
});

const UpdateSpeakerRoleInput = builder.inputType('UpdateSpeakerRoleInput', {
  description: 'Fields left out stay as they are; a nullable field set to null is cleared.',
  fields: (t) => ({
    id: t.id({ required: true }),
    title: t.string(),
    organization: t.id({ description: roleInputFields.organization }),
    country: t.id({ description: roleInputFields.country }),
    startDate: t.field({ type: 'Date' }),
    endDate: t.field({ type: 'Date' }),
  }),
});

builder.mutationFields((t) => ({
  createSpeaker: t.field({
    type: SpeakerRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'speaker' } },
    args: { input: t.arg({ type: CreateSpeakerInput, required: true }) },
    resolve: (_root, { input }, { db }) => createSpeaker(db, input),
  }),
  updateSpeaker: t.field({
    type: SpeakerRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'speaker' } },
    args: { input: t.arg({ type: UpdateSpeakerInput, required: true }) },
    resolve: (_root, { input }, { db }) => updateSpeaker(db, input),
  }),
  deleteSpeaker: t.id({
    description:
      'Deletes a speaker with no statements, with their roles and the mentions of them. A speaker with statements is a ConflictError: merge instead.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db }) => deleteSpeaker(db, String(id)),
  }),
  mergeSpeakers: t.field({
    type: SpeakerRef,
    description: 'Folds a duplicate speaker into another, keeping all their statements and names.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'speaker' } },
    args: { input: t.arg({ type: MergeSpeakersInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) => mergeSpeakers(db, { keep: String(input.keep), absorb: String(input.absorb) }, viewer),
  }),
  addSpeakerRole: t.field({
    type: SpeakerRoleRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'role' } },
    args: { input: t.arg({ type: AddSpeakerRoleInput, required: true }) },
    resolve: (_root, { input }, { db }) => addSpeakerRole(db, { ...input, speaker: String(input.speaker) }),
  }),
  updateSpeakerRole: t.field({
    type: SpeakerRoleRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'role' } },
    args: { input: t.arg({ type: UpdateSpeakerRoleInput, required: true }) },
    resolve: (_root, { input }, { db }) => updateSpeakerRole(db, { ...input, id: String(input.id) }),
  }),
  deleteSpeakerRole: t.id({
    description: 'Deletes a role no statement carries; one that statements carry is a ConflictError.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db }) => deleteSpeakerRole(db, String(id)),
  }),
}));
