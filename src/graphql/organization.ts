import { loadAll } from '../loaders';
import { builder } from './builder';
import { databaseIdOf } from './global-id';
import { findOneBy } from './lookup';
import { ArticleConnection, ArticleRef, CountryConnection, CountryRef, OrganizationConnection, OrganizationRef, StatementConnection, StatementRef } from './refs';

const OrganizationKind = builder.enumType('OrganizationKind', {
  values: ['INTERGOVERNMENTAL', 'GOVERNMENT', 'MEDIA', 'NGO', 'COMPANY', 'OTHER'] as const,
});

builder.node(OrganizationRef, {
  description: 'A body that speaks, publishes or gathers members: a ministry, a news agency, an alliance.',
  id: { resolve: (organization) => organization.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.organizationById, ids.map(Number)),
  fields: (t) => ({
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
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
    members: t.connection({
      type: CountryRef,
      description: 'Member states, by name.',
      resolve: (organization, args, { loaders }) => loaders.connection('organizationMembers', args, organization.id),
    }, CountryConnection),
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
    description: 'Every organization, by name.',
    resolve: (_root, args, { loaders }) => loaders.connection('organizations', args),
  }, OrganizationConnection),
}));
