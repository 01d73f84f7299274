/**
 * The typed client at work: the ArticlePage query (operations/article.graphql), sent with its
 * generated TypedDocumentNode, so that variables and result are checked by TypeScript against
 * schema/schema.graphql. A schema change that breaks this page breaks its compilation (the tests
 * compile this folder), before any reader sees it.
 *
 *   npx tsx examples/article-page.ts <slug> [--endpoint http://localhost:4000/graphql]
 */
import { parseArgs } from 'node:util';
import { request } from 'graphql-request';
import { ArticlePageDocument, type ArticlePageQuery } from './generated/graphql';

type Article = NonNullable<ArticlePageQuery['article']>;

/** The article as plain text: headline, byline, then who said what. */
export function renderArticle(article: Article): string {
  const byline = [article.publisher?.name, article.publishedAt].filter(Boolean).join(', ');
  const quotes = article.statements.nodes.map((statement) => {
    const who = statement.speaker
      ? `${statement.speaker.name}${statement.speakerRole ? ` (${statement.speakerRole.title})` : ''}`
      : 'Unattributed';
    const said = statement.kind === 'DIRECT_QUOTE' ? `"${statement.text}"` : statement.text;
    return `- ${who}: ${said}`;
  });
  return [article.title, byline, '', ...quotes].join('\n');
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { endpoint: { type: 'string', default: 'http://localhost:4000/graphql' } },
  });
  if (positionals.length !== 1) throw new Error('usage: npx tsx examples/article-page.ts <slug> [--endpoint <url>]');
  const { article } = await request(values.endpoint!, ArticlePageDocument, { slug: positionals[0] });
  if (!article) throw new Error(`No article has the slug "${positionals[0]}".`);
  console.log(renderArticle(article));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
