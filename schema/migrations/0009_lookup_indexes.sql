-- Lookups the writes make on every import and create, which scanned whole tables.
--
-- A new slug is checked with `slug = 'x' OR slug LIKE 'x-%'` (src/services/rows.ts freeSlug).
-- The unique indexes follow the database's collation, which LIKE cannot use unless it is "C":
-- on 13,000 articles the check took 31 ms. text_pattern_ops compares bytes, as LIKE needs.
CREATE INDEX articles_slug_pattern_idx ON articles (slug text_pattern_ops);
--> statement-breakpoint
CREATE INDEX speakers_slug_pattern_idx ON speakers (slug text_pattern_ops);
--> statement-breakpoint
CREATE INDEX organizations_slug_pattern_idx ON organizations (slug text_pattern_ops);
--> statement-breakpoint
-- An imported quotation's speaker is found by name or alias, ignoring case
-- (src/services/entity-matching.ts speakersNamed): 3 to 5 ms a name by a scan of every speaker.
-- IMMUTABLE so it can be indexed; lower() of text never changes.
CREATE FUNCTION lowercase_names(names text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(lower(name)), '{}') FROM unnest(names) AS name
$$;
--> statement-breakpoint
CREATE INDEX speakers_name_lower_idx ON speakers (lower(name));
--> statement-breakpoint
CREATE INDEX speakers_aliases_lower_idx ON speakers USING gin (lowercase_names(aliases));
