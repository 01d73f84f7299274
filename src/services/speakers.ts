import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { countries, mentions, organizations, speakerRoles, speakers, statements, type SpeakerRoleRow, type SpeakerRow } from '../../schema';
import type { Database } from '../db';
import { ConflictError, ValidationError } from './errors';
import { dateFromInput, idFromInput, parseInput, presentFields, rules, slugFrom } from './input';
import { dropDuplicateMentions, freeSlug, mergeNames, referencedId, requireRow } from './rows';
import { inTransaction, type Executor } from './write';
import type { Viewer } from '../auth/tokens';
import { noteChanges } from './history';

export interface SpeakerInput {
  name?: string | null;
  slug?: string | null;
  aliases?: string[] | null;
  description?: string | null;
  wikidataId?: string | null;
  country?: string | null;
}

const speakerSchema = z.object({
  name: rules.name,
  slug: rules.slug.nullish(),
  aliases: rules.aliases.nullish(),
  description: rules.description.nullish(),
  wikidataId: rules.wikidataId.nullish(),
  country: z.string().nullish(),
});

async function speakerColumns(tx: Executor, input: z.output<typeof speakerSchema> | Partial<z.output<typeof speakerSchema>>) {
  const countryId = await referencedId(tx, countries, 'Country', input.country, ['input', 'country']);
  return presentFields({
    name: input.name,
    aliases: input.aliases === null ? [] : input.aliases && mergeNames(input.aliases),
    description: input.description,
    wikidataId: input.wikidataId,
    countryId,
  });
}

export function createSpeaker(db: Database, input: SpeakerInput): Promise<SpeakerRow> {
  const parsed = parseInput(speakerSchema, input);
  return inTransaction(db, async (tx) => {
    const columns = await speakerColumns(tx, parsed);
    const slug = parsed.slug ?? (await freeSlug(tx, speakers, slugFrom(parsed.name)));
    const [row] = await tx
      .insert(speakers)
      .values({ ...columns, name: parsed.name, slug })
      .returning();
    return row;
  });
}

export function updateSpeaker(db: Database, input: SpeakerInput & { id: string }): Promise<SpeakerRow> {
  const id = idFromInput(input.id, 'Speaker', ['input', 'id']);
  const parsed = parseInput(speakerSchema.partial().extend({ name: rules.name.optional(), slug: rules.slug.optional() }), input);
  return inTransaction(db, async (tx) => {
    const current = await requireRow(tx, speakers, 'Speaker', id, ['input', 'id']);
    const columns = { ...(await speakerColumns(tx, parsed)), ...presentFields({ slug: parsed.slug }) };
    if (Object.keys(columns).length === 0) return current;
    const [row] = await tx.update(speakers).set(columns).where(eq(speakers.id, id)).returning();
    return row;
  });
}

/**
 * Deletes a speaker who said nothing: their roles and the mentions of them go too. A speaker
 * with statements is refused, since deleting would unattribute quotes silently; merge instead.
 */
export function deleteSpeaker(db: Database, globalId: string): Promise<string> {
  const id = idFromInput(globalId, 'Speaker', ['id']);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, speakers, 'Speaker', id, ['id']);
    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(statements).where(eq(statements.speakerId, id));
    if (count > 0) {
      throw new ConflictError(
        `Cannot delete the speaker: ${count} statement(s) are attributed to them. Merge them into another speaker, or reattribute the statements first.`,
        ['id'],
        'statements_speaker_id_speakers_id_fk',
      );
    }
    await tx.delete(speakers).where(eq(speakers.id, id));
    return globalId;
  });
}

/**
 * Folds `absorb` into `keep`: statements, roles and mentions move over, absorb's name and
 * aliases become keep's aliases, absorb's Wikidata ID fills a gap, and absorb is deleted.
 * A role both hold (same title and start) becomes one, its statements pointing at keep's.
 */
