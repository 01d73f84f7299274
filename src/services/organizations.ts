import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  articles,
  countries,
  memberships,
  mentions,
  organizations,
  speakerRoles,
  statements,
  type MembershipRow,
  type OrganizationRow,
} from '../../schema';
import type { Database } from '../db';
import { ValidationError } from './errors';
import { dateFromInput, idFromInput, parseInput, presentFields, rules, slugFrom } from './input';
import { dropDuplicateMentions, freeSlug, mergeNames, referencedId, requireRow } from './rows';
import { inTransaction, type Executor } from './write';
import type { Viewer } from '../auth/tokens';
import { noteChanges } from './history';

type OrganizationKind = OrganizationRow['kind'];

export interface OrganizationInput {
  name?: string | null;
  kind?: OrganizationKind | null;
  slug?: string | null;
  acronym?: string | null;
  country?: string | null;
  description?: string | null;
  wikidataId?: string | null;
  aliases?: string[] | null;
}

const organizationSchema = z.object({
  name: rules.name,
  slug: rules.slug.nullish(),
  acronym: rules.name.nullish(),
  country: z.string().nullish(),
  description: rules.description.nullish(),
  wikidataId: rules.wikidataId.nullish(),
  aliases: rules.aliases.nullish(),
});

async function organizationColumns(
  tx: Executor,
  input: Partial<z.output<typeof organizationSchema>>,
  kind: OrganizationKind | null | undefined,
) {
  const countryId = await referencedId(tx, countries, 'Country', input.country, ['input', 'country']);
  return presentFields({
    name: input.name,
    kind: kind ?? undefined,
    acronym: input.acronym,
    countryId,
    description: input.description,
    wikidataId: input.wikidataId,
    aliases: input.aliases === null ? [] : input.aliases && mergeNames(input.aliases),
  });
}

export function createOrganization(db: Database, input: OrganizationInput & { kind: OrganizationKind }): Promise<OrganizationRow> {
  const parsed = parseInput(organizationSchema, input);
  return inTransaction(db, async (tx) => {
    const columns = await organizationColumns(tx, parsed, input.kind);
    const slug = parsed.slug ?? (await freeSlug(tx, organizations, slugFrom(parsed.name)));
    const [row] = await tx
      .insert(organizations)
      .values({ ...columns, name: parsed.name, kind: input.kind, slug })
      .returning();
    return row;
  });
}

export function updateOrganization(db: Database, input: OrganizationInput & { id: string }): Promise<OrganizationRow> {
  const id = idFromInput(input.id, 'Organization', ['input', 'id']);
  const parsed = parseInput(organizationSchema.partial().extend({ name: rules.name.optional(), slug: rules.slug.optional() }), input);
  return inTransaction(db, async (tx) => {
    const current = await requireRow(tx, organizations, 'Organization', id, ['input', 'id']);
    const columns = { ...(await organizationColumns(tx, parsed, input.kind)), ...presentFields({ slug: parsed.slug }) };
    if (Object.keys(columns).length === 0) return current;
    const [row] = await tx.update(organizations).set(columns).where(eq(organizations.id, id)).returning();
    return row;
  });
}

/**
 * Memberships and mentions go with the organization; one that roles belong to, that published
 * articles or that statements are attributed to is refused (ConflictError): merge it instead.
 */
export function deleteOrganization(db: Database, globalId: string): Promise<string> {
  const id = idFromInput(globalId, 'Organization', ['id']);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, organizations, 'Organization', id, ['id']);
    await tx.delete(organizations).where(eq(organizations.id, id));
    return globalId;
  });
}

/**
 * Folds `absorb` into `keep`: memberships, roles, published articles and mentions move over,
 * absorb's name, acronym and aliases become keep's aliases, and absorb is deleted.
 */
