import { loadAll } from '../loaders';
import { articleConditions } from '../loaders/filters';
import { builder } from './builder';
import { orderInput } from './filter-input';
import { articleFilter } from '../loaders/filter-arguments';
import { databaseIdOf } from '../core/global-id';
import { findOneBy } from './lookup';
import { userErrors } from './user-errors';
import { createArticle, deleteArticle, updateArticle } from '../services/articles';
import {
  ArticleConnection,
  ArticleRef,
  CountryConnection,
  CountryRef,
  OrganizationConnection,
  OrganizationRef,
  SpeakerConnection,
  SpeakerRef,
  StatementConnection,
  StatementRef,
} from './refs';
import { idOrNull } from './input-ids';

const ArticleRelationKind = builder.enumType('ArticleRelationKind', {
  description: 'Under which heading an article lists a link to another.',
  values: {
    RELATED_NEWS: { description: 'Listed under "Related News".' },
    READ_MORE: { description: 'Listed under "Read more".' },
  } as const,
});

const RelatedArticleConnection = builder.connectionObject(
  { type: ArticleRef, name: 'RelatedArticleConnection' },
  {
    name: 'RelatedArticleEdge',
    fields: (t) => ({
      kind: t.field({
        type: ArticleRelationKind,
        resolve: (edge) => (edge as unknown as { kind: 'RELATED_NEWS' | 'READ_MORE' }).kind,
      }),
    }),
  },
);

builder.node(ArticleRef, {
  description: 'A news article, its body kept verbatim so that statement spans point into it.',
  id: { resolve: (article) => article.id },
  loadMany: (ids, { loaders }) => loadAll(loaders.articleById, ids.map(Number)),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the row was filed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    body: t.exposeString('body', {
      nullable: true,
      description: 'The verbatim text; null for an article known only by its headline (a related link).',
    }),
    url: t.exposeString('url', { nullable: true }),
    publishedAt: t.expose('publishedAt', { type: 'Date', nullable: true }),
    dateline: t.exposeString('dateline', { nullable: true, description: 'Where the article was filed from.' }),
    language: t.exposeString('language', { nullable: true, description: 'BCP 47 language tag, e.g. "en".' }),
    publisher: t.field({
      type: OrganizationRef,
      nullable: true,
      resolve: (article, _args, { loaders }) => (article.publisherId == null ? null : loaders.organizationById.load(article.publisherId)),
    }),
    statements: t.connection(
      {
        type: StatementRef,
        description: 'The statements in the article, in order of appearance.',
        resolve: (article, args, { loaders }) => loaders.connection('articleStatements', args, article.id),
      },
      StatementConnection,
    ),
    speakers: t.connection(
      {
        type: SpeakerRef,
        description: 'Everyone the article quotes or paraphrases, by name.',
        resolve: (article, args, { loaders }) => loaders.connection('articleSpeakers', args, article.id),
      },
      SpeakerConnection,
    ),
    mentionedCountries: t.connection(
      {
        type: CountryRef,
        description: 'Countries named in the article, in its statements or its own text, by name.',
        resolve: (article, args, { loaders }) => loaders.connection('articleMentionedCountries', args, article.id),
      },
      CountryConnection,
    ),
    mentionedOrganizations: t.connection(
      {
        type: OrganizationRef,
        description: 'Organizations named in the article, in its statements or its own text, by name.',
        resolve: (article, args, { loaders }) => loaders.connection('articleMentionedOrganizations', args, article.id),
      },
      OrganizationConnection,
    ),
    relatedArticles: t.connection(
      {
        type: ArticleRef,
        description: 'Articles this one links to ("Related News", "Read more"), in the order it shows them.',
        resolve: (article, args, { loaders }) => loaders.connection('articleRelatedArticles', args, article.id),
      },
      RelatedArticleConnection,
    ),
  }),
});

const ArticleOrder = orderInput('ArticleOrder', {
  PUBLISHED_AT: 'By publication date; undated articles count as the oldest.',
  TITLE: 'By title.',
});

