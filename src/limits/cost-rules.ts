/**
 * What the cost analysis (cost.ts) charges beyond its base of 2 per object and 1 per scalar. One
 * point is about one small value of the answer (a name, a date, an ID: some 50 bytes of JSON), so
 * MAX_COST reads as the size of the largest answer allowed. Every name here is checked against
 * the schema by test/limits-size.test.ts, so a renamed field cannot drop its price silently.
 */

/**
 * Text with no bound but the request body's (MAX_BODY_BYTES), priced as that many small values.
 * An article's body averages a few kilobytes (the seed's is 2.7 KB): 100 points. Bodies of a
 * megabyte exist too; those the response limit (MAX_RESPONSE_BYTES) stops, not the cost.
 */
export const FIELD_COSTS: Record<string, number> = {
  'Article.body': 100,
  // Each snippet is ts_headline over up to 10,000 characters of its hit's text (src/search/index.ts).
  'SearchEdge.snippet': 100,
  // schema.org JSON-LD (src/json-ld/claim.ts): some 25 values for a statement's, and as many
  // per article for a claim's, whose appearances stop at 100; most claims have a handful.
  'Statement.jsonLd': 25,
  'Claim.jsonLd': 250,
};

/**
 * Search reads text and ranks it: on the benchmark's data a search takes about twice the time of
 * the 4-level nested query (2,940 points), whatever its page size. Charged once per field that
 * searches, on top of what its answer costs: `search(query:)` unites five searches and counts
 * them; a `filter: { search }` (statements, articles) is one match.
 */
export const SEARCH_COSTS: Record<string, number> = {
  'Query.search': 2_000,
};
export const SEARCH_FILTER_COST = 1_000;

/**
 * Lists that are neither a connection's page nor `nodes(ids:)`: what each holds at most, as far
 * as the data goes. Nothing enforces these; they make a list cost its likely size rather than
 * one value, and the response limit bounds what they miss.
 */
export const LIST_LENGTHS: Record<string, number> = {
  // One to three reasons; the suggestions from one statement are at most CLUSTERING.maxCandidates.
  'ReviewQueueEdge.reasons': 3,
  'ReviewQueueEdge.suggestedLinks': 20,
  'ArticleImport.createdSpeakers': 50,
  'ArticleImport.statements': 100,
  'Country.aliases': 10,
  'Country.demonyms': 10,
  'Organization.aliases': 10,
  'Speaker.aliases': 10,
  'Speaker.roles': 10,
  'Statement.mentions': 20,
  'Statement.relations': 20,
  // WORDS_ADDED, NEGATION_LOST, FRAGMENT: at most all three.
  'ClaimAppearanceEdge.meaningChanges': 3,
  'Query.apiTokens': 100,
  'UserError.path': 5,
  'ValidationError.path': 5,
  'NotFoundError.path': 5,
  'ConflictError.path': 5,
};
