import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from './timestamps';

/** Every ISO 3166-1 country, loaded from the world-countries package by the seed. */
export const countries = pgTable(
  'countries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    alpha2: text('alpha2').notNull().unique(),
    alpha3: text('alpha3').notNull().unique(),
    name: text('name').notNull(),
    officialName: text('official_name'),
    // Other names a text may use for the country ("US", "America"); demonyms kept apart because
    // "American officials" mentions the country without naming it.
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    demonyms: text('demonyms').array().notNull().default(sql`'{}'::text[]`),
    wikidataId: text('wikidata_id').unique(),
    ...timestamps,
  },
  (table) => [
    check('countries_alpha2_format', sql`${table.alpha2} ~ '^[A-Z]{2}$'`),
    check('countries_alpha3_format', sql`${table.alpha3} ~ '^[A-Z]{3}$'`),
    check('countries_name_not_blank', sql`btrim(${table.name}) <> ''`),
    check('countries_wikidata_id_format', sql`${table.wikidataId} ~ '^Q[1-9][0-9]*$'`),
  ],
);

export type CountryRow = typeof countries.$inferSelect;
