import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  articles,
  mentions,
  organizations,
  speakerRoles,
  speakers,
  statements,
  type ArticleRow,
  type OrganizationRow,
  type SpeakerRoleRow,
  type SpeakerRow,
  type StatementRow,
} from '../../schema';
import type { Database } from '../db';
import type { Events } from '../events';
import type { ExtractedQuotation, ExtractedSpeaker } from '../extraction';
import { extractInThisThread, type Extract } from '../extraction/threads';
import { countryMatcher, organizationMatcher, speakersNamed, type EntityMatcher } from './entity-matching';
import { dateFromInput, parseInput, rules, slugFrom } from './input';
import { freeSlug } from './rows';
import { clusterStatements } from './claims';
import { lockMatchedSpeakers } from './speaker-locks';
import { inTransaction, type Transaction } from './write';
import type { Viewer } from '../auth/tokens';
import { noteChanges } from './history';

export interface ImportArticleInput {
  url: string;
  title: string;
  body: string;
  publisher?: string | null;
  publishedAt?: Date | null;
  language?: string | null;
}

const importSchema = z.object({
  url: rules.url,
  title: rules.title,
  body: rules.body,
  publisher: rules.name.nullish(),
  publishedAt: z.date().nullish(),
  language: rules.language.nullish(),
});

export interface ImportResult {
  article: ArticleRow;
  /** True when the URL was new; false when an earlier import was updated in place. */
  created: boolean;
  statements: StatementRow[];
  /** Statements filed by this import that were not there before (what `statementAdded` announces). */
  addedStatements: StatementRow[];
  createdSpeakers: SpeakerRow[];
}

/**
 * Files an article and the quotations in it, all or nothing. The same URL again updates in
 * place: statements whose span and text are unchanged keep their IDs (and any editor's
 * attribution and relations), the rest are replaced. The quotations are found before the
 * transaction opens, so the locks are held only for the writes; the server finds them in a
 * worker thread (`extract`).
 */
