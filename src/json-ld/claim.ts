import type { ArticleRow, OrganizationRow, StatementRow } from '../../schema';
import { encodeGlobalId } from '../core/global-id';
import type { Loaders } from '../loaders';

/**
 * Statements and claims as schema.org `Claim` JSON-LD, the form ClaimReview tools read: the
 * text, the author (a Person with `sameAs` to Wikidata when the speaker's ID is known, or the
 * Organization that spoke in its own name), and the articles it appeared in as `appearance` and
 * `firstAppearance`. Built from the request's loaders, so a page of them batches like any read.
 */

export type JsonObject = Record<string, unknown>;

export const SCHEMA_ORG_CONTEXT = 'https://schema.org';

/** A claim lists at most this many appearances; its `appearances` connection pages through the rest. */
export const MAX_JSON_LD_APPEARANCES = 100;

const wikidataUrl = (id: string) => `https://www.wikidata.org/wiki/${id}`;

/** The object without its null and undefined properties: JSON-LD leaves out what is not known. */
function known(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value != null));
}

function organizationNode(organization: OrganizationRow): JsonObject {
  return known({
    '@type': 'Organization',
    identifier: encodeGlobalId('Organization', organization.id),
    name: organization.name,
    alternateName: organization.acronym,
    sameAs: organization.wikidataId == null ? null : wikidataUrl(organization.wikidataId),
  });
}

/** Who said it: a named person (with the role of the day), or an institution; nothing for an unnamed or unknown source. */
async function authorOf(loaders: Loaders, statement: StatementRow): Promise<JsonObject | null> {
  if (statement.speakerId != null) {
    const [speaker, role] = await Promise.all([
      loaders.speakerById.load(statement.speakerId),
      statement.speakerRoleId == null ? null : loaders.speakerRoleById.load(statement.speakerRoleId),
    ]);
    if (!speaker) return null;
    const affiliation = role?.organizationId == null ? null : await loaders.organizationById.load(role.organizationId);
    return known({
      '@type': 'Person',
      identifier: encodeGlobalId('Speaker', speaker.id),
      name: speaker.name,
      sameAs: speaker.wikidataId == null ? null : wikidataUrl(speaker.wikidataId),
      jobTitle: role?.title,
      affiliation: affiliation ? organizationNode(affiliation) : null,
    });
  }
  if (statement.sourceOrganizationId != null) {
    const organization = await loaders.organizationById.load(statement.sourceOrganizationId);
    return organization ? organizationNode(organization) : null;
  }
  return null;
}

async function articleNode(loaders: Loaders, article: ArticleRow): Promise<JsonObject> {
  const publisher = article.publisherId == null ? null : await loaders.organizationById.load(article.publisherId);
  return known({
    '@type': 'NewsArticle',
    identifier: encodeGlobalId('Article', article.id),
    headline: article.title,
    url: article.url,
    datePublished: article.publishedAt,
    inLanguage: article.language,
    publisher: publisher ? organizationNode(publisher) : null,
  });
}

async function articlesOf(loaders: Loaders, statements: StatementRow[]): Promise<ArticleRow[]> {
  const ids = [...new Set(statements.map((statement) => statement.articleId))];
  return (await Promise.all(ids.map((id) => loaders.articleById.load(id)))).filter((article): article is ArticleRow => article != null);
}

function claimNode(
  identifier: string,
  first: StatementRow,
  author: JsonObject | null,
  appearance: JsonObject[],
  firstAppearance: JsonObject,
) {
  return known({
    '@context': SCHEMA_ORG_CONTEXT,
    '@type': 'Claim',
    identifier,
    text: first.text,
    author,
    datePublished: firstAppearance.datePublished,
    appearance,
    firstAppearance,
  });
}

/**
 * One statement as a Claim: its own article is the appearance; the first appearance is its
 * claim's earliest published article when it belongs to one, and its own article otherwise.
 */
export async function statementJsonLd(loaders: Loaders, statement: StatementRow): Promise<JsonObject> {
  const [author, article, claim] = await Promise.all([
    authorOf(loaders, statement),
    loaders.articleById.load(statement.articleId),
    loaders.claimByStatement.load(statement.id),
  ]);
  const summary = claim ? await loaders.claimSummary.load(claim.id) : null;
  const first = summary && summary.firstStatementId !== statement.id ? await loaders.statementById.load(summary.firstStatementId) : null;
  const firstArticle = first ? await loaders.articleById.load(first.articleId) : article;
  const [appearance, firstAppearance] = await Promise.all([articleNode(loaders, article!), articleNode(loaders, firstArticle!)]);
  return claimNode(encodeGlobalId('Statement', statement.id), statement, author, [appearance], firstAppearance);
}

/**
 * A claim as a Claim: the first appearance's words and author, every article it appeared in
 * (up to MAX_JSON_LD_APPEARANCES, earliest published first) and the earliest as the first.
 */
export async function claimJsonLd(loaders: Loaders, claimId: number): Promise<JsonObject | null> {
  const summary = await loaders.claimSummary.load(claimId);
  if (!summary) return null;
  const statements = (
    await Promise.all(summary.statementIds.slice(0, MAX_JSON_LD_APPEARANCES).map((id) => loaders.statementById.load(id)))
  ).filter((statement): statement is StatementRow => statement != null);
  const first = statements[0];
  const [author, articles] = await Promise.all([authorOf(loaders, first), articlesOf(loaders, statements)]);
  const appearance = await Promise.all(articles.map((article) => articleNode(loaders, article)));
  return claimNode(encodeGlobalId('Claim', claimId), first, author, appearance, appearance[0]);
}
