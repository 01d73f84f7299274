ALTER TABLE "statements" ADD COLUMN "source_organization_id" integer;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "source_description" text;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_source_organization_id_organizations_id_fk" FOREIGN KEY ("source_organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statements_source_organization_id_idx" ON "statements" USING btree ("source_organization_id");--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_one_source" CHECK ("statements"."speaker_id" IS NULL OR ("statements"."source_organization_id" IS NULL AND "statements"."source_description" IS NULL));--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_source_description_not_blank" CHECK (btrim("statements"."source_description") <> '' AND length("statements"."source_description") <= 300);--> statement-breakpoint
-- Search finds a statement by its unnamed source's description too ("police source"), so that
-- anonymous sourcing can be searched as well as filtered. The column is generated, so it is
-- made again with the new expression, and its index with it (fastupdate off, as in 0010).
ALTER TABLE statements DROP COLUMN search_vector;
--> statement-breakpoint
ALTER TABLE statements ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (to_tsvector('english', text) || to_tsvector('english', coalesce(source_description, ''))) STORED;
--> statement-breakpoint
CREATE INDEX statements_search_vector_idx ON statements USING gin (search_vector) WITH (fastupdate = off);
