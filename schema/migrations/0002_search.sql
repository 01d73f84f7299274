-- Search: Postgres full-text search for what people said and wrote, trigram similarity for names
-- (so a misspelt "Amir Abdolahian" still finds Amir-Abdollahian). pg_trgm ships with Postgres
-- and with PGlite; it is trusted, so a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- One text of every name a row goes by, for trigram matching. IMMUTABLE so it can be indexed;
-- array_to_string itself is only STABLE because of element output functions, which for text[]
-- never change.
CREATE FUNCTION search_names(name text, aliases text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT name || ' ' || array_to_string(aliases, ' ')
$$;
--> statement-breakpoint
-- The queries use these exact expressions (src/search/text.ts), which is what lets the planner
-- use the indexes.
CREATE INDEX statements_text_search_idx ON statements USING gin (to_tsvector('english', text));
--> statement-breakpoint
CREATE INDEX articles_text_search_idx ON articles USING gin (
  (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B'))
);
--> statement-breakpoint
CREATE INDEX speakers_names_trgm_idx ON speakers USING gin (search_names(name, aliases) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX organizations_names_trgm_idx ON organizations USING gin (search_names(name, aliases || ARRAY[coalesce(acronym, '')]) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX countries_names_trgm_idx ON countries USING gin (search_names(name, aliases || demonyms) gin_trgm_ops);
--> statement-breakpoint
-- Filters and orders the API offers.
CREATE INDEX articles_published_at_idx ON articles ((coalesce(published_at, '-infinity'::date)), id);
--> statement-breakpoint
CREATE INDEX speaker_roles_organization_speaker_idx ON speaker_roles (organization_id, speaker_id);
