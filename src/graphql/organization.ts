import { organizationKind } from '../../schema';
import { loadAll } from '../loaders';
import { organizationConditions } from '../loaders/filters';
import { builder } from './builder';
import { orderInput } from './filter-input';
import { organizationFilter } from '../loaders/filter-arguments';
import { databaseIdOf } from '../core/global-id';
import { findOneBy } from './lookup';
import { userErrors } from './user-errors';
import {
  addMembership,
  createOrganization,
  deleteMembership,
  deleteOrganization,
  mergeOrganizations,
  updateMembership,
  updateOrganization,
} from '../services/organizations';
import {
  ArticleConnection,
  ArticleRef,
  CountryConnection,
  CountryRef,
  MembershipConnection,
  MembershipRef,
  OrganizationConnection,
  OrganizationRef,
  StatementConnection,
  StatementRef,
} from './refs';

const OrganizationKind = builder.enumType('OrganizationKind', {
  values: organizationKind.enumValues,
});

builder.node(MembershipRef, {
  description: "A country's membership of an organization over a period; a country that left and rejoined has two.",
  id: { resolve: (membership) => membership.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.membershipById, ids.map(Number)),
  fields: (t) => ({
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
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
    members: t.connection(
      {
        type: CountryRef,
        description: 'Member states, by name.',
        resolve: (organization, args, { loaders }) => loaders.connection('organizationMembers', args, organization.id),
      },
      CountryConnection,
    ),
    memberships: t.connection(
      {
        type: MembershipRef,
        description: 'Each membership with its dates, by country name.',
        resolve: (organization, args, { loaders }) => loaders.connection('organizationMemberships', args, organization.id),
      },
      MembershipConnection,
    ),
    statements: t.connection(
      {
        type: StatementRef,
        description: 'What the organization said in its own name ("the ministry said in a statement"), in article order.',
        resolve: (organization, args, { loaders }) => loaders.connection('organizationStatements', args, organization.id),
      },
      StatementConnection,
    ),
    mentionedIn: t.connection(
      {
        type: StatementRef,
        description: 'Statements that name the organization.',
        resolve: (organization, args, { loaders }) => loaders.connection('organizationMentionedIn', args, organization.id),
      },
      StatementConnection,
    ),
    publishedArticles: t.connection(
      {
        type: ArticleRef,
        description: 'Articles it published, newest first.',
        resolve: (organization, args, { loaders }) => loaders.connection('organizationPublishedArticles', args, organization.id),
      },
      ArticleConnection,
    ),
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
  organizations: t.connection(
    {
      nullable: true,
      type: OrganizationRef,
      description: 'Organizations, filtered; by name.',
      args: {
        filter: t.arg({ type: OrganizationFilterInput }),
        orderBy: t.arg({ type: OrganizationOrder, description: 'Default: NAME ASC.' }),
      },
      resolve: async (_root, { filter, orderBy, ...args }, { loaders }) =>
        loaders.rootConnection('organizations', args, {
          where: organizationConditions(await organizationFilter(loaders, filter)),
          order: orderBy ?? { field: 'NAME', direction: 'ASC' },
        }),
    },
    OrganizationConnection,
  ),
}));

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 300 characters.' }),
    kind: t.field({ type: OrganizationKind, required: true }),
    slug: t.string({ description: 'Lower-case words joined by hyphens; made from the name when omitted.' }),
    acronym: t.string(),
    country: t.id({ description: 'Home country; omit for an international body.' }),
    description: t.string(),
    wikidataId: t.string(),
    aliases: t.stringList(),
  }),
});

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  description: 'Fields left out stay as they are; a nullable field set to null is cleared.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    kind: t.field({ type: OrganizationKind }),
    slug: t.string(),
    acronym: t.string(),
    country: t.id(),
    description: t.string(),
    wikidataId: t.string(),
    aliases: t.stringList({ description: 'Replaces the list.' }),
  }),
});

const MergeOrganizationsInput = builder.inputType('MergeOrganizationsInput', {
  fields: (t) => ({
    keep: t.id({ required: true, description: 'The organization that stays.' }),
    absorb: t.id({
      required: true,
      description: 'The duplicate: its memberships, roles, articles, mentions and names move to `keep`, then it is deleted.',
    }),
  }),
});

const AddMembershipInput = builder.inputType('AddMembershipInput', {
  fields: (t) => ({
    organization: t.id({ required: true }),
    country: t.id({ required: true }),
    since: t.field({ type: 'Date' }),
    until: t.field({ type: 'Date', description: 'Omit while the country is a member.' }),
  }),
});

const UpdateMembershipInput = builder.inputType('UpdateMembershipInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    since: t.field({ type: 'Date' }),
    until: t.field({ type: 'Date' }),
  }),
});

builder.mutationFields((t) => ({
  createOrganization: t.field({
    type: OrganizationRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'organization' } },
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: (_root, { input }, { db }) =>
      createOrganization(db, { ...input, country: input.country == null ? input.country : String(input.country) }),
  }),
  updateOrganization: t.field({
    type: OrganizationRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'organization' } },
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true }) },
    resolve: (_root, { input }, { db }) =>
      updateOrganization(db, { ...input, id: String(input.id), country: input.country == null ? input.country : String(input.country) }),
  }),
  deleteOrganization: t.id({
    description:
      'Deletes an organization with its memberships and the mentions of it. One that roles belong to or that published articles is a ConflictError: merge instead.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db }) => deleteOrganization(db, String(id)),
  }),
  mergeOrganizations: t.field({
    type: OrganizationRef,
    description: 'Folds a duplicate organization into another, keeping everything that pointed at either.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'organization' } },
    args: { input: t.arg({ type: MergeOrganizationsInput, required: true }) },
    resolve: (_root, { input }, { db, viewer }) =>
      mergeOrganizations(db, { keep: String(input.keep), absorb: String(input.absorb) }, viewer),
  }),
  addMembership: t.field({
    type: MembershipRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'membership' } },
    args: { input: t.arg({ type: AddMembershipInput, required: true }) },
    resolve: (_root, { input }, { db }) =>
      addMembership(db, { ...input, organization: String(input.organization), country: String(input.country) }),
  }),
  updateMembership: t.field({
    type: MembershipRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'membership' } },
    args: { input: t.arg({ type: UpdateMembershipInput, required: true }) },
    resolve: (_root, { input }, { db }) => updateMembership(db, { ...input, id: String(input.id) }),
  }),
  deleteMembership: t.id({
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db }) => deleteMembership(db, String(id)),
  }),
}));
