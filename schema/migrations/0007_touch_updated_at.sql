-- updated_at moves only when something else in the row changed: an upsert that rewrites the
-- same values (re-running the seed) leaves the row as it was. search_vector is left out of the
-- comparison because a BEFORE trigger sees generated columns before they are computed.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'updated_at' - 'search_vector') IS DISTINCT FROM (to_jsonb(OLD) - 'updated_at' - 'search_vector') THEN
    NEW.updated_at := now();
  ELSE
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER countries_touch_updated_at BEFORE UPDATE ON countries FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER organizations_touch_updated_at BEFORE UPDATE ON organizations FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER memberships_touch_updated_at BEFORE UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER speakers_touch_updated_at BEFORE UPDATE ON speakers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER speaker_roles_touch_updated_at BEFORE UPDATE ON speaker_roles FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER articles_touch_updated_at BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER article_relations_touch_updated_at BEFORE UPDATE ON article_relations FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER statements_touch_updated_at BEFORE UPDATE ON statements FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER mentions_touch_updated_at BEFORE UPDATE ON mentions FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
