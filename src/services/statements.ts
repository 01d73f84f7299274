import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  articles,
  countries,
  mentions,
  organizations,
  speakerRoles,
  speakers,
  statementRelations,
  statements,
  type ArticleRow,
  type MentionRow,
  type StatementRelationRow,
  type StatementRow,
} from '../../schema';
import { decodeGlobalId } from '../core/global-id';
import type { Database } from '../db';
import type { Viewer } from '../auth/tokens';
import { clusterStatements } from './claims';
import { noteChanges } from './history';
import { NotFoundError, ValidationError } from './errors';
import { idFromInput, parseInput, presentFields, rules } from './input';
import { referencedId, requireReferenced, requireRow } from './rows';
import { inTransaction, type Executor } from './write';

type StatementKind = StatementRow['kind'];
type StatementLocation = StatementRow['location'];

export interface StatementInput {
  kind?: StatementKind | null;
  location?: StatementLocation | null;
  spanStart?: number | null;
  spanEnd?: number | null;
  text?: string | null;
  speaker?: string | null;
  speakerRole?: string | null;
  attributionVerb?: string | null;
  /** An Organization ID: the institution that said it, when no person is named. */
  sourceOrganization?: string | null;
  /** The article's words for an unnamed or collective source: "a senior police source". */
  sourceDescription?: string | null;
}

const statementSchema = z.object({
  spanStart: rules.offset,
  spanEnd: rules.offset,
  text: z.string().nullish(),
  attributionVerb: rules.name.nullish(),
  sourceDescription: rules.name.nullish(),
});

/** The text a span covers, checked as the database will check it but with a sentence a client can act on. */
function textAtSpan(article: ArticleRow, location: StatementLocation, start: number, end: number, given: string | null | undefined) {
  const source = location === 'HEADLINE' ? article.title : article.body;
  if (source == null)
    throw new ValidationError('The article has no body yet: file its body first, or use location HEADLINE.', ['input', 'location']);
  if (end <= start) throw new ValidationError('input.spanEnd must be greater than input.spanStart.', ['input', 'spanEnd']);
  if (end > source.length) {
    throw new ValidationError(
      `input.spanEnd (${end}) runs past the end of the ${location === 'HEADLINE' ? 'title' : 'body'} (${source.length} UTF-16 code units).`,
      ['input', 'spanEnd'],
    );
  }
  const text = source.slice(start, end);
  if (!text.trim()) throw new ValidationError('The span holds only white space.', ['input', 'spanStart']);
  if (given != null && given !== text) {
    throw new ValidationError(`input.text does not match the article at [${start}, ${end}): it reads "${text.slice(0, 80)}".`, [
      'input',
      'text',
    ]);
  }
  return text;
}

/** The speaker and role ids an input names; a role must be the speaker's own. */
async function attribution(
  tx: Executor,
  speaker: string | null | undefined,
  role: string | null | undefined,
  currentSpeakerId: number | null,
) {
  const speakerId = await referencedId(tx, speakers, 'Speaker', speaker, ['input', 'speaker']);
  if (role == null) return { speakerId, speakerRoleId: role === null || speakerId !== undefined ? null : undefined };
  const roleRow = await requireReferenced(tx, speakerRoles, 'SpeakerRole', role, ['input', 'speakerRole']);
  const owner = speakerId === undefined ? currentSpeakerId : speakerId;
  if (roleRow.speakerId !== owner)
    throw new ValidationError("input.speakerRole must be a role of the statement's speaker.", ['input', 'speakerRole']);
  return { speakerId, speakerRoleId: roleRow.id };
}

/**
 * Who said it, when it is not a named person: the organization id and the description an input
 * names. A statement has one source: naming a speaker clears both, naming either clears the
 * speaker (unless the same input names a speaker, which the database then refuses).
 */
async function source(tx: Executor, input: StatementInput, description: string | null | undefined) {
  const path = ['input', 'sourceOrganization'];
  const sourceOrganizationId = await referencedId(tx, organizations, 'Organization', input.sourceOrganization, path);
  return { sourceOrganizationId, sourceDescription: description };
}