export async function importArticle(
  db: Database,
  input: ImportArticleInput,
  extract: Extract = extractInThisThread,
  viewer?: Viewer,
): Promise<ImportResult> {
  const parsed = parseInput(importSchema, input);
  const quotations = await extract(parsed.body);
  return inTransaction(db, async (tx) => {
    // A new import of a URL changes the statements it keeps: recorded under the token's name.
    if (viewer) await noteChanges(tx, viewer);
    // What the import reads before writing is asked at once: postgres.js pipelines a
    // transaction's queries, so they cost one round trip, where each one in turn waited for the
    // database and then for the event loop (on a busy server, several milliseconds each).
    const speakersByName = new Map<string, SpeakerRow[]>();
    const [{ newNames, knownPublisher }, countriesInText, organizationsBeforeLocks, articleSlug] = await allSettled([
      namesToCreate(tx, parsed.publisher, quotations, speakersByName),
      countryMatcher(tx, db),
      organizationMatcher(tx, parsed.body),
      freeSlug(tx, articles, slugFrom(parsed.title)),
    ]);
    await lockNames(tx, [...newNames, ...sourceOrganizationNames(quotations).map((name) => `organization:${name}`)]);
    await lockMatchedSpeakers(tx, speakersByName);
    // A publisher that was new before the locks is read again (the import that held its lock
    // meanwhile may have created it) or created, and may be named in the text as well.
    const publisherWasNew = parsed.publisher != null && knownPublisher == null;
    const publisher = publisherWasNew ? await publisherNamed(tx, parsed.publisher!) : knownPublisher;
    const organizationsInText = publisherWasNew ? await organizationMatcher(tx, parsed.body) : organizationsBeforeLocks;
    const columns = {
      title: parsed.title,
      body: parsed.body,
      publisherId: publisher?.id ?? null,
      publishedAt: parsed.publishedAt ? dateFromInput(parsed.publishedAt) : null,
      language: parsed.language ?? null,
    };
    const rolesBySpeaker = new Map<number, SpeakerRoleRow[]>();
    const [{ article: existing, created }] = await allSettled([
      lockArticleByUrl(tx, parsed.url, columns, articleSlug),
      readRoles(
        tx,
        [...speakersByName.values()].flatMap((known) => (known.length === 1 ? [known[0].id] : [])),
        rolesBySpeaker,
      ),
    ]);

    // Everything below runs with the article row locked: concurrent imports of the URL queue here.
    // A new article has no statements or mentions yet, and was inserted with its columns.
    const previous = created ? [] : await tx.select().from(statements).where(eq(statements.articleId, existing.id));
    // A quotation and a paraphrase are kept apart even on one span: the kind is part of the key.
    const keyOf = (kind: string, start: number, end: number, text: string) => `${kind}:${start}:${end}:${text}`;
    const wanted = new Set(quotations.map((quote) => keyOf(quote.kind, quote.spanStart, quote.spanEnd, quote.text)));
    const kept = new Map(
      previous
        .filter((row) => row.location === 'BODY' && wanted.has(keyOf(row.kind, row.spanStart, row.spanEnd, row.text)))
        .map((row) => [keyOf(row.kind, row.spanStart, row.spanEnd, row.text), row]),
    );
    const dropped = previous.filter((row) => !kept.has(keyOf(row.kind, row.spanStart, row.spanEnd, row.text)) || row.location !== 'BODY');
    if (dropped.length)
      await tx.delete(statements).where(
        inArray(
          statements.id,
          dropped.map((row) => row.id),
        ),
      );
    // The importer owns the narrative mentions; they are found again from the new text.
    if (!created) await tx.delete(mentions).where(and(eq(mentions.articleId, existing.id), isNull(mentions.statementId)));
    // Positions are renumbered below; moving the kept ones out of the way first avoids collisions.
    if (kept.size)
      await tx
        .update(statements)
        .set({ position: sql`${statements.position} + 1000000` })
        .where(eq(statements.articleId, existing.id));
    const article = created ? existing : (await tx.update(articles).set(columns).where(eq(articles.id, existing.id)).returning())[0];

    const createdSpeakers: SpeakerRow[] = [];
    const context: AttributionContext = {
      countriesInText,
      organizationsInText,
      publishedAt: columns.publishedAt,
      createdSpeakers,
      speakersByName,
      rolesBySpeaker,
      createdOrganizations: new Map(),
    };
    // Attribution reads and creates speakers and roles one quotation at a time (a speaker quoted
    // twice is created once); the statements and their mentions are then written in one insert each.
    const values = [];
    for (const [index, quote] of quotations.entries()) {
      const previousRow = kept.get(keyOf(quote.kind, quote.spanStart, quote.spanEnd, quote.text));
      // An editor's attribution (confidence null) outranks the importer's.
      const editorSettled = previousRow != null && previousRow.attributionConfidence == null;
      const attribution = editorSettled
        ? {
            speakerId: previousRow.speakerId,
            speakerRoleId: previousRow.speakerRoleId,
            sourceOrganizationId: previousRow.sourceOrganizationId,
            sourceDescription: previousRow.sourceDescription,
          }
        : await attribute(tx, quote, context);
      values.push({
        previousRow,
        quote,
        columns: {
          position: index + 1,
          kind: quote.kind,
          speakerId: attribution.speakerId,
          speakerRoleId: attribution.speakerRoleId,
          sourceOrganizationId: attribution.sourceOrganizationId,
          sourceDescription: attribution.sourceDescription,
          attributionVerb: editorSettled ? previousRow.attributionVerb : quote.verb,
          attributionConfidence: editorSettled ? null : Math.round(quote.confidence * 1000) / 1000,
        },
      });
    }
    const updated = new Map<number, StatementRow>();
    for (const { previousRow, columns } of values) {
      if (!previousRow) continue;
      const [row] = await tx.update(statements).set(columns).where(eq(statements.id, previousRow.id)).returning();
      updated.set(columns.position, row);
    }
    if (updated.size)
      await tx.delete(mentions).where(
        inArray(
          mentions.statementId,
          [...updated.values()].map((row) => row.id),
        ),
      );
    const fresh = values.filter((value) => !value.previousRow);
    const added = fresh.length
      ? await tx
          .insert(statements)
          .values(
            fresh.map(({ quote, columns }) => ({
              ...columns,
              articleId: article.id,
              location: 'BODY' as const,
              text: quote.text,
              spanStart: quote.spanStart,
              spanEnd: quote.spanEnd,
            })),
          )
          .returning()
      : [];
    // Positions are unique within the article, and say which row answers which quotation.
    const byPosition = new Map([...updated, ...added.map((row) => [row.position, row] as const)]);
    const filed = values.map(({ columns }) => byPosition.get(columns.position)!);
    const narrative = narrativeText(parsed.body, quotations);
    await fileMentions(
      tx,
      [
        ...filed.map((row) => ({ articleId: article.id, statementId: row.id, text: row.text })),
        { articleId: article.id, statementId: null, text: narrative },
      ],
      countriesInText,
      organizationsInText,
    );
    // In the text's order (RETURNING promises none): subscribers hear the quotations in turn.
    const addedStatements = fresh.map(({ columns }) => byPosition.get(columns.position)!);
    // New statements join the claims of what they repeat; kept ones were clustered when first filed.
    await clusterStatements(
      tx,
      addedStatements.map((row) => row.id),
    );
    return { article, created, statements: filed, addedStatements, createdSpeakers };
  });
}

