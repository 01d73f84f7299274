CREATE TYPE "public"."organization_kind" AS ENUM('INTERGOVERNMENTAL', 'GOVERNMENT', 'MEDIA', 'NGO', 'COMPANY', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."article_relation_kind" AS ENUM('RELATED_NEWS', 'READ_MORE');--> statement-breakpoint
CREATE TYPE "public"."statement_kind" AS ENUM('DIRECT_QUOTE', 'PARAPHRASE');--> statement-breakpoint
CREATE TABLE "countries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "countries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"alpha2" text NOT NULL,
	"alpha3" text NOT NULL,
	"name" text NOT NULL,
	"official_name" text,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"demonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"wikidata_id" text,
	CONSTRAINT "countries_alpha2_unique" UNIQUE("alpha2"),
	CONSTRAINT "countries_alpha3_unique" UNIQUE("alpha3"),
	CONSTRAINT "countries_wikidata_id_unique" UNIQUE("wikidata_id"),
	CONSTRAINT "countries_alpha2_format" CHECK ("countries"."alpha2" ~ '^[A-Z]{2}$'),
	CONSTRAINT "countries_alpha3_format" CHECK ("countries"."alpha3" ~ '^[A-Z]{3}$'),
	CONSTRAINT "countries_name_not_blank" CHECK (btrim("countries"."name") <> ''),
	CONSTRAINT "countries_wikidata_id_format" CHECK ("countries"."wikidata_id" ~ '^Q[1-9][0-9]*$')
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "memberships_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organization_id" integer NOT NULL,
	"country_id" integer NOT NULL,
	"since" date,
	"until" date,
	CONSTRAINT "memberships_organization_country_since_key" UNIQUE NULLS NOT DISTINCT("organization_id","country_id","since"),
	CONSTRAINT "memberships_period_order" CHECK ("memberships"."until" >= "memberships"."since")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"acronym" text,
	"kind" "organization_kind" NOT NULL,
	"country_id" integer,
	"description" text,
	"wikidata_id" text,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug"),
	CONSTRAINT "organizations_wikidata_id_unique" UNIQUE("wikidata_id"),
	CONSTRAINT "organizations_slug_format" CHECK ("organizations"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "organizations_name_not_blank" CHECK (btrim("organizations"."name") <> ''),
	CONSTRAINT "organizations_wikidata_id_format" CHECK ("organizations"."wikidata_id" ~ '^Q[1-9][0-9]*$')
);
--> statement-breakpoint
CREATE TABLE "speaker_roles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "speaker_roles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"speaker_id" integer NOT NULL,
	"title" text NOT NULL,
	"organization_id" integer,
	"country_id" integer,
	"start_date" date,
	"end_date" date,
	CONSTRAINT "speaker_roles_id_speaker_id_key" UNIQUE("id","speaker_id"),
	CONSTRAINT "speaker_roles_speaker_title_start_key" UNIQUE NULLS NOT DISTINCT("speaker_id","title","start_date"),
	CONSTRAINT "speaker_roles_title_not_blank" CHECK (btrim("speaker_roles"."title") <> ''),
	CONSTRAINT "speaker_roles_period_order" CHECK ("speaker_roles"."end_date" >= "speaker_roles"."start_date")
);
--> statement-breakpoint
CREATE TABLE "speakers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "speakers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"country_id" integer,
	"description" text,
	"wikidata_id" text,
	CONSTRAINT "speakers_slug_unique" UNIQUE("slug"),
	CONSTRAINT "speakers_wikidata_id_unique" UNIQUE("wikidata_id"),
	CONSTRAINT "speakers_slug_format" CHECK ("speakers"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "speakers_name_not_blank" CHECK (btrim("speakers"."name") <> ''),
	CONSTRAINT "speakers_wikidata_id_format" CHECK ("speakers"."wikidata_id" ~ '^Q[1-9][0-9]*$')
);
--> statement-breakpoint
CREATE TABLE "article_relations" (
	"article_id" integer NOT NULL,
	"related_article_id" integer NOT NULL,
	"kind" "article_relation_kind" NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "article_relations_article_id_related_article_id_pk" PRIMARY KEY("article_id","related_article_id"),
	CONSTRAINT "article_relations_article_position_key" UNIQUE("article_id","position"),
	CONSTRAINT "article_relations_not_self" CHECK ("article_relations"."article_id" <> "article_relations"."related_article_id"),
	CONSTRAINT "article_relations_position_positive" CHECK ("article_relations"."position" > 0)
);
--> statement-breakpoint
CREATE TABLE "articles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "articles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"url" text,
	"publisher_id" integer,
	"published_at" date,
	"dateline" text,
	"language" text,
	CONSTRAINT "articles_slug_unique" UNIQUE("slug"),
	CONSTRAINT "articles_url_unique" UNIQUE("url"),
	CONSTRAINT "articles_slug_format" CHECK ("articles"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "articles_title_not_blank" CHECK (btrim("articles"."title") <> ''),
	CONSTRAINT "articles_url_format" CHECK ("articles"."url" ~ '^https?://[^[:space:]]+$'),
	CONSTRAINT "articles_language_format" CHECK ("articles"."language" ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$')
);
--> statement-breakpoint
CREATE TABLE "mentions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mentions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"article_id" integer NOT NULL,
	"statement_id" integer,
	"country_id" integer,
	"organization_id" integer,
	"speaker_id" integer,
	CONSTRAINT "mentions_target_key" UNIQUE NULLS NOT DISTINCT("article_id","statement_id","country_id","organization_id","speaker_id"),
	CONSTRAINT "mentions_one_target" CHECK (num_nonnulls("mentions"."country_id", "mentions"."organization_id", "mentions"."speaker_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "statements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"article_id" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" "statement_kind" NOT NULL,
	"text" text NOT NULL,
	"speaker_id" integer,
	"speaker_role_id" integer,
	"span_start" integer NOT NULL,
	"span_end" integer NOT NULL,
	"attribution_verb" text,
	CONSTRAINT "statements_article_position_key" UNIQUE("article_id","position"),
	CONSTRAINT "statements_id_article_id_key" UNIQUE("id","article_id"),
	CONSTRAINT "statements_role_needs_speaker" CHECK ("statements"."speaker_role_id" IS NULL OR "statements"."speaker_id" IS NOT NULL),
	CONSTRAINT "statements_span_order" CHECK (0 <= "statements"."span_start" AND "statements"."span_start" < "statements"."span_end"),
	CONSTRAINT "statements_position_positive" CHECK ("statements"."position" > 0),
	CONSTRAINT "statements_text_not_blank" CHECK (btrim("statements"."text") <> '')
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_country_id_countries_id_fk" FOREIGN KEY ("country_id") REFERENCES "public"."countries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_country_id_countries_id_fk" FOREIGN KEY ("country_id") REFERENCES "public"."countries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_roles" ADD CONSTRAINT "speaker_roles_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_roles" ADD CONSTRAINT "speaker_roles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_roles" ADD CONSTRAINT "speaker_roles_country_id_countries_id_fk" FOREIGN KEY ("country_id") REFERENCES "public"."countries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speakers" ADD CONSTRAINT "speakers_country_id_countries_id_fk" FOREIGN KEY ("country_id") REFERENCES "public"."countries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_relations" ADD CONSTRAINT "article_relations_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_relations" ADD CONSTRAINT "article_relations_related_article_id_articles_id_fk" FOREIGN KEY ("related_article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_publisher_id_organizations_id_fk" FOREIGN KEY ("publisher_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_country_id_countries_id_fk" FOREIGN KEY ("country_id") REFERENCES "public"."countries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentions" ADD CONSTRAINT "mentions_statement_fk" FOREIGN KEY ("statement_id","article_id") REFERENCES "public"."statements"("id","article_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_speaker_role_fk" FOREIGN KEY ("speaker_role_id","speaker_id") REFERENCES "public"."speaker_roles"("id","speaker_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memberships_country_id_idx" ON "memberships" USING btree ("country_id");--> statement-breakpoint
CREATE INDEX "organizations_country_id_idx" ON "organizations" USING btree ("country_id");--> statement-breakpoint
CREATE INDEX "speaker_roles_organization_id_idx" ON "speaker_roles" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "speaker_roles_country_id_idx" ON "speaker_roles" USING btree ("country_id");--> statement-breakpoint
CREATE INDEX "speakers_country_id_idx" ON "speakers" USING btree ("country_id");--> statement-breakpoint
CREATE INDEX "article_relations_related_article_id_idx" ON "article_relations" USING btree ("related_article_id");--> statement-breakpoint
CREATE INDEX "articles_publisher_id_idx" ON "articles" USING btree ("publisher_id");--> statement-breakpoint
CREATE INDEX "mentions_statement_id_idx" ON "mentions" USING btree ("statement_id");--> statement-breakpoint
CREATE INDEX "mentions_country_id_idx" ON "mentions" USING btree ("country_id");--> statement-breakpoint
CREATE INDEX "mentions_organization_id_idx" ON "mentions" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "mentions_speaker_id_idx" ON "mentions" USING btree ("speaker_id");--> statement-breakpoint
CREATE INDEX "statements_speaker_id_idx" ON "statements" USING btree ("speaker_id");--> statement-breakpoint
CREATE INDEX "statements_speaker_role_id_idx" ON "statements" USING btree ("speaker_role_id","speaker_id");