export function createStatement(
  db: Database,
  input: StatementInput & { article: string; kind: StatementKind },
  extra: { attributionConfidence?: number } = {},
): Promise<StatementRow> {
  const articleId = idFromInput(input.article, 'Article', ['input', 'article']);
  const parsed = parseInput(statementSchema, input);
  return inTransaction(db, async (tx) => {
    // Locking the article serialises positions: two statements filed at once get 1 and 2.
    const article = await requireRow(tx, articles, 'Article', articleId, ['input', 'article']);
    const location = input.location ?? 'BODY';
    const text = textAtSpan(article, location, parsed.spanStart, parsed.spanEnd, parsed.text);
    const { speakerId, speakerRoleId } = await attribution(tx, input.speaker, input.speakerRole, null);
    const { sourceOrganizationId, sourceDescription } = await source(tx, input, parsed.sourceDescription);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${statements.position}), 0)::int + 1` })
      .from(statements)
      .where(eq(statements.articleId, articleId));
    const [row] = await tx
      .insert(statements)
      .values({
        articleId,
        position: next,
        kind: input.kind,
        location,
        text,
        spanStart: parsed.spanStart,
        spanEnd: parsed.spanEnd,
        speakerId: speakerId ?? null,
        speakerRoleId: speakerRoleId ?? null,
        sourceOrganizationId: sourceOrganizationId ?? null,
        sourceDescription: sourceDescription ?? null,
        attributionVerb: parsed.attributionVerb ?? null,
        attributionConfidence: extra.attributionConfidence ?? null,
      })
      .returning();
    await clusterStatements(tx, [row.id]);
    return row;
  });
}

/** Changing the speaker clears the role unless a role of the new speaker is given. */
export function updateStatement(db: Database, input: StatementInput & { id: string }, viewer: Viewer): Promise<StatementRow> {
  const id = idFromInput(input.id, 'Statement', ['input', 'id']);
  return inTransaction(db, async (tx) => {
    await noteChanges(tx, viewer);
    return changeStatement(tx, id, input);
  });
}

/**
 * An update's writes, in the caller's transaction: the review queue's corrections are updates
 * too, with a verdict beside them (`extra`). Returns the row as it is afterwards.
 */
export async function changeStatement(
  tx: Executor,
  id: number,
  input: StatementInput,
  extra: Partial<Pick<StatementRow, 'reviewStatus' | 'reviewedBy' | 'reviewedAt'>> = {},
): Promise<StatementRow> {
  const parsed = parseInput(statementSchema.partial(), input);
  const current = await requireRow(tx, statements, 'Statement', id, ['input', 'id']);
  const { speakerId, speakerRoleId } = await attribution(tx, input.speaker, input.speakerRole, current.speakerId);
  const sources = await source(tx, input, parsed.sourceDescription);
  const namesSource = sources.sourceOrganizationId != null || sources.sourceDescription != null;
  const movesSpan = parsed.spanStart != null || parsed.spanEnd != null || input.location != null || parsed.text != null;
  let text: string | undefined;
  if (movesSpan) {
    const article = (await tx.select().from(articles).where(eq(articles.id, current.articleId)))[0];
    text = textAtSpan(
      article,
      input.location ?? current.location,
      parsed.spanStart ?? current.spanStart,
      parsed.spanEnd ?? current.spanEnd,
      parsed.text,
    );
  }
  const columns = presentFields({
    kind: input.kind ?? undefined,
    location: input.location ?? undefined,
    spanStart: parsed.spanStart ?? undefined,
    spanEnd: parsed.spanEnd ?? undefined,
    text,
    // One source at a time: a named speaker replaces an institution or unnamed source, and
    // the other way round, unless the input says otherwise itself.
    speakerId: speakerId ?? (namesSource && input.speaker === undefined ? null : speakerId),
    speakerRoleId: speakerRoleId ?? (namesSource && input.speaker === undefined ? null : speakerRoleId),
    sourceOrganizationId:
      sources.sourceOrganizationId ?? (speakerId != null && input.sourceOrganization === undefined ? null : sources.sourceOrganizationId),
    sourceDescription:
      sources.sourceDescription ?? (speakerId != null && input.sourceDescription === undefined ? null : sources.sourceDescription),
    attributionVerb: parsed.attributionVerb,
    // An editor's attribution replaces the importer's guess, and with it the confidence.
    attributionConfidence: speakerId !== undefined || namesSource || input.sourceOrganization !== undefined ? null : undefined,
    ...extra,
  });
  if (Object.keys(columns).length === 0) return current;
  const [row] = await tx.update(statements).set(columns).where(eq(statements.id, id)).returning();
  return row;
}

/** Deletes a statement with its mentions and the relations to and from it. */
export function deleteStatement(db: Database, globalId: string, viewer: Viewer): Promise<string> {
  const id = idFromInput(globalId, 'Statement', ['id']);
  return inTransaction(db, async (tx) => {
    await noteChanges(tx, viewer);
    await requireRow(tx, statements, 'Statement', id, ['id']);
    await tx.delete(statements).where(eq(statements.id, id));
    return globalId;
  });
}

export interface MentionInput {
  article?: string | null;
  statement?: string | null;
  target: string;
}

/** Where a mention sits and what it names, as columns; the target may be a Country, Organization or Speaker. */
async function mentionColumns(tx: Executor, input: MentionInput) {
  if ((input.article == null) === (input.statement == null)) {
    throw new ValidationError('Give exactly one of input.article (a mention in the narrative) and input.statement.', [
      'input',
      input.article == null ? 'article' : 'statement',
    ]);
  }
  let articleId: number;
  let statementId: number | null = null;
  if (input.statement != null) {
    const statement = await requireReferenced(tx, statements, 'Statement', input.statement, ['input', 'statement']);
    articleId = statement.articleId;
    statementId = statement.id;
  } else {
    articleId = (await requireReferenced(tx, articles, 'Article', input.article!, ['input', 'article'])).id;
  }
  const path = ['input', 'target'];
  let typename: string;
  try {
    typename = decodeGlobalId(input.target).typename;
  } catch {
    throw new ValidationError(`input.target: "${input.target}" is not a valid global ID.`, path);
  }
  const target = { countryId: null as number | null, organizationId: null as number | null, speakerId: null as number | null };
  if (typename === 'Country') target.countryId = (await requireReferenced(tx, countries, 'Country', input.target, path)).id;
  else if (typename === 'Organization')
    target.organizationId = (await requireReferenced(tx, organizations, 'Organization', input.target, path)).id;
  else if (typename === 'Speaker') target.speakerId = (await requireReferenced(tx, speakers, 'Speaker', input.target, path)).id;
  else throw new ValidationError(`input.target must be a Country, Organization or Speaker; "${input.target}" is a ${typename}.`, path);
  return { articleId, statementId, ...target };
}

export function addMention(db: Database, input: MentionInput): Promise<MentionRow> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(mentions)
      .values(await mentionColumns(tx, input))
      .returning();
    return row;
  });
}

export function removeMention(db: Database, input: MentionInput): Promise<MentionRow> {
  return inTransaction(db, async (tx) => {
    const columns = await mentionColumns(tx, input);
    const [row] = await tx
      .delete(mentions)
      .where(
        and(
          eq(mentions.articleId, columns.articleId),
          columns.statementId == null ? isNull(mentions.statementId) : eq(mentions.statementId, columns.statementId),
          columns.countryId == null ? isNull(mentions.countryId) : eq(mentions.countryId, columns.countryId),
          columns.organizationId == null ? isNull(mentions.organizationId) : eq(mentions.organizationId, columns.organizationId),
          columns.speakerId == null ? isNull(mentions.speakerId) : eq(mentions.speakerId, columns.speakerId),
        ),
      )
      .returning();
    if (!row) throw new NotFoundError('No such mention is recorded.', ['input', 'target'], input.target);
    return row;
  });
}

export interface StatementRelationInput {
  from: string;
  to: string;
  kind: StatementRelationRow['kind'];
  note?: string | null;
  assertedBy?: string | null;
}

const relationSchema = z.object({ note: rules.note.nullish(), assertedBy: rules.name.nullish() });

export function createStatementRelation(db: Database, input: StatementRelationInput, viewer: Viewer): Promise<StatementRelationRow> {
  const fromId = idFromInput(input.from, 'Statement', ['input', 'from']);
  const toId = idFromInput(input.to, 'Statement', ['input', 'to']);
  if (fromId === toId) throw new ValidationError('A statement cannot be related to itself.', ['input', 'to']);
  const parsed = parseInput(relationSchema, input);
  const token = viewer.kind === 'token' ? viewer : null;
  return inTransaction(db, async (tx) => {
    await noteChanges(tx, viewer);
    await requireRow(tx, statements, 'Statement', fromId, ['input', 'from']);
    await requireRow(tx, statements, 'Statement', toId, ['input', 'to']);
    const [row] = await tx
      .insert(statementRelations)
      .values({
        fromStatementId: fromId,
        toStatementId: toId,
        kind: input.kind,
        note: parsed.note ?? null,
        assertedBy: parsed.assertedBy ?? token?.name ?? 'anonymous',
        createdByTokenId: token?.id ?? null,
      })
      .returning();
    return row;
  });
}

export function deleteStatementRelation(db: Database, globalId: string, viewer: Viewer): Promise<string> {
  const id = idFromInput(globalId, 'StatementRelation', ['id']);
  return inTransaction(db, async (tx) => {
    await noteChanges(tx, viewer);
    await requireRow(tx, statementRelations, 'StatementRelation', id, ['id']);
    await tx.delete(statementRelations).where(eq(statementRelations.id, id));
    return globalId;
  });
}
