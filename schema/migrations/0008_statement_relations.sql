CREATE TYPE "public"."statement_location" AS ENUM('BODY', 'HEADLINE');--> statement-breakpoint
CREATE TYPE "public"."statement_relation_kind" AS ENUM('SUPPORTS', 'CONTRADICTS', 'RESPONDS_TO', 'REPEATS');--> statement-breakpoint
CREATE TABLE "statement_relations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "statement_relations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"from_statement_id" integer NOT NULL,
	"to_statement_id" integer NOT NULL,
	"kind" "statement_relation_kind" NOT NULL,
	"note" text,
	"asserted_by" text NOT NULL,
	"created_by_token_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statement_relations_from_to_kind_key" UNIQUE("from_statement_id","to_statement_id","kind"),
	CONSTRAINT "statement_relations_not_self" CHECK ("statement_relations"."from_statement_id" <> "statement_relations"."to_statement_id"),
	CONSTRAINT "statement_relations_asserted_by_not_blank" CHECK (btrim("statement_relations"."asserted_by") <> '')
);
--> statement-breakpoint
ALTER TABLE "statements" DROP CONSTRAINT "statements_speaker_role_fk";
--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "location" "statement_location" DEFAULT 'BODY' NOT NULL;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "attribution_confidence" real;--> statement-breakpoint
ALTER TABLE "statement_relations" ADD CONSTRAINT "statement_relations_from_statement_id_statements_id_fk" FOREIGN KEY ("from_statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_relations" ADD CONSTRAINT "statement_relations_to_statement_id_statements_id_fk" FOREIGN KEY ("to_statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_relations" ADD CONSTRAINT "statement_relations_created_by_token_id_api_tokens_id_fk" FOREIGN KEY ("created_by_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statement_relations_to_statement_id_idx" ON "statement_relations" USING btree ("to_statement_id");--> statement-breakpoint
CREATE INDEX "statement_relations_created_by_token_id_idx" ON "statement_relations" USING btree ("created_by_token_id");--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_speaker_role_fk" FOREIGN KEY ("speaker_role_id","speaker_id") REFERENCES "public"."speaker_roles"("id","speaker_id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_attribution_confidence_range" CHECK ("statements"."attribution_confidence" BETWEEN 0 AND 1);--> statement-breakpoint
-- A HEADLINE statement's span counts in the article's title, a BODY statement's in its body.
CREATE OR REPLACE FUNCTION statements_check_span() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  located_text text;
BEGIN
  SELECT CASE WHEN NEW.location = 'HEADLINE' THEN title ELSE body END INTO located_text
    FROM articles WHERE id = NEW.article_id;
  IF utf16_slice(located_text, NEW.span_start, NEW.span_end) IS DISTINCT FROM NEW.text THEN
    RAISE EXCEPTION 'statement span [%, %) does not hold its text in the % of article %',
      NEW.span_start, NEW.span_end, lower(NEW.location::text), NEW.article_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'statements_span_matches_body';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER statements_span_matches_body ON statements;
--> statement-breakpoint
CREATE TRIGGER statements_span_matches_body
  BEFORE INSERT OR UPDATE OF article_id, text, span_start, span_end, location ON statements
  FOR EACH ROW EXECUTE FUNCTION statements_check_span();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION articles_check_statement_spans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM statements s
    WHERE s.article_id = NEW.id
      AND utf16_slice(CASE WHEN s.location = 'HEADLINE' THEN NEW.title ELSE NEW.body END, s.span_start, s.span_end)
        IS DISTINCT FROM s.text
  ) THEN
    RAISE EXCEPTION 'the new text of article % no longer holds the text of its statements', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'statements_span_matches_body';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER articles_body_keeps_statement_spans ON articles;
--> statement-breakpoint
CREATE TRIGGER articles_body_keeps_statement_spans
  AFTER UPDATE OF body, title ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_check_statement_spans();
--> statement-breakpoint
CREATE TRIGGER statement_relations_touch_updated_at
  BEFORE UPDATE ON statement_relations
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
