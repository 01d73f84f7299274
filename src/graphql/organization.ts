import { loadAll } from '../loaders';
import { organizationConditions } from '../loaders/filters';
import { searchText } from '../search/text';
import { builder } from './builder';
import { filterId, orderInput } from './filter-input';
import { databaseIdOf } from './global-id';
import { findOneBy } from './lookup';
import { ArticleConnection, ArticleRef, CountryConnection, CountryRef, MembershipConnection, MembershipRef, OrganizationConnection, OrganizationRef, StatementConnection, StatementRef } from './refs';

const OrganizationKind = builder.enumType('OrganizationKind', {
  values: ['INTERGOVERNMENTAL', 'GOVERNMENT', 'MEDIA', 'NGO', 'COMPANY', 'OTHER'] as const,
});

MembershipRef.implement({
  description: 'A country\'s membership of an organization over a period; a country that left and rejoined has two.',
  fields: (t) => ({
    organization: t.field({
      type: OrganizationRef,
      resolve: async (membership, _args, { loaders }) => (await loaders.organizationById.load(membership.organizationId))!,
    }),
    country: t.field({
      type: CountryRef,
      resolve: async (membership, _args, { loaders }) => (await loaders.countryById.load(membership.countryId))!,
    }),
    since: t.expose('since', { type: 'Date', nullable: true, description: 'Null when not recorded.' }),
    until: t.expose('until', { type: 'Date', nullable: true, description: 'Null while the country is a member.' }),
  }),
});

builder.node(OrganizationRef, {
  description: 'A body that speaks, publishes or gathers members: a ministry, a news agency, an alliance.',
  id: { resolve: (organization) => organization.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.organizationById, ids.map(Number)),
  fields: (t) => ({
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    acronym: t.exposeString('acronym', { nullable: true }),
    kind: t.expose('kind', { type: OrganizationKind }),
    aliases: t.exposeStringList('aliases'),
    description: t.exposeString('description', { nullable: true }),
    wikidataId: t.exposeString('wikidataId', { nullable: true }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'Home country; null for an international body.',
      resolve: (organization, _args, { loaders }) =>
        organization.countryId == null ? null : loaders.countryById.load(organization.countryId),
    }),
    memberCount: t.int({
      description: 'How many countries are or were members (the totalCount of members, batched).',
      resolve: (organization, _args, { loaders }) => loaders.count('organizationMembers', organization.id),
    }),
    members: t.connection({
      type: CountryRef,
      description: 'Member states, by name.',
      resolve: (organization, args, { loaders }) => loaders.connection('organizationMembers', args, organization.id),
    }, CountryConnection),
    memberships: t.connection({
      type: MembershipRef,
      description: 'Each membership with its dates, by country name.',
      resolve: (organization, args, { loaders }) =>
        loaders.connection('organizationMemberships', args, organization.id),
    }, MembershipConnection),
    mentionedIn: t.connection({
      type: StatementRef,
      description: 'Statements that name the organization.',
      resolve: (organization, args, { loaders }) =>
        loaders.connection('organizationMentionedIn', args, organization.id),
    }, StatementConnection),
    publishedArticles: t.connection({
      type: ArticleRef,
      description: 'Articles it published, newest first.',
      resolve: (organization, args, { loaders }) =>
        loaders.connection('organizationPublishedArticles', args, organization.id),
    }, ArticleConnection),
  }),
});

const OrganizationOrder = orderInput('OrganizationOrder', {
  NAME: 'By name.',
});

const OrganizationFilterInput = builder.inputType('OrganizationFilter', {
  description: 'Every condition given must hold. An ID that matches nothing is BAD_USER_INPUT.',
  fields: (t) => ({
    kind: t.field({ type: OrganizationKind }),
    memberCountry: t.id({ description: 'Having this country as a member.' }),
    name: t.string({ description: 'Name, alias or acronym, typos forgiven ("Group of Friends").' }),
  }),
});

builder.queryFields((t) => ({
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'One organization by exactly one of: global ID or slug. NOT_FOUND when none matches.',
    args: { id: t.arg.id(), slug: t.arg.string() },
    resolve: (_root, args, { loaders }) =>
      findOneBy('organization', args, {
        id: (id) => loaders.organizationById.load(databaseIdOf(id, 'Organization')),
        slug: (slug) => loaders.organizationBySlug.load(slug),
      }),
  }),
  organizations: t.connection({
    nullable: true,
    type: OrganizationRef,
    description: 'Organizations, filtered; by name.',
    args: {
      filter: t.arg({ type: OrganizationFilterInput }),
      orderBy: t.arg({ type: OrganizationOrder, description: 'Default: NAME ASC.' }),
    },
    resolve: async (_root, { filter, orderBy, ...args }, { loaders }) => {
      const memberCountryId = await filterId(loaders, filter?.memberCountry, 'Country', 'filter.memberCountry');
      const name = filter?.name == null ? undefined : searchText(filter.name, 'filter.name');
      return loaders.rootConnection('organizations', args, {
        where: organizationConditions({ kind: filter?.kind, memberCountryId, name }),
        order: orderBy ?? { field: 'NAME', direction: 'ASC' },
      });
    },
  }, OrganizationConnection),
}));
