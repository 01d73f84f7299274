CREATE TYPE "public"."statement_review_status" AS ENUM('CONFIRMED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."statement_change_kind" AS ENUM('EDITED', 'CONFIRMED', 'REATTRIBUTED', 'SPAN_CORRECTED', 'REJECTED', 'DELETED', 'RELATION_ADDED', 'RELATION_REMOVED', 'LINK_CONFIRMED', 'LINK_REJECTED');--> statement-breakpoint
CREATE TABLE "statement_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "statement_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"statement_id" integer NOT NULL,
	"related_statement_id" integer,
	"kind" "statement_change_kind" NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"changed_by" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statement_changes_changed_by_not_blank" CHECK (btrim("statement_changes"."changed_by") <> ''),
	CONSTRAINT "statement_changes_reason_length" CHECK (btrim("statement_changes"."reason") <> '' AND length("statement_changes"."reason") <= 2000),
	CONSTRAINT "statement_changes_before_object" CHECK (jsonb_typeof("statement_changes"."before") = 'object'),
	CONSTRAINT "statement_changes_after_object" CHECK (jsonb_typeof("statement_changes"."after") = 'object'),
	CONSTRAINT "statement_changes_something" CHECK ("statement_changes"."before" IS NOT NULL OR "statement_changes"."after" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "review_status" "statement_review_status";--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "statement_changes_statement_id_idx" ON "statement_changes" USING btree ("statement_id","id");--> statement-breakpoint
CREATE INDEX "statement_changes_related_statement_id_idx" ON "statement_changes" USING btree ("related_statement_id","id");--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_review" CHECK (("statements"."review_status" IS NULL) = ("statements"."reviewed_at" IS NULL) AND ("statements"."review_status" IS NULL) = ("statements"."reviewed_by" IS NULL));--> statement-breakpoint
-- By hand from here: the corrections history's triggers. Who and why come from the settings the
-- API's services give their transaction (src/services/history.ts); a change made outside the API
-- says which database role made it.
CREATE FUNCTION statement_change_actor() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('newskb.actor', true), ''), 'database:' || session_user)
$$;
--> statement-breakpoint
CREATE FUNCTION statement_change_reason() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('newskb.reason', true), '')
$$;
--> statement-breakpoint
-- A restore copies a dump's history with the rest (src/dump/restore.ts): what it inserts is not
-- recorded a second time.
CREATE FUNCTION statement_changes_recording() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('newskb.restoring', true), '') <> 'on'
$$;
--> statement-breakpoint
-- A statement's changed columns, before and after (the timestamps and the search vector left
-- out); a deletion keeps the whole row as it was. The kind is the service's (newskb.change:
-- CONFIRMED, REATTRIBUTED...), EDITED otherwise. Filing a statement is not a change: its row
-- says when it was filed.
CREATE FUNCTION statements_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_values jsonb := to_jsonb(OLD) - 'id' - 'created_at' - 'updated_at' - 'search_vector';
  new_values jsonb;
  changed_before jsonb;
  changed_after jsonb;
BEGIN
  IF NOT statement_changes_recording() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO statement_changes (statement_id, kind, before, changed_by, reason)
    VALUES (OLD.id, 'DELETED', old_values, statement_change_actor(), statement_change_reason());
    RETURN NULL;
  END IF;
  new_values := to_jsonb(NEW) - 'id' - 'created_at' - 'updated_at' - 'search_vector';
  SELECT jsonb_object_agg(o.key, o.value), jsonb_object_agg(o.key, n.value)
    INTO changed_before, changed_after
    FROM jsonb_each(old_values) o JOIN jsonb_each(new_values) n ON n.key = o.key
    WHERE o.value IS DISTINCT FROM n.value;
  IF changed_before IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO statement_changes (statement_id, kind, before, after, changed_by, reason)
  VALUES (
    NEW.id,
    coalesce(nullif(current_setting('newskb.change', true), ''), 'EDITED')::statement_change_kind,
    changed_before,
    changed_after,
    statement_change_actor(),
    statement_change_reason()
  );
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_record_change AFTER UPDATE OR DELETE ON statements
  FOR EACH ROW EXECUTE FUNCTION statements_record_change();
--> statement-breakpoint
-- A relation added or removed is a change of both its statements: filed under `from`, with `to`
-- as the related statement, and listed in the history of each.
CREATE FUNCTION statement_relations_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT statement_changes_recording() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO statement_changes (statement_id, related_statement_id, kind, after, changed_by, reason)
    VALUES (NEW.from_statement_id, NEW.to_statement_id, 'RELATION_ADDED', to_jsonb(NEW) - 'created_at' - 'updated_at',
      statement_change_actor(), statement_change_reason());
  ELSE
    INSERT INTO statement_changes (statement_id, related_statement_id, kind, before, changed_by, reason)
    VALUES (OLD.from_statement_id, OLD.to_statement_id, 'RELATION_REMOVED', to_jsonb(OLD) - 'created_at' - 'updated_at',
      statement_change_actor(), statement_change_reason());
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_relations_record_change AFTER INSERT OR DELETE ON statement_relations
  FOR EACH ROW EXECUTE FUNCTION statement_relations_record_change();
--> statement-breakpoint
-- An editor settling a suggested claim link (a confirmation also adds its REPEATS relation,
-- recorded above).
CREATE FUNCTION claim_links_record_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT statement_changes_recording() THEN
    RETURN NULL;
  END IF;
  INSERT INTO statement_changes (statement_id, related_statement_id, kind, before, after, changed_by, reason)
  VALUES (
    NEW.from_statement_id,
    NEW.to_statement_id,
    CASE NEW.status WHEN 'CONFIRMED' THEN 'LINK_CONFIRMED' ELSE 'LINK_REJECTED' END::statement_change_kind,
    jsonb_build_object('claim_link_id', OLD.id, 'status', OLD.status),
    jsonb_build_object('claim_link_id', NEW.id, 'status', NEW.status, 'relation_id', NEW.relation_id, 'score', NEW.score, 'reason', NEW.reason),
    statement_change_actor(),
    statement_change_reason()
  );
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER claim_links_record_decision AFTER UPDATE OF status ON claim_links
  FOR EACH ROW WHEN (OLD.status = 'SUGGESTED' AND NEW.status IN ('CONFIRMED', 'REJECTED'))
  EXECUTE FUNCTION claim_links_record_decision();
--> statement-breakpoint
-- Never rewritten: the history takes inserts only, whoever asks (the table's owner included).
CREATE FUNCTION statement_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'statement_changes is append-only: % is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'The corrections history is never rewritten.';
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_changes_append_only BEFORE UPDATE OR DELETE ON statement_changes
  FOR EACH ROW EXECUTE FUNCTION statement_changes_append_only();
--> statement-breakpoint
CREATE TRIGGER statement_changes_no_truncate BEFORE TRUNCATE ON statement_changes
  FOR EACH STATEMENT EXECUTE FUNCTION statement_changes_append_only();
