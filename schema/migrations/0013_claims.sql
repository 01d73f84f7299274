CREATE TYPE "public"."claim_link_status" AS ENUM('LINKED', 'SUGGESTED', 'CONFIRMED', 'REJECTED');--> statement-breakpoint
CREATE TABLE "claim_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "claim_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"from_statement_id" integer NOT NULL,
	"to_statement_id" integer NOT NULL,
	"score" real NOT NULL,
	"reason" text NOT NULL,
	"status" "claim_link_status" NOT NULL,
	"relation_id" integer,
	"decided_by" text,
	"decided_by_token_id" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claim_links_from_to_key" UNIQUE("from_statement_id","to_statement_id"),
	CONSTRAINT "claim_links_not_self" CHECK ("claim_links"."from_statement_id" <> "claim_links"."to_statement_id"),
	CONSTRAINT "claim_links_score_range" CHECK ("claim_links"."score" BETWEEN 0 AND 1),
	CONSTRAINT "claim_links_reason_not_blank" CHECK (btrim("claim_links"."reason") <> ''),
	CONSTRAINT "claim_links_decision" CHECK (("claim_links"."status" = 'SUGGESTED') = ("claim_links"."decided_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "claim_statements" (
	"statement_id" integer PRIMARY KEY NOT NULL,
	"claim_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "claim_links" ADD CONSTRAINT "claim_links_from_statement_id_statements_id_fk" FOREIGN KEY ("from_statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_links" ADD CONSTRAINT "claim_links_to_statement_id_statements_id_fk" FOREIGN KEY ("to_statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_links" ADD CONSTRAINT "claim_links_relation_id_statement_relations_id_fk" FOREIGN KEY ("relation_id") REFERENCES "public"."statement_relations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_links" ADD CONSTRAINT "claim_links_decided_by_token_id_api_tokens_id_fk" FOREIGN KEY ("decided_by_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_statements" ADD CONSTRAINT "claim_statements_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_statements" ADD CONSTRAINT "claim_statements_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_links_to_statement_id_idx" ON "claim_links" USING btree ("to_statement_id");--> statement-breakpoint
CREATE INDEX "claim_links_status_idx" ON "claim_links" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "claim_links_relation_id_idx" ON "claim_links" USING btree ("relation_id");--> statement-breakpoint
CREATE INDEX "claim_links_decided_by_token_id_idx" ON "claim_links" USING btree ("decided_by_token_id");--> statement-breakpoint
CREATE INDEX "claim_statements_claim_id_idx" ON "claim_statements" USING btree ("claim_id");--> statement-breakpoint
CREATE TRIGGER claims_touch_updated_at BEFORE UPDATE ON claims FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER claim_links_touch_updated_at BEFORE UPDATE ON claim_links FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
-- Clustering on filing compares a new statement with stored ones by trigram similarity
-- (src/services/claims.ts); statements with no named source are compared with all of them.
CREATE INDEX statements_text_trgm_idx ON statements USING gin (text gin_trgm_ops) WITH (fastupdate = off);
--> statement-breakpoint
-- A claim is a connected component of the REPEATS graph; claim_statements lists its members.
-- These functions keep it true whoever writes the relations (importer, editor, cascade,
-- restore), in the writer's transaction. Joining two statements merges their claims into the
-- older one. The two statements' rows are locked first (a lock only: the rows are not
-- rewritten), so a concurrent join waits and then reads the other's result.
CREATE FUNCTION claims_join(a integer, b integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  claim_a integer;
  claim_b integer;
  kept integer;
BEGIN
  PERFORM 1 FROM statements WHERE id IN (a, b) ORDER BY id FOR NO KEY UPDATE;
  SELECT claim_id INTO claim_a FROM claim_statements WHERE statement_id = a;
  SELECT claim_id INTO claim_b FROM claim_statements WHERE statement_id = b;
  IF claim_a IS NOT NULL AND claim_a = claim_b THEN
    RETURN;
  END IF;
  IF claim_a IS NULL AND claim_b IS NULL THEN
    INSERT INTO claims DEFAULT VALUES RETURNING id INTO kept;
  ELSIF claim_a IS NULL OR claim_b IS NULL THEN
    kept := coalesce(claim_a, claim_b);
  ELSE
    kept := least(claim_a, claim_b);
    UPDATE claim_statements SET claim_id = kept WHERE claim_id = greatest(claim_a, claim_b);
    DELETE FROM claims WHERE id = greatest(claim_a, claim_b);
  END IF;
  INSERT INTO claim_statements (statement_id, claim_id)
    SELECT id, kept FROM unnest(ARRAY[a, b]) AS id
    ON CONFLICT (statement_id) DO NOTHING;
  UPDATE claims SET updated_at = now() WHERE id = kept;
END $$;
--> statement-breakpoint
-- After a REPEATS relation goes, its claim may fall apart: its members are grouped again by
-- walking the relations that remain. The first group keeps the claim's id, the others get new
-- claims, and a statement left alone has none. A statement being deleted (a cascade) is no
-- longer visible, and drops out.
CREATE FUNCTION claims_split(claim integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  members integer[];
  seed integer;
  component integer[];
  target integer;
  reused boolean := false;
BEGIN
  IF claim IS NULL THEN
    RETURN;
  END IF;
  PERFORM 1 FROM claims WHERE id = claim FOR UPDATE;
  members := ARRAY(SELECT m.statement_id FROM claim_statements m JOIN statements s ON s.id = m.statement_id WHERE m.claim_id = claim ORDER BY 1);
  DELETE FROM claim_statements WHERE claim_id = claim;
  FOREACH seed IN ARRAY members LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM claim_statements WHERE statement_id = seed);
    component := ARRAY(
      WITH RECURSIVE reached(id) AS (
        SELECT seed
        UNION
        SELECT CASE WHEN r.from_statement_id = reached.id THEN r.to_statement_id ELSE r.from_statement_id END
        FROM reached
        JOIN statement_relations r ON r.kind = 'REPEATS' AND (r.from_statement_id = reached.id OR r.to_statement_id = reached.id)
      )
      SELECT reached.id FROM reached JOIN statements s ON s.id = reached.id
    );
    CONTINUE WHEN cardinality(component) < 2;
    IF reused THEN
      INSERT INTO claims DEFAULT VALUES RETURNING id INTO target;
    ELSE
      target := claim;
      reused := true;
    END IF;
    INSERT INTO claim_statements (statement_id, claim_id) SELECT unnest(component), target;
  END LOOP;
  IF reused THEN
    UPDATE claims SET updated_at = now() WHERE id = claim;
  ELSE
    DELETE FROM claims WHERE id = claim;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION statement_relations_keep_claims() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  from_claim integer;
  to_claim integer;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.kind = 'REPEATS' THEN
    -- A cascade from a deleted statement may have taken that end's membership already.
    SELECT claim_id INTO from_claim FROM claim_statements WHERE statement_id = OLD.from_statement_id;
    SELECT claim_id INTO to_claim FROM claim_statements WHERE statement_id = OLD.to_statement_id;
    PERFORM claims_split(coalesce(from_claim, to_claim));
    IF from_claim IS DISTINCT FROM to_claim AND from_claim IS NOT NULL THEN
      PERFORM claims_split(to_claim);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'REPEATS' THEN
    PERFORM claims_join(NEW.from_statement_id, NEW.to_statement_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_relations_keep_claims
  AFTER INSERT OR DELETE OR UPDATE OF kind, from_statement_id, to_statement_id ON statement_relations
  FOR EACH ROW EXECUTE FUNCTION statement_relations_keep_claims();