export function mergeOrganizations(db: Database, input: { keep: string; absorb: string }, viewer?: Viewer): Promise<OrganizationRow> {
  const keepId = idFromInput(input.keep, 'Organization', ['input', 'keep']);
  const absorbId = idFromInput(input.absorb, 'Organization', ['input', 'absorb']);
  if (keepId === absorbId) throw new ValidationError('input.absorb must be another organization than input.keep.', ['input', 'absorb']);
  return inTransaction(db, async (tx) => {
    // The statements it moves are changes of their attribution, recorded under the token's name.
    if (viewer) await noteChanges(tx, viewer);
    const [first, second] = keepId < absorbId ? [keepId, absorbId] : [absorbId, keepId];
    const firstRow = await requireRow(tx, organizations, 'Organization', first, ['input', first === keepId ? 'keep' : 'absorb']);
    const secondRow = await requireRow(tx, organizations, 'Organization', second, ['input', second === keepId ? 'keep' : 'absorb']);
    const [keep, absorb] = first === keepId ? [firstRow, secondRow] : [secondRow, firstRow];

    // Rows that would collide with keep's under a unique key are duplicates: drop them first.
    await tx.execute(sql`
      DELETE FROM memberships absorbed WHERE absorbed.organization_id = ${absorbId} AND EXISTS (
        SELECT 1 FROM memberships kept WHERE kept.organization_id = ${keepId}
          AND kept.country_id = absorbed.country_id AND kept.since IS NOT DISTINCT FROM absorbed.since)`);
    await tx.update(memberships).set({ organizationId: keepId }).where(eq(memberships.organizationId, absorbId));
    await dropDuplicateMentions(tx, 'organization_id', keepId, absorbId);
    await tx.update(mentions).set({ organizationId: keepId }).where(eq(mentions.organizationId, absorbId));

    await tx.update(speakerRoles).set({ organizationId: keepId }).where(eq(speakerRoles.organizationId, absorbId));
    await tx.update(articles).set({ publisherId: keepId }).where(eq(articles.publisherId, absorbId));
    await tx.update(statements).set({ sourceOrganizationId: keepId }).where(eq(statements.sourceOrganizationId, absorbId));

    await tx.delete(organizations).where(eq(organizations.id, absorbId));
    const [merged] = await tx
      .update(organizations)
      .set({
        // keep's own aliases stay as they are; absorb's names are added unless keep already has them.
        aliases: [
          ...keep.aliases,
          ...mergeNames(
            [absorb.name, ...(absorb.acronym ? [absorb.acronym] : []), ...absorb.aliases],
            [keep.name, keep.acronym ?? '', ...keep.aliases],
          ),
        ],
        acronym: keep.acronym ?? absorb.acronym,
        wikidataId: keep.wikidataId ?? absorb.wikidataId,
        description: keep.description ?? absorb.description,
        countryId: keep.countryId ?? absorb.countryId,
      })
      .where(eq(organizations.id, keepId))
      .returning();
    return merged;
  });
}

export interface MembershipInput {
  since?: Date | null;
  until?: Date | null;
}

function period(input: MembershipInput, current?: MembershipRow) {
  const columns = presentFields({
    since: input.since == null ? input.since : dateFromInput(input.since),
    until: input.until == null ? input.until : dateFromInput(input.until),
  });
  const since = columns.since === undefined ? current?.since : columns.since;
  const until = columns.until === undefined ? current?.until : columns.until;
  if (since && until && until < since) throw new ValidationError('input.until must not be before input.since.', ['input', 'until']);
  return columns;
}

export function addMembership(db: Database, input: MembershipInput & { organization: string; country: string }): Promise<MembershipRow> {
  const organizationId = idFromInput(input.organization, 'Organization', ['input', 'organization']);
  const countryId = idFromInput(input.country, 'Country', ['input', 'country']);
  const columns = period(input);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, organizations, 'Organization', organizationId, ['input', 'organization']);
    await requireRow(tx, countries, 'Country', countryId, ['input', 'country']);
    const [row] = await tx
      .insert(memberships)
      .values({ ...columns, organizationId, countryId })
      .returning();
    return row;
  });
}

export function updateMembership(db: Database, input: MembershipInput & { id: string }): Promise<MembershipRow> {
  const id = idFromInput(input.id, 'Membership', ['input', 'id']);
  return inTransaction(db, async (tx) => {
    const current = await requireRow(tx, memberships, 'Membership', id, ['input', 'id']);
    const columns = period(input, current);
    if (Object.keys(columns).length === 0) return current;
    const [row] = await tx.update(memberships).set(columns).where(eq(memberships.id, id)).returning();
    return row;
  });
}

export function deleteMembership(db: Database, globalId: string): Promise<string> {
  const id = idFromInput(globalId, 'Membership', ['id']);
  return inTransaction(db, async (tx) => {
    await requireRow(tx, memberships, 'Membership', id, ['id']);
    await tx.delete(memberships).where(eq(memberships.id, id));
    return globalId;
  });
}
