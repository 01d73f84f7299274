import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { countries } from './countries';
import { timestamps } from './timestamps';

/** The one list of organization kinds: the GraphQL enum OrganizationKind and the exports' `kind` read it. */
export const organizationKind = pgEnum('organization_kind', ['INTERGOVERNMENTAL', 'GOVERNMENT', 'MEDIA', 'NGO', 'COMPANY', 'OTHER']);

export const organizations = pgTable(
  'organizations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    acronym: text('acronym'),
    kind: organizationKind('kind').notNull(),
    countryId: integer('country_id').references(() => countries.id, { onDelete: 'restrict' }),
    description: text('description'),
    wikidataId: text('wikidata_id').unique(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (table) => [
    index('organizations_country_id_idx').on(table.countryId),
    check('organizations_slug_format', sql`${table.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('organizations_name_not_blank', sql`btrim(${table.name}) <> ''`),
    check('organizations_wikidata_id_format', sql`${table.wikidataId} ~ '^Q[1-9][0-9]*$'`),
  ],
);

/** A country's membership of an organization; a country may leave and rejoin, hence `since`. */
export const memberships = pgTable(
  'memberships',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    countryId: integer('country_id')
      .notNull()
      .references(() => countries.id, { onDelete: 'cascade' }),
    since: date('since', { mode: 'string' }),
    until: date('until', { mode: 'string' }),
    ...timestamps,
  },
  (table) => [
    unique('memberships_organization_country_since_key').on(table.organizationId, table.countryId, table.since).nullsNotDistinct(),
    index('memberships_country_id_idx').on(table.countryId),
    check('memberships_period_order', sql`${table.until} >= ${table.since}`),
  ],
);

export type OrganizationRow = typeof organizations.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
