-- Spans count UTF-16 code units, as JavaScript's String.prototype.slice does, so that a client's
-- body.slice(start, end) returns the statement's text. Postgres counts characters (code points);
-- the two differ only for characters outside the Basic Multilingual Plane (emoji, some scripts).
CREATE FUNCTION utf16_slice(body text, start_unit integer, end_unit integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  units integer := 0;
  char_index integer := 1;
  char_count integer := char_length(body);
  start_char integer;
  end_char integer;
BEGIN
  IF body !~ '[\U00010000-\U0010FFFF]' THEN
    RETURN substr(body, start_unit + 1, end_unit - start_unit);
  END IF;
  LOOP
    IF units = start_unit THEN start_char := char_index; END IF;
    IF units = end_unit THEN end_char := char_index; EXIT; END IF;
    EXIT WHEN char_index > char_count OR units > end_unit;
    units := units + CASE WHEN ascii(substr(body, char_index, 1)) > 65535 THEN 2 ELSE 1 END;
    char_index := char_index + 1;
  END LOOP;
  -- A span that splits a surrogate pair or runs past the end holds no text.
  IF start_char IS NULL OR end_char IS NULL THEN RETURN NULL; END IF;
  RETURN substr(body, start_char, end_char - start_char);
END $$;
--> statement-breakpoint
CREATE FUNCTION statements_check_span() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  article_body text;
BEGIN
  SELECT body INTO article_body FROM articles WHERE id = NEW.article_id;
  IF utf16_slice(article_body, NEW.span_start, NEW.span_end) IS DISTINCT FROM NEW.text THEN
    RAISE EXCEPTION 'statement span [%, %) does not hold its text in article %',
      NEW.span_start, NEW.span_end, NEW.article_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'statements_span_matches_body';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_span_matches_body
  BEFORE INSERT OR UPDATE OF article_id, text, span_start, span_end ON statements
  FOR EACH ROW EXECUTE FUNCTION statements_check_span();
--> statement-breakpoint
CREATE FUNCTION articles_check_statement_spans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM statements s
    WHERE s.article_id = NEW.id
      AND utf16_slice(NEW.body, s.span_start, s.span_end) IS DISTINCT FROM s.text
  ) THEN
    RAISE EXCEPTION 'the new body of article % no longer holds the text of its statements', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'statements_span_matches_body';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER articles_body_keeps_statement_spans
  AFTER UPDATE OF body ON articles
  FOR EACH ROW EXECUTE FUNCTION articles_check_statement_spans();
