import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { countries } from './countries';
import { organizations } from './organizations';
import { timestamps } from './timestamps';

export const speakers = pgTable(
  'speakers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    // Nationality, not whom the speaker represents at a given time: that is the role's country.
    countryId: integer('country_id').references(() => countries.id, { onDelete: 'restrict' }),
    description: text('description'),
    wikidataId: text('wikidata_id').unique(),
    ...timestamps,
  },
  (table) => [
    index('speakers_country_id_idx').on(table.countryId),
    check('speakers_slug_format', sql`${table.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('speakers_name_not_blank', sql`btrim(${table.name}) <> ''`),
    check('speakers_wikidata_id_format', sql`${table.wikidataId} ~ '^Q[1-9][0-9]*$'`),
  ],
);

/** A position a speaker held over a period, so a statement can carry the role of its day. */
export const speakerRoles = pgTable(
  'speaker_roles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    speakerId: integer('speaker_id')
      .notNull()
      .references(() => speakers.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    organizationId: integer('organization_id').references(() => organizations.id, {
      onDelete: 'restrict',
    }),
    countryId: integer('country_id').references(() => countries.id, { onDelete: 'restrict' }),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    ...timestamps,
  },
  (table) => [
    // Lets statements reference (role, speaker) together, so a role can only be the speaker's own.
    unique('speaker_roles_id_speaker_id_key').on(table.id, table.speakerId),
    unique('speaker_roles_speaker_title_start_key').on(table.speakerId, table.title, table.startDate).nullsNotDistinct(),
    index('speaker_roles_organization_id_idx').on(table.organizationId),
    index('speaker_roles_country_id_idx').on(table.countryId),
    check('speaker_roles_title_not_blank', sql`btrim(${table.title}) <> ''`),
    check('speaker_roles_period_order', sql`${table.endDate} >= ${table.startDate}`),
  ],
);

export type SpeakerRow = typeof speakers.$inferSelect;
export type SpeakerRoleRow = typeof speakerRoles.$inferSelect;
