import { loadAll } from '../loaders';
import { builder } from './builder';
import { databaseIdOf } from './global-id';
import { findOneBy } from './lookup';
import { ArticleConnection, ArticleRef, CountryConnection, CountryRef, OrganizationConnection, OrganizationRef, SpeakerConnection, SpeakerRef, StatementConnection, StatementRef } from './refs';

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
      resolve: (article, _args, { loaders }) =>
        article.publisherId == null ? null : loaders.organizationById.load(article.publisherId),
    }),
    statements: t.connection({
    nullable: true,
      type: StatementRef,
      description: 'The statements in the article, in order of appearance.',
      resolve: (article, args, { loaders }) => loaders.connection('articleStatements', args, article.id),
    }, StatementConnection),
    speakers: t.connection({
    nullable: true,
      type: SpeakerRef,
      description: 'Everyone the article quotes or paraphrases, by name.',
      resolve: (article, args, { loaders }) => loaders.connection('articleSpeakers', args, article.id),
    }, SpeakerConnection),
    mentionedCountries: t.connection({
      type: CountryRef,
      description: 'Countries named in the article, in its statements or its own text, by name.',
      resolve: (article, args, { loaders }) => loaders.connection('articleMentionedCountries', args, article.id),
    }, CountryConnection),
    mentionedOrganizations: t.connection({
      type: OrganizationRef,
      description: 'Organizations named in the article, in its statements or its own text, by name.',
      resolve: (article, args, { loaders }) => loaders.connection('articleMentionedOrganizations', args, article.id),
    }, OrganizationConnection),
    relatedArticles: t.connection({
      type: ArticleRef,
      description: 'Articles this one links to ("Related News", "Read more"), in the order it shows them.',
      resolve: (article, args, { loaders }) => loaders.connection('articleRelatedArticles', args, article.id),
    }, RelatedArticleConnection),
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
  articles: t.connection({
    nullable: true,
    type: ArticleRef,
    description: 'Every article, newest first.',
    resolve: (_root, args, { loaders }) => loaders.connection('articles', args),
  }, ArticleConnection),
}));
