-- Ranking reads each matching row's tsvector. Computed from the text on the fly, ranking the
-- 5,000 articles that match a common word took about a second on the benchmark data; stored,
-- it is read from disk. The columns are generated, so they can never disagree with the text.
-- They are deliberately not in the Drizzle tables: no query but search should ever load them.
ALTER TABLE statements ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (to_tsvector('english', text)) STORED;
--> statement-breakpoint
ALTER TABLE articles ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B')
  ) STORED;
--> statement-breakpoint
DROP INDEX statements_text_search_idx;
--> statement-breakpoint
DROP INDEX articles_text_search_idx;
--> statement-breakpoint
CREATE INDEX statements_search_vector_idx ON statements USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX articles_search_vector_idx ON articles USING gin (search_vector);
