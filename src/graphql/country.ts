import { loadAll } from '../loaders';
import type { Loaders } from '../loaders';
import { countryConditions } from '../loaders/filters';
import { builder } from './builder';
import { orderInput } from './filter-input';
import { countryFilter } from '../loaders/filter-arguments';
import { badUserInput } from '../core/errors';
import { databaseIdOf } from '../core/global-id';
import { findOneBy } from './lookup';
import { userErrors } from './user-errors';
import { createCountry, deleteCountry, updateCountry } from '../services/countries';
import {
  CountryConnection,
  CountryRef,
  MembershipConnection,
  MembershipRef,
  OrganizationConnection,
  OrganizationRef,
  SpeakerConnection,
  SpeakerRef,
  StatementConnection,
  StatementRef,
} from './refs';

builder.node(CountryRef, {
  description: 'An ISO 3166-1 country.',
  id: { resolve: (country) => country.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.countryById, ids.map(Number)),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Common English name, e.g. "Russia".' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    officialName: t.exposeString('officialName', { nullable: true, description: 'e.g. "Russian Federation".' }),
    alpha2: t.exposeString('alpha2', { description: 'ISO 3166-1 alpha-2 code, e.g. "RU".' }),
    alpha3: t.exposeString('alpha3', { description: 'ISO 3166-1 alpha-3 code, e.g. "RUS".' }),
    aliases: t.exposeStringList('aliases', { description: 'Other names and abbreviations, e.g. "US", "America".' }),
    demonyms: t.exposeStringList('demonyms', { description: 'e.g. "American".' }),
    wikidataId: t.exposeString('wikidataId', { nullable: true }),
    organizations: t.connection(
      {
        type: OrganizationRef,
        description: 'Organizations the country is or was a member of, by name.',
        resolve: (country, args, { loaders }) => loaders.connection('countryOrganizations', args, country.id),
      },
      OrganizationConnection,
    ),
    memberships: t.connection(
      {
        type: MembershipRef,
        description: 'Each membership with its dates, by organization name.',
        resolve: (country, args, { loaders }) => loaders.connection('countryMemberships', args, country.id),
      },
      MembershipConnection,
    ),
    speakers: t.connection(
      {
        type: SpeakerRef,
        description: 'Speakers of this nationality, by name.',
        resolve: (country, args, { loaders }) => loaders.connection('countrySpeakers', args, country.id),
      },
      SpeakerConnection,
    ),
    mentionCount: t.int({
      description: 'How many statements name the country (the totalCount of mentionedIn, batched).',
      resolve: (country, _args, { loaders }) => loaders.count('countryMentionedIn', country.id),
    }),
    mentionedIn: t.connection(
      {
        type: StatementRef,
        description: 'Statements that name the country.',
        resolve: (country, args, { loaders }) => loaders.connection('countryMentionedIn', args, country.id),
      },
      StatementConnection,
    ),
  }),
});

function findByCode(code: string, loaders: Loaders) {
  const normalized = code.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(normalized)) return loaders.countryByAlpha2.load(normalized);
  if (/^[A-Z]{3}$/.test(normalized)) return loaders.countryByAlpha3.load(normalized);
  throw badUserInput(`"${code}" is not an ISO 3166-1 alpha-2 or alpha-3 code.`, { argument: 'code' });
}

const CountryOrder = orderInput('CountryOrder', {
  NAME: 'By name.',
});

const CountryFilterInput = builder.inputType('CountryFilter', {
  description: 'Every condition given must hold. An ID that matches nothing is BAD_USER_INPUT.',
  fields: (t) => ({
    name: t.string({ description: 'Name, alias or demonym, typos forgiven.' }),
    memberOf: t.id({ description: 'Member of this organization.' }),
  }),
});

builder.queryFields((t) => ({
  country: t.field({
    type: CountryRef,
    nullable: true,
    description: 'One country by global ID or by ISO 3166-1 code (alpha-2 or alpha-3, any case).',
    args: { id: t.arg.id(), code: t.arg.string() },
    resolve: (_root, args, context) =>
      findOneBy('country', args, {
        id: (id) => context.loaders.countryById.load(databaseIdOf(id, 'Country')),
        code: (code) => findByCode(code, context.loaders),
      }),
  }),
  countries: t.connection(
    {
      nullable: true,
      type: CountryRef,
      description: 'Countries, filtered; by name.',
      args: {
        filter: t.arg({ type: CountryFilterInput }),
        orderBy: t.arg({ type: CountryOrder, description: 'Default: NAME ASC.' }),
      },
      resolve: async (_root, { filter, orderBy, ...args }, { loaders }) =>
        loaders.rootConnection('countries', args, {
          where: countryConditions(await countryFilter(loaders, filter)),
          order: orderBy ?? { field: 'NAME', direction: 'ASC' },
        }),
    },
    CountryConnection,
  ),
}));

const CreateCountryInput = builder.inputType('CreateCountryInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    alpha2: t.string({ required: true, description: 'ISO 3166-1 alpha-2, e.g. "XK".' }),
    alpha3: t.string({ required: true, description: 'ISO 3166-1 alpha-3, e.g. "XKX".' }),
    officialName: t.string(),
    aliases: t.stringList(),
    demonyms: t.stringList(),
    wikidataId: t.string(),
  }),
});

const UpdateCountryInput = builder.inputType('UpdateCountryInput', {
  description: 'Fields left out stay as they are; a nullable field set to null is cleared.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    alpha2: t.string(),
    alpha3: t.string(),
    officialName: t.string(),
    aliases: t.stringList({ description: 'Replaces the list.' }),
    demonyms: t.stringList({ description: 'Replaces the list.' }),
    wikidataId: t.string(),
  }),
});

builder.mutationFields((t) => ({
  createCountry: t.field({
    type: CountryRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'country' } },
    args: { input: t.arg({ type: CreateCountryInput, required: true }) },
    resolve: (_root, { input }, { db }) => createCountry(db, input),
  }),
  updateCountry: t.field({
    type: CountryRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'country' } },
    args: { input: t.arg({ type: UpdateCountryInput, required: true }) },
    resolve: (_root, { input }, { db }) => updateCountry(db, { ...input, id: String(input.id) }),
  }),
  deleteCountry: t.id({
    description:
      'Deletes a country with its memberships and the mentions of it. One that speakers, roles or organizations belong to is a ConflictError.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db }) => deleteCountry(db, String(id)),
  }),
}));
