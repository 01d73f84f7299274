import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import {
  articleRelations,
  articles,
  countries,
  memberships,
  mentions,
  organizations,
  speakerRoles,
  speakers,
  statementRelations,
  statements,
} from '../schema';
import { readSettings } from '../src/config';
import type { Database } from '../src/db';
import { articleSeeds, organizationSeeds, speakerSeeds, type MentionsSeed } from './annotation';
import { countrySeeds } from './countries';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export function readSeedArticle(file: string): string {
  return readFileSync(path.resolve(readSettings().SEED_ARTICLES_DIR, file), 'utf8');
}

/** Ids by natural key, so the annotation can say "IR" or "joe-biden" instead of numbers. */
class Ids {
  constructor(
    private readonly kind: string,
    private readonly ids: Map<string, number>,
  ) {}
  get(key: string): number {
    const id = this.ids.get(key);
    if (id === undefined) throw new Error(`The seed names an unknown ${this.kind}: "${key}"`);
    return id;
  }
}

async function seedCountries(tx: Transaction) {
  const rows = countrySeeds();
  await tx
    .insert(countries)
    .values(rows)
    .onConflictDoUpdate({
      target: countries.alpha2,
      set: {
        alpha3: sql`excluded.alpha3`,
        name: sql`excluded.name`,
        officialName: sql`excluded.official_name`,
        aliases: sql`excluded.aliases`,
        demonyms: sql`excluded.demonyms`,
      },
    });
  const stored = await tx.select({ id: countries.id, alpha2: countries.alpha2 }).from(countries);
  return new Ids('country', new Map(stored.map((row) => [row.alpha2, row.id])));
}

async function seedOrganizations(tx: Transaction, countryIds: Ids) {
  const ids = new Map<string, number>();
  for (const { members, country, ...organization } of organizationSeeds) {
    const values = {
      ...organization,
      acronym: organization.acronym ?? null,
      description: organization.description ?? null,
      wikidataId: organization.wikidataId ?? null,
      aliases: organization.aliases ?? [],
      countryId: country ? countryIds.get(country) : null,
    };
    const [row] = await tx
      .insert(organizations)
      .values(values)
      .onConflictDoUpdate({ target: organizations.slug, set: values })
      .returning({ id: organizations.id });
    ids.set(organization.slug, row.id);
    if (members?.length) {
      await tx
        .insert(memberships)
        .values(members.map((code) => ({ organizationId: row.id, countryId: countryIds.get(code) })))
        .onConflictDoNothing();
    }
  }
  return new Ids('organization', ids);
}

async function seedSpeakers(tx: Transaction, countryIds: Ids, organizationIds: Ids) {
  const ids = new Map<string, number>();
  const roleIds = new Map<string, number>();
  for (const { roles, country, ...speaker } of speakerSeeds) {
    const values = { ...speaker, wikidataId: speaker.wikidataId ?? null, countryId: countryIds.get(country) };
    const [row] = await tx
      .insert(speakers)
      .values(values)
      .onConflictDoUpdate({ target: speakers.slug, set: values })
      .returning({ id: speakers.id });
    ids.set(speaker.slug, row.id);
    for (const role of roles) {
      const roleValues = {
        speakerId: row.id,
        title: role.title,
        organizationId: role.organization ? organizationIds.get(role.organization) : null,
        countryId: role.country ? countryIds.get(role.country) : null,
        startDate: role.startDate,
        endDate: role.endDate ?? null,
      };
      const [stored] = await tx
        .insert(speakerRoles)
        .values(roleValues)
        .onConflictDoUpdate({
          target: [speakerRoles.speakerId, speakerRoles.title, speakerRoles.startDate],
          set: roleValues,
        })
        .returning({ id: speakerRoles.id });
      roleIds.set(`${speaker.slug}/${role.title}`, stored.id);
    }
  }
  return { speakerIds: new Ids('speaker', ids), roleIds: new Ids('speaker role', roleIds) };
}

function mentionRows(
  seed: MentionsSeed,
  base: { articleId: number; statementId: number | null },
  ids: { countries: Ids; organizations: Ids; speakers: Ids },
) {
  return [
    ...(seed.countries ?? []).map((code) => ({ ...base, countryId: ids.countries.get(code) })),
    ...(seed.organizations ?? []).map((slug) => ({ ...base, organizationId: ids.organizations.get(slug) })),
    ...(seed.speakers ?? []).map((slug) => ({ ...base, speakerId: ids.speakers.get(slug) })),
  ];
}

async function upsertArticle(tx: Transaction, values: typeof articles.$inferInsert) {
  const [row] = await tx
    .insert(articles)
    .values(values)
    .onConflictDoUpdate({ target: articles.slug, set: values })
    .returning({ id: articles.id });
  return row.id;
}

