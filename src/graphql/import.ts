import { announceImport, importArticle, type ImportResult } from '../services/import-article';
import { builder } from './builder';
import { ArticleRef, SpeakerRef, StatementRef } from './refs';
import { userErrors } from './user-errors';
import { ExtractionBusyError, ExtractionTimeoutError } from '../extraction/errors';
import { clientError, ErrorCode } from '../core/errors';

/** How long a client refused for a full extraction queue should wait before trying again. */
const EXTRACTION_RETRY_AFTER_SECONDS = 2;

/** The extraction's own refusals, told to the client with their codes; anything else stays masked. */
function asExtractionError(error: unknown): never {
  if (error instanceof ExtractionBusyError) {
    throw clientError(ErrorCode.EXTRACTION_BUSY, error.message, {
      limit: error.limit,
      retryAfter: EXTRACTION_RETRY_AFTER_SECONDS,
      http: { status: 503, headers: { 'retry-after': String(EXTRACTION_RETRY_AFTER_SECONDS) } },
    });
  }
  if (error instanceof ExtractionTimeoutError) {
    throw clientError(ErrorCode.EXTRACTION_TIMEOUT, error.message, {
      limit: 'EXTRACTION_TIMEOUT_MS',
      timeoutMs: error.timeoutMs,
      http: { status: 503 },
    });
  }
  throw error;
}

const ImportArticleInput = builder.inputType('ImportArticleInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'Identifies the article: importing the same URL again updates it in place.' }),
    title: t.string({ required: true }),
    body: t.string({ required: true, description: 'The verbatim text, paragraphs separated by blank lines.' }),
    publisher: t.string({
      description: "The publisher's name or acronym; created (as MEDIA) when the knowledge base has no such organization.",
    }),
    publishedAt: t.field({ type: 'Date' }),
    language: t.string({ description: 'BCP 47, e.g. "en".' }),
  }),
});

const ArticleImportRef = builder.objectRef<ImportResult>('ArticleImport').implement({
  description: 'What an import filed.',
  fields: (t) => ({
    article: t.field({ type: ArticleRef, resolve: (result) => result.article }),
    created: t.exposeBoolean('created', { description: 'False when the URL was known and the article was updated in place.' }),
    statements: t.field({
      type: [StatementRef],
      description: 'Every quotation found, in order. A null speaker means the importer was not sure: an editor should settle it.',
      resolve: (result) => result.statements,
    }),
    unattributedCount: t.int({ resolve: (result) => result.statements.filter((statement) => statement.speakerId == null).length }),
    createdSpeakers: t.field({
      type: [SpeakerRef],
      description: 'Speakers the knowledge base did not know, created by this import.',
      resolve: (result) => result.createdSpeakers,
    }),
  }),
});

interface ArticleImportedEvent {
  articleId: number;
  created: boolean;
  statementCount: number;
  addedStatementCount: number;
}

const ArticleImportedRef = builder.objectRef<ArticleImportedEvent>('ArticleImportedEvent').implement({
  fields: (t) => ({
    article: t.field({
      type: ArticleRef,
      resolve: async (event, _args, { loaders }) => (await loaders.articleById.load(event.articleId))!,
    }),
    created: t.exposeBoolean('created'),
    statementCount: t.exposeInt('statementCount'),
    addedStatementCount: t.exposeInt('addedStatementCount', { description: 'Statements that were not there before this import.' }),
  }),
});

builder.mutationField('importArticle', (t) =>
  t.field({
    type: ArticleImportRef,
    description:
      'Files an article with every direct quotation in it, its speaker (only when the text makes it certain), role, mentions and an attribution confidence. All or nothing; the same URL again updates in place.',
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'articleImport' } },
    args: { input: t.arg({ type: ImportArticleInput, required: true }) },
    resolve: async (_root, { input }, { db, events, extract, viewer }) => {
      const result = await importArticle(db, input, extract, viewer).catch(asExtractionError);
      announceImport(events, result);
      return result;
    },
  }),
);

builder.subscriptionField('articleImported', (t) =>
  t.field({
    type: ArticleImportedRef,
    description: 'Each completed importArticle, on any instance sharing the Redis.',
    subscribe: (_root, _args, { events }) => events.subscribe('article:imported'),
    resolve: (event) => event,
  }),
);