const ArticleFilterInput = builder.inputType('ArticleFilter', {
  description: 'Every condition given must hold. An ID that matches nothing is BAD_USER_INPUT.',
  fields: (t) => ({
    publisher: t.id({ description: 'Published by this organization.' }),
    mentions: t.idList({ description: 'Naming any of these countries, organizations or speakers (1 to 100 IDs).' }),
    speaker: t.id({ description: 'Quoting or paraphrasing this speaker.' }),
    publishedAfter: t.field({ type: 'Date', description: 'Published on or after this date.' }),
    publishedBefore: t.field({ type: 'Date', description: 'Published on or before this date.' }),
    search: t.string({ description: 'Full-text search of title and body, as in `search`.' }),
  }),
});

builder.queryFields((t) => ({
  article: t.field({
    type: ArticleRef,
    nullable: true,
    description: 'One article by exactly one of: global ID, slug or URL. NOT_FOUND when none matches.',
    args: { id: t.arg.id(), slug: t.arg.string(), url: t.arg.string() },
    resolve: (_root, args, { loaders }) =>
      findOneBy('article', args, {
        id: (id) => loaders.articleById.load(databaseIdOf(id, 'Article')),
        slug: (slug) => loaders.articleBySlug.load(slug),
        url: (url) => loaders.articleByUrl.load(url),
      }),
  }),
  articles: t.connection(
    {
      nullable: true,
      type: ArticleRef,
      description: 'Articles, filtered and ordered; by default newest first.',
      args: {
        filter: t.arg({ type: ArticleFilterInput }),
        orderBy: t.arg({ type: ArticleOrder, description: 'Default: PUBLISHED_AT DESC.' }),
      },
      resolve: async (_root, args, { loaders }) =>
        loaders.rootConnection('articles', args, {
          where: articleConditions(await articleFilter(loaders, args.filter)),
          order: args.orderBy ?? { field: 'PUBLISHED_AT', direction: 'DESC' },
        }),
    },
    ArticleConnection,
  ),
}));

const articleInputFields = {
  body: 'The verbatim text; statement spans count in it (UTF-16 code units).',
  publisher: 'An Organization ID.',
  language: 'BCP 47, e.g. "en".',
};

const CreateArticleInput = builder.inputType('CreateArticleInput', {
  fields: (t) => ({
    title: t.string({ required: true, description: '1 to 500 characters.' }),
    slug: t.string({ description: 'Lower-case words joined by hyphens; made from the title when omitted.' }),
    body: t.string({ description: articleInputFields.body }),
    url: t.string({ description: 'Unique: two articles cannot share a URL.' }),
    publisher: t.id({ description: articleInputFields.publisher }),
    publishedAt: t.field({ type: 'Date' }),
    dateline: t.string(),
    language: t.string({ description: articleInputFields.language }),
  }),
});

const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description:
    'Fields left out stay as they are; a nullable field set to null is cleared. A new body or title must still hold every statement at its span.',
  fields: (t) => ({
    id: t.id({ required: true }),
    title: t.string(),
    slug: t.string(),
    body: t.string({ description: articleInputFields.body }),
    url: t.string(),
    publisher: t.id({ description: articleInputFields.publisher }),
    publishedAt: t.field({ type: 'Date' }),
    dateline: t.string(),
    language: t.string({ description: articleInputFields.language }),
  }),
});

builder.mutationFields((t) => ({
  createArticle: t.field({
    type: ArticleRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'article' } },
    args: { input: t.arg({ type: CreateArticleInput, required: true }) },
    resolve: (_root, { input }, { db }) => createArticle(db, { ...input, publisher: idOrNull(input.publisher) }),
  }),
  updateArticle: t.field({
    type: ArticleRef,
    authScopes: { write: true },
    errors: { ...userErrors, dataField: { name: 'article' } },
    args: { input: t.arg({ type: UpdateArticleInput, required: true }) },
    resolve: (_root, { input }, { db }) => updateArticle(db, { ...input, id: String(input.id), publisher: idOrNull(input.publisher) }),
  }),
  deleteArticle: t.id({
    description:
      'Deletes an article and everything filed from it: its statements, their mentions and relations, and its links to other articles.',
    authScopes: { admin: true },
    errors: { ...userErrors, dataField: { name: 'deletedId' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { db }) => deleteArticle(db, String(id)),
  }),
}));