/**
 * Loads every ISO country and the annotated seed articles. Idempotent: each row is keyed by
 * its natural key (code, slug, article and position), so a second run rewrites the same values.
 * One transaction: a failure leaves the database as it was.
 */
export async function seedDatabase(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    // The corrections history says the seed filed its relations (migration 0014's triggers).
    await tx.execute(sql`SELECT set_config('newskb.actor', 'newskb:seed', true)`);
    const countryIds = await seedCountries(tx);
    const organizationIds = await seedOrganizations(tx, countryIds);
    const { speakerIds, roleIds } = await seedSpeakers(tx, countryIds, organizationIds);
    const ids = { countries: countryIds, organizations: organizationIds, speakers: speakerIds };

    for (const article of articleSeeds) {
      const body = readSeedArticle(article.file);
      const publisherId = organizationIds.get(article.publisher);
      const articleId = await upsertArticle(tx, {
        slug: article.slug,
        title: article.title,
        body,
        publisherId,
        publishedAt: article.publishedAt,
        dateline: article.dateline,
        language: article.language,
      });

      const narrativeMentions = mentionRows(article.mentions, { articleId, statementId: null }, ids);
      const statementMentions = [];
      const statementIds: number[] = [];
      const headlineStatementIds = new Map<string, number>();
      for (const [index, statement] of article.statements.entries()) {
        const [start, end] = statement.span;
        if (body.slice(start, end) !== statement.text) {
          throw new Error(`Statement ${index + 1} of ${article.file}: span [${start}, ${end}) does not hold its text`);
        }
        const values = {
          articleId,
          position: index + 1,
          kind: statement.kind,
          text: statement.text,
          speakerId: speakerIds.get(statement.speaker),
          speakerRoleId: roleIds.get(`${statement.speaker}/${statement.role}`),
          spanStart: start,
          spanEnd: end,
          attributionVerb: statement.verb,
        };
        const [row] = await tx
          .insert(statements)
          .values(values)
          .onConflictDoUpdate({ target: [statements.articleId, statements.position], set: values })
          .returning({ id: statements.id });
        statementIds.push(row.id);
        statementMentions.push(...mentionRows(statement.mentions, { articleId, statementId: row.id }, ids));
      }
      await tx
        .insert(mentions)
        .values([...narrativeMentions, ...statementMentions])
        .onConflictDoNothing();

      for (const [index, related] of article.related.entries()) {
        const relatedArticleId = await upsertArticle(tx, {
          slug: related.slug,
          title: related.title,
          publisherId,
          language: article.language,
        });
        const relation = { kind: related.kind, position: index + 1 };
        await tx
          .insert(articleRelations)
          .values({ articleId, relatedArticleId, ...relation })
          .onConflictDoUpdate({ target: [articleRelations.articleId, articleRelations.relatedArticleId], set: relation });
        if (related.headlineStatement) {
          const {
            span: [start, end],
            text,
          } = related.headlineStatement;
          if (related.title.slice(start, end) !== text)
            throw new Error(`The headline statement of ${related.slug} does not match its span`);
          const values = {
            articleId: relatedArticleId,
            position: 1,
            kind: 'PARAPHRASE' as const,
            location: 'HEADLINE' as const,
            text,
            spanStart: start,
            spanEnd: end,
          };
          const [row] = await tx
            .insert(statements)
            .values(values)
            .onConflictDoUpdate({ target: [statements.articleId, statements.position], set: values })
            .returning({ id: statements.id });
          headlineStatementIds.set(related.slug, row.id);
        }
      }

      for (const link of article.statementRelations) {
        const fromStatementId = statementIds[link.from - 1];
        const toStatementId = headlineStatementIds.get(link.toHeadlineOf);
        if (fromStatementId == null || toStatementId == null)
          throw new Error(`Statement relation ${link.from} → ${link.toHeadlineOf} names a missing statement`);
        const values = { fromStatementId, toStatementId, kind: link.kind, note: link.note, assertedBy: 'newskb seed annotation' };
        await tx
          .insert(statementRelations)
          .values(values)
          .onConflictDoUpdate({
            target: [statementRelations.fromStatementId, statementRelations.toStatementId, statementRelations.kind],
            set: values,
          });
      }
    }
  });
}

/** True once the seed article is in: the server seeds an embedded database only the first time. */
export async function isSeeded(db: Database): Promise<boolean> {
  const slugs = articleSeeds.map((article) => article.slug);
  const found = await db.select({ id: articles.id }).from(articles).where(inArray(articles.slug, slugs));
  return found.length === slugs.length;
}
