import { sql, type SQL } from 'drizzle-orm';
import { articles, countries, organizations, speakers, statements } from '../../schema';
import { badUserInput } from '../core/errors';

/**
 * The search expressions, written once. The documents are the stored, GIN-indexed columns of
 * migration 0003 (the title weighted above the body, so an article about drones outranks one that
 * mentions them once); the name expressions must stay identical to the trigram indexes of 0002.
 */

export const statementDocument = sql`${statements}.search_vector`;
export const articleDocument = sql`${articles}.search_vector`;

export const speakerNames = sql`search_names(${speakers.name}, ${speakers.aliases})`;
export const organizationNames = sql`search_names(${organizations.name}, ${organizations.aliases} || ARRAY[coalesce(${organizations.acronym}, '')])`;
export const countryNames = sql`search_names(${countries.name}, ${countries.aliases} || ${countries.demonyms})`;

export const MAX_SEARCH_LENGTH = 200;

/** A search string as users type it, checked: it becomes a query, never SQL syntax. */
export function searchText(text: string, argument: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw badUserInput(`\`${argument}\` must not be empty.`, { argument });
  // Postgres text cannot hold NUL; refused here rather than failing in the database.
  if (trimmed.includes('\u0000')) throw badUserInput(`\`${argument}\` must not contain NUL characters.`, { argument });
  if (trimmed.length > MAX_SEARCH_LENGTH) {
    throw badUserInput(`\`${argument}\` takes at most ${MAX_SEARCH_LENGTH} characters.`, { argument });
  }
  return trimmed;
}

/** websearch_to_tsquery accepts any input ("quoted phrases", or, -not) without syntax errors. */
export const textQuery = (text: string) => sql`websearch_to_tsquery('english', ${text})`;

export const matchesText = (document: SQL, text: string) => sql`${document} @@ ${textQuery(text)}`;

/**
 * A name matches when one of its words is close to the query (pg_trgm's word similarity, so
 * "Amir Abdolahian" finds "Amir-Abdollahian"), or when it contains the query as typed (so a
 * short prefix like "Bid" still finds Biden).
 */
export function matchesName(names: SQL, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`(${text} <% ${names} OR ${names} ILIKE ${pattern})`;
}
