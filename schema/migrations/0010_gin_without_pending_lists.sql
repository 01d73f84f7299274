-- The search indexes take each insert at once instead of queueing it in GIN's pending list.
-- Every search reads the whole pending list of each index it uses, and the list is emptied only
-- by (auto)vacuum or analyze, gin_clean_pending_list(), or on reaching 4 MB: with autovacuum off
-- or behind, a 10-minute soak of imports
-- left 6,000 speakers and 12,000 statements in the lists, and searches 5 ms slower. Inserts pay a
-- little more, once; searches, which are many more, no longer pay at all.
ALTER INDEX statements_search_vector_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX articles_search_vector_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX speakers_names_trgm_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX organizations_names_trgm_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX countries_names_trgm_idx SET (fastupdate = off);
--> statement-breakpoint
-- What is already pending moves into the indexes now.
SELECT gin_clean_pending_list(index_name::regclass)
FROM unnest(ARRAY['statements_search_vector_idx', 'articles_search_vector_idx', 'speakers_names_trgm_idx', 'organizations_names_trgm_idx', 'countries_names_trgm_idx']) AS index_name;