/**
 * Promise.all for the queries of one transaction, which waits for all of them before it fails:
 * with Promise.all, the transaction would roll back on the first failure while the others were
 * still running, and one of them (a retry loop) could send a statement after it had ended.
 */
async function allSettled<const T extends readonly unknown[]>(queries: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(queries);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * The article with this URL, locked for the rest of the transaction, or a new one. Concurrent
 * imports of one URL queue on the unique key, then on the row lock: the first creates the
 * article, each later one finds it and updates it, and no duplicate can appear.
 */
async function lockArticleByUrl(
  tx: Transaction,
  url: string,
  columns: Omit<typeof articles.$inferInsert, 'url' | 'slug'> & { title: string },
  freeSlugRead: string,
): Promise<{ article: ArticleRow; created: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    const slug = attempt === 1 ? freeSlugRead : await freeSlug(tx, articles, slugFrom(columns.title));
    // No conflict target: a slug taken meanwhile by another article also lands here, and the
    // next round picks a free one.
    const [inserted] = await tx
      .insert(articles)
      .values({ ...columns, url, slug })
      .onConflictDoNothing()
      .returning();
    if (inserted) return { article: inserted, created: true };
    const [found] = await tx.select().from(articles).where(eq(articles.url, url)).for('update');
    // The row we collided with may have been rolled back since: then try to insert again.
    if (found) return { article: found, created: false };
  }
}

async function publisherNamed(tx: Transaction, name: string): Promise<OrganizationRow> {
  const known = (await organizationMatcher(tx, name)).resolve(name);
  if (known) return known;
  const slug = await freeSlug(tx, organizations, slugFrom(name));
  const [created] = await tx.insert(organizations).values({ name, slug, kind: 'MEDIA' }).returning();
  return created;
}

/** The roles of the speakers the import already knows, read in one query before attribution needs them. */
async function readRoles(tx: Transaction, speakerIds: number[], rolesBySpeaker: Map<number, SpeakerRoleRow[]>) {
  if (speakerIds.length === 0) return;
  for (const id of speakerIds) rolesBySpeaker.set(id, []);
  for (const role of await tx.select().from(speakerRoles).where(inArray(speakerRoles.speakerId, speakerIds)))
    rolesBySpeaker.get(role.speakerId)!.push(role);
}

/**
 * The names this import may have to create: those the knowledge base does not hold yet, with
 * the publisher when it holds it. A name it holds is only matched, and needs no lock: locking
 * every name made all the imports that quote one well-known person wait for each other (a
 * 10-minute soak of imports quoting the same mayor spent most of their 360 ms waiting).
 */
async function namesToCreate(
  tx: Transaction,
  publisher: string | null | undefined,
  quotations: ExtractedQuotation[],
  speakersByName: Map<string, SpeakerRow[]>,
): Promise<{ newNames: string[]; knownPublisher: OrganizationRow | null }> {
  const speakerNames = [...new Set(quotations.flatMap((quote) => (quote.speaker ? [quote.speaker.name] : [])))];
  const [knownPublisher, speakersKnown] = await allSettled([
    publisher ? organizationMatcher(tx, publisher).then((matcher) => matcher.resolve(publisher)) : Promise.resolve(null),
    allSettled(speakerNames.map((name) => speakersNamed(tx, name))),
  ]);
  const newNames = publisher && !knownPublisher ? [`organization:${publisher}`] : [];
  for (const [index, name] of speakerNames.entries()) {
    speakersByName.set(name, speakersKnown[index]);
    if (speakersKnown[index].length === 0) newNames.push(`speaker:${name}`);
  }
  return { newNames, knownPublisher };
}

/**
 * Two imports that both meet a new name must not both create it: an advisory lock on the name,
 * held to the end of the transaction, makes the second wait and then find the first's row (its
 * next query sees what committed meanwhile). All of an import's names are locked first, in
 * sorted order, so two imports cannot deadlock.
 */
