CREATE TYPE "public"."token_scope" AS ENUM('read', 'write', 'admin');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"scope" "token_scope" NOT NULL,
	"digest" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_digest_unique" UNIQUE("digest"),
	CONSTRAINT "api_tokens_name_not_blank" CHECK (btrim("api_tokens"."name") <> ''),
	CONSTRAINT "api_tokens_digest_format" CHECK ("api_tokens"."digest" ~ '^[0-9a-f]{64}$')
);