export function mergeSpeakers(db: Database, input: { keep: string; absorb: string }, viewer?: Viewer): Promise<SpeakerRow> {
  const keepId = idFromInput(input.keep, 'Speaker', ['input', 'keep']);
  const absorbId = idFromInput(input.absorb, 'Speaker', ['input', 'absorb']);
  if (keepId === absorbId) throw new ValidationError('input.absorb must be another speaker than input.keep.', ['input', 'absorb']);
  return inTransaction(db, async (tx) => {
    // The statements it moves are changes of their attribution, recorded under the token's name.
    if (viewer) await noteChanges(tx, viewer);
    // Lock in ID order so that two opposite merges cannot deadlock.
    const [first, second] = keepId < absorbId ? [keepId, absorbId] : [absorbId, keepId];
    const locked = new Map<number, SpeakerRow>();
    locked.set(first, await requireRow(tx, speakers, 'Speaker', first, ['input', first === keepId ? 'keep' : 'absorb']));
    locked.set(second, await requireRow(tx, speakers, 'Speaker', second, ['input', second === keepId ? 'keep' : 'absorb']));
    const keep = locked.get(keepId)!;
    const absorb = locked.get(absorbId)!;

    const keepRoles = await tx.select().from(speakerRoles).where(eq(speakerRoles.speakerId, keepId));
    const absorbRoles = await tx.select().from(speakerRoles).where(eq(speakerRoles.speakerId, absorbId));
    const sameRole = (a: SpeakerRoleRow, b: SpeakerRoleRow) => a.title === b.title && a.startDate === b.startDate;
    for (const role of absorbRoles) {
      const twin = keepRoles.find((candidate) => sameRole(candidate, role));
      if (!twin) continue;
      await tx.update(statements).set({ speakerId: keepId, speakerRoleId: twin.id }).where(eq(statements.speakerRoleId, role.id));
      await tx.delete(speakerRoles).where(eq(speakerRoles.id, role.id));
    }
    // The composite foreign key cascades the role's move to the statements that carry it.
    await tx.update(speakerRoles).set({ speakerId: keepId }).where(eq(speakerRoles.speakerId, absorbId));
    await tx
      .update(statements)
      .set({ speakerId: keepId })
      .where(and(eq(statements.speakerId, absorbId), isNull(statements.speakerRoleId)));

    await dropDuplicateMentions(tx, 'speaker_id', keepId, absorbId);
    await tx.update(mentions).set({ speakerId: keepId }).where(eq(mentions.speakerId, absorbId));

    await tx.delete(speakers).where(eq(speakers.id, absorbId));
    const [merged] = await tx
      .update(speakers)
      .set({
        aliases: [...keep.aliases, ...mergeNames([absorb.name, ...absorb.aliases], [keep.name, ...keep.aliases])],
        wikidataId: keep.wikidataId ?? absorb.wikidataId,
        description: keep.description ?? absorb.description,
        countryId: keep.countryId ?? absorb.countryId,
      })
      .where(eq(speakers.id, keepId))
      .returning();
    return merged;
  });
}

export interface SpeakerRoleInput {
  title?: string | null;
  organization?: string | null;
  country?: string | null;
  startDate?: Date | null;
  endDate?: Date | null;
}

const roleSchema = z.object({
  title: rules.title,
  organization: z.string().nullish(),
  country: z.string().nullish(),
  startDate: z.date().nullish(),
  endDate: z.date().nullish(),
});

async function roleColumns(tx: Executor, input: Partial<z.output<typeof roleSchema>>) {
  const organizationId = await referencedId(tx, organizations, 'Organization', input.organization, ['input', 'organization']);
  const countryId = await referencedId(tx, countries, 'Country', input.country, ['input', 'country']);
  return presentFields({
    title: input.title,
    organizationId,
    countryId,
    startDate: input.startDate == null ? input.startDate : dateFromInput(input.startDate),
    endDate: input.endDate == null ? input.endDate : dateFromInput(input.endDate),
  });
}

function checkPeriod(startDate: string | null | undefined, endDate: string | null | undefined) {
  if (startDate && endDate && endDate < startDate)
    throw new ValidationError('input.endDate must not be before input.startDate.', ['input', 'endDate']);
}

export function addSpeakerRole(db: Database, input: SpeakerRoleInput & { speaker: string }): Promise<SpeakerRoleRow> {
  const speakerId = idFromInput(input.speaker, 'Speaker', ['input', 'speaker']);
  const parsed = parseInput(roleSchema, input);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, speakers, 'Speaker', speakerId, ['input', 'speaker']);
    const columns = await roleColumns(tx, parsed);
    checkPeriod(columns.startDate, columns.endDate);
    const [row] = await tx
      .insert(speakerRoles)
      .values({ ...columns, title: parsed.title, speakerId })
      .returning();
    return row;
  });
}

export function updateSpeakerRole(db: Database, input: SpeakerRoleInput & { id: string }): Promise<SpeakerRoleRow> {
  const id = idFromInput(input.id, 'SpeakerRole', ['input', 'id']);
  const parsed = parseInput(roleSchema.partial().extend({ title: rules.title.optional() }), input);
  return inTransaction(db, async (tx) => {
    const current = await requireRow(tx, speakerRoles, 'SpeakerRole', id, ['input', 'id']);
    const columns = await roleColumns(tx, parsed);
    checkPeriod(
      columns.startDate === undefined ? current.startDate : columns.startDate,
      columns.endDate === undefined ? current.endDate : columns.endDate,
    );
    if (Object.keys(columns).length === 0) return current;
    const [row] = await tx.update(speakerRoles).set(columns).where(eq(speakerRoles.id, id)).returning();
    return row;
  });
}

/** Refused while statements carry the role: they would lose the role of their day. */
export function deleteSpeakerRole(db: Database, globalId: string): Promise<string> {
  const id = idFromInput(globalId, 'SpeakerRole', ['id']);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, speakerRoles, 'SpeakerRole', id, ['id']);
    await tx.delete(speakerRoles).where(eq(speakerRoles.id, id));
    return globalId;
  });
}