async function lockNames(tx: Transaction, names: string[]) {
  const keys = [...new Set(names.map((name) => name.trim().toLowerCase()))].sort();
  for (const key of keys) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

interface AttributionContext {
  countriesInText: EntityMatcher<{ id: number }>;
  organizationsInText: EntityMatcher<{ id: number }>;
  publishedAt: string | null;
  createdSpeakers: SpeakerRow[];
  /**
   * What this import has already read, so that a speaker quoted six times is looked up once:
   * the speakers of each name (as namesToCreate found them) and the roles of each speaker.
   */
  speakersByName: Map<string, SpeakerRow[]>;
  rolesBySpeaker: Map<number, SpeakerRoleRow[]>;
  /** Institutions this import created, by lower-cased name: one row for an institution quoted twice. */
  createdOrganizations: Map<string, { id: number }>;
}

/**
 * The institutions that speak in the text under a name of their own ("Gazprom said", "the
 * Ministry of Foreign Affairs said"): the import creates those the knowledge base does not hold.
 * A generic one ("the ministry", "the company") names no organization: it is kept as the
 * article's description of its source instead.
 */
function sourceOrganizationNames(quotations: ExtractedQuotation[]): string[] {
  return [
    ...new Set(
      quotations.flatMap((quote) =>
        !quote.speaker && quote.sourceOrganization && isProperName(quote.sourceOrganization) ? [properName(quote.sourceOrganization)] : [],
      ),
    ),
  ];
}

const LOWERCASE_NAME_WORDS = new Set(['of', 'for', 'and', 'the', 'on', 'in', 'de', 'du', 'des', 'la', 'le', '&']);

/** "the Ministry of Foreign Affairs" → "Ministry of Foreign Affairs"; "the ministry" stays as it is. */
function properName(name: string): string {
  return name.trim().replace(/^[Tt]he\s+(?=\p{Lu})/u, '');
}

function isProperName(name: string): boolean {
  const words = properName(name).split(/\s+/);
  return (
    words.length > 0 &&
    /^[\p{Lu}\p{N}]/u.test(words[0]) &&
    words.every((word) => /^[\p{Lu}\p{N}]/u.test(word) || LOWERCASE_NAME_WORDS.has(word.toLowerCase()))
  );
}

interface Attribution {
  speakerId: number | null;
  speakerRoleId: number | null;
  sourceOrganizationId: number | null;
  sourceDescription: string | null;
}

/**
 * Who said an extracted quotation: a speaker and their role, or an institution, or the article's
 * description of an unnamed source, or nobody. A name that matches several speakers in the
 * knowledge base is left unattributed rather than pinned on one of them.
 */
async function attribute(tx: Transaction, quote: ExtractedQuotation, context: AttributionContext): Promise<Attribution> {
  const none = { speakerId: null, speakerRoleId: null, sourceOrganizationId: null, sourceDescription: null };
  if (!quote.speaker) return { ...none, ...(await sourceFor(tx, quote, context)) };
  const speaker = await speakerFor(tx, quote.speaker, context);
  if (!speaker) return none;
  const role = await roleFor(tx, speaker, quote.speaker, context);
  return { ...none, speakerId: speaker.id, speakerRoleId: role?.id ?? null };
}

/** An institution the knowledge base holds or the import creates, else the source as the article describes it. */
async function sourceFor(tx: Transaction, quote: ExtractedQuotation, context: AttributionContext) {
  const description = quote.sourceDescription?.trim().slice(0, 300) || null;
  if (!quote.sourceOrganization) return { sourceOrganizationId: null, sourceDescription: description };
  const known =
    context.organizationsInText.resolve(quote.sourceOrganization) ??
    context.organizationsInText.resolve(properName(quote.sourceOrganization));
  // A spokesperson keeps the article's words beside the institution spoken for ("a Police
  // Scotland spokeswoman"); an institution that speaks itself has no description.
  if (known) return { sourceOrganizationId: known.id, sourceDescription: description };
  if (!isProperName(quote.sourceOrganization))
    return { sourceOrganizationId: null, sourceDescription: description ?? quote.sourceOrganization.trim().slice(0, 300) };
  const name = properName(quote.sourceOrganization);
  const created = context.createdOrganizations.get(name.toLowerCase()) ?? (await organizationCreatedFor(tx, name));
  context.createdOrganizations.set(name.toLowerCase(), created);
  return { sourceOrganizationId: created.id, sourceDescription: description };
}

/** Read again under the name's lock (another import may have created it meanwhile), or created. */
async function organizationCreatedFor(tx: Transaction, name: string): Promise<{ id: number }> {
  const known = (await organizationMatcher(tx, name)).resolve(name);
  if (known) return known;
  const slug = await freeSlug(tx, organizations, slugFrom(name));
  const [created] = await tx.insert(organizations).values({ name, slug, kind: 'OTHER' }).returning();
  return created;
}

async function speakerFor(tx: Transaction, extracted: ExtractedSpeaker, context: AttributionContext): Promise<SpeakerRow | null> {
  // Names found missing before their lock was taken are read again: another import may have
  // created the speaker while this one waited.
  const cached = context.speakersByName.get(extracted.name);
  const known = cached?.length ? cached : await speakersNamed(tx, extracted.name);
  if (known.length > 1) return null;
  if (known.length === 1) {
    context.speakersByName.set(extracted.name, known);
    return known[0];
  }
  const countryId = extracted.roleCountry ? (context.countriesInText.resolve(extracted.roleCountry)?.id ?? null) : null;
  const slug = await freeSlug(tx, speakers, slugFrom(extracted.name));
  const [created] = await tx.insert(speakers).values({ name: extracted.name, slug, countryId }).returning();
  context.createdSpeakers.push(created);
  context.speakersByName.set(extracted.name, [created]);
  return created;
}

const roleKey = (title: string) => title.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The role the article gives ("Iran's Foreign Minister"), matched to one the speaker holds or
 * created; with no role phrase, the one role the speaker held on the publication date, if exactly one.
 */
async function roleFor(
  tx: Transaction,
  speaker: SpeakerRow,
  extracted: ExtractedSpeaker,
  context: AttributionContext,
): Promise<SpeakerRoleRow | null> {
  let roles = context.rolesBySpeaker.get(speaker.id);
  if (!roles) {
    roles = await tx.select().from(speakerRoles).where(eq(speakerRoles.speakerId, speaker.id));
    context.rolesBySpeaker.set(speaker.id, roles);
  }
  const heldOnDate = roles.filter(
    (role) =>
      !context.publishedAt ||
      ((!role.startDate || role.startDate <= context.publishedAt) && (!role.endDate || role.endDate >= context.publishedAt)),
  );
  if (!extracted.roleTitle) return heldOnDate.length === 1 ? heldOnDate[0] : null;
  const sameTitle = roles.filter((role) => roleKey(role.title) === roleKey(extracted.roleTitle!));
  if (sameTitle.length === 1) return sameTitle[0];
  if (sameTitle.length > 1) return sameTitle.find((role) => heldOnDate.includes(role)) ?? null;
  // The knowledge base may spell the role differently ("Minister of Foreign Affairs"): if the
  // speaker held exactly one role that day in the same country, that is the one.
  const countryId = extracted.roleCountry ? (context.countriesInText.resolve(extracted.roleCountry)?.id ?? null) : null;
  const sameCountry = heldOnDate.filter((role) => countryId != null && role.countryId === countryId);
  if (sameCountry.length === 1) return sameCountry[0];
  const organizationId = extracted.roleOrganization ? (context.organizationsInText.resolve(extracted.roleOrganization)?.id ?? null) : null;
  const [created] = await tx
    .insert(speakerRoles)
    .values({ speakerId: speaker.id, title: extracted.roleTitle, countryId, organizationId })
    .onConflictDoNothing()
    .returning();
  const role =
    created ??
    (
      await tx
        .select()
        .from(speakerRoles)
        .where(and(eq(speakerRoles.speakerId, speaker.id), eq(speakerRoles.title, extracted.roleTitle), isNull(speakerRoles.startDate)))
    )[0] ??
    null;
  if (role) roles.push(role);
  return role;
}

/** The countries and organizations each text names, as mentions of its place, in one insert. */
async function fileMentions(
  tx: Transaction,
  places: { articleId: number; statementId: number | null; text: string }[],
  countriesInText: EntityMatcher<{ id: number }>,
  organizationsInText: EntityMatcher<{ id: number }>,
) {
  const rows = places.flatMap(({ articleId, statementId, text }) => [
    ...countriesInText.find(text).map((country) => ({ articleId, statementId, countryId: country.id })),
    ...organizationsInText.find(text).map((organization) => ({ articleId, statementId, organizationId: organization.id })),
  ]);
  if (rows.length) await tx.insert(mentions).values(rows).onConflictDoNothing();
}

/** The body with the direct quotations blanked out: what the article says in its own voice (reported speech included). */
function narrativeText(body: string, quotations: ExtractedQuotation[]) {
  let narrative = '';
  let from = 0;
  for (const quote of quotations) {
    if (quote.kind !== 'DIRECT_QUOTE') continue;
    narrative += body.slice(from, quote.spanStart) + ' ';
    from = quote.spanEnd;
  }
  return narrative + body.slice(from);
}

/** Tells subscribers (in this process, or every instance through Redis) what an import filed. */
export function announceImport(events: Events, result: ImportResult) {
  for (const statement of result.addedStatements) events.publish('statement:added', { statementId: statement.id });
  events.publish('article:imported', {
    articleId: result.article.id,
    created: result.created,
    statementCount: result.statements.length,
    addedStatementCount: result.addedStatements.length,
  });
}
