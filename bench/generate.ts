/**
 * Generates the benchmark's database: drops everything in it, migrates, loads the seed (all
 * countries and the seed article), then bulk-inserts organizations, memberships, speakers and
 * their roles, articles, statements (with spans that hold their text) and mentions.
 *
 *   npm run bench:data -- [--articles 10000] [--statements 100000] [--speakers 2000]
 *                         [--organizations 1000] [--seed 42]
 *
 * Target: BENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/newskb_bench (created if
 * missing). Deterministic: the same flags give the same rows (ids included, since the database
 * is recreated each time).
 */
import { count, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { articles, countries, memberships, mentions, organizations, speakerRoles, speakers, statements } from '../schema';
import { seedDatabase } from '../seeds/seed';
import { openDatabase, type Database } from '../src/db';
import { benchDatabaseUrl, databaseName, DEFAULT_SIZES, log, MIGRATIONS_DIR, parseFlags, withDatabase, type Sizes } from './common';
import { chance, int, mulberry32, normal, pick, shuffle, Zipf, type Random } from './random';
import * as words from './vocabulary';

type OrganizationKind = (typeof organizations.$inferInsert)['kind'];
type StatementKind = (typeof statements.$inferInsert)['kind'];

export interface DatasetInfo {
  generatedAt: string;
  flags: Sizes;
  counts: Record<string, number>;
}

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Plain ASCII: spans count UTF-16 units, Postgres counts characters; ASCII keeps them equal. */
const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '');

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function randomDate(random: Random, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return isoDate(new Date(start + Math.floor(random() * ((end - start) / 86_400_000 + 1)) * 86_400_000));
}

/** Unique names and slugs, with numbered suffixes where two would clash. */
class UniqueNames {
  private readonly names = new Set<string>();
  private readonly slugs = new Set<string>();
  constructor(existingSlugs: Iterable<string> = []) {
    for (const slug of existingSlugs) this.slugs.add(slug);
  }
  take(name: string): { name: string; slug: string } {
    let candidate = name;
    for (let n = 2; this.names.has(candidate.toLowerCase()); n++) candidate = `${name} ${n}`;
    this.names.add(candidate.toLowerCase());
    let slug = slugify(candidate);
    const base = slug;
    for (let n = 2; this.slugs.has(slug); n++) slug = `${base}-${n}`;
    this.slugs.add(slug);
    return { name: candidate, slug };
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

class Progress {
  private readonly started = Date.now();
  private lastShown = 0;
  constructor(private readonly phase: string) {}
  update(done: number, total: number, force = false) {
    const now = Date.now();
    if (!force && now - this.lastShown < 1000 && done < total) return;
    this.lastShown = now;
    const seconds = ((now - this.started) / 1000).toFixed(1);
    log(`[bench:data] ${this.phase}: ${done}/${total} (${seconds} s)`);
  }
}

/** Creates the database if it does not exist, by way of the server's `postgres` database. */
export async function ensureDatabase(url: string) {
  const name = databaseName(url);
  const admin = postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) {
      log(`[bench:data] creating database ${name}`);
      await admin.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
}

/** What the last generation recorded in the database (bench.dataset), or null. */
export async function readDataset(url: string): Promise<DatasetInfo | null> {
  const name = databaseName(url);
  const admin = postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) return null;
  } finally {
    await admin.end();
  }
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await client<{ generated_at: Date; flags: Sizes; counts: Record<string, number> }[]>`
      select generated_at, flags, counts from bench.dataset where id = 1`.catch(() => []);
    if (rows.length === 0) return null;
    return { generatedAt: rows[0].generated_at.toISOString(), flags: rows[0].flags, counts: rows[0].counts };
  } finally {
    await client.end();
  }
}

interface GeneratedStatement {
  articleIndex: number;
  position: number;
  kind: StatementKind;
  text: string;
  speakerId: number | null;
  speakerRoleId: number | null;
  spanStart: number;
  spanEnd: number;
  attributionVerb: string;
  targets: Target[];
}

type Target = { countryId: number } | { organizationId: number } | { speakerId: number };

const targetKey = (target: Target) =>
  'countryId' in target ? `c${target.countryId}` : 'organizationId' in target ? `o${target.organizationId}` : `s${target.speakerId}`;

export async function generateBenchData(url: string, sizes: Sizes): Promise<DatasetInfo> {
  const started = Date.now();
  const random = mulberry32(sizes.seed);
  await ensureDatabase(url);

  // Drop and recreate: every schema the migrations or this script make.
  log(`[bench:data] resetting ${databaseName(url)}`);
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(`
      DROP SCHEMA IF EXISTS public CASCADE;
      DROP SCHEMA IF EXISTS drizzle CASCADE;
      DROP SCHEMA IF EXISTS bench CASCADE;
      CREATE SCHEMA public;`);
  } finally {
    await client.end();
  }

  const handle = await openDatabase({ url, migrationsDir: MIGRATIONS_DIR, poolMax: 2 });
  const db = handle.db;
  try {
    await handle.migrate();
    log('[bench:data] migrated; loading the seed');
    await seedDatabase(db);

    // ---- countries (from the seed) --------------------------------------------------------
    const countryRows = await db.select({ id: countries.id, alpha2: countries.alpha2, name: countries.name }).from(countries);
    countryRows.sort((a, b) => a.alpha2.localeCompare(b.alpha2));
    const countryName = new Map(countryRows.map((row) => [row.id, ascii(row.name)]));
    const byAlpha2 = new Map(countryRows.map((row) => [row.alpha2, row.id]));
    const newsFirst = words.NEWS_COUNTRIES.map((code) => byAlpha2.get(code)).filter((id): id is number => id !== undefined);
    const rest = shuffle(
      random,
      countryRows.map((row) => row.id).filter((id) => !newsFirst.includes(id)),
    );
    const countryOrder = [...newsFirst, ...rest];
    // Mentions: a few countries far more often than the rest.
    const countryMentions = new Zipf(countryOrder, 1.0);
    // Nationalities and memberships: skewed too, but less.
    const countryPopularity = new Zipf(countryOrder, 0.7);

    // ---- organizations ----------------------------------------------------------------------
    const existingOrgSlugs = (await db.select({ slug: organizations.slug }).from(organizations)).map((r) => r.slug);
    const orgNames = new UniqueNames(existingOrgSlugs);
    const kindShares: [OrganizationKind, number][] = [
      ['GOVERNMENT', 0.3],
      ['NGO', 0.18],
      ['MEDIA', 0.15],
      ['COMPANY', 0.15],
      ['INTERGOVERNMENTAL', 0.12],
      ['OTHER', 0.1],
    ];
    const kinds: OrganizationKind[] = [];
    for (const [kind, share] of kindShares) {
      for (let i = 0; i < Math.round(share * sizes.organizations); i++) kinds.push(kind);
    }
    while (kinds.length < sizes.organizations) kinds.push('OTHER');
    kinds.length = sizes.organizations;
    shuffle(random, kinds);

    const initials = (name: string) =>
      name
        .split(/\s+/)
        .filter((word) => !['of', 'for', 'and', 'the', 'on'].includes(word.toLowerCase()))
        .map((word) => word[0].toUpperCase())
        .join('');

    const orgValues: (typeof organizations.$inferInsert)[] = kinds.map((kind) => {
      const country = countryPopularity.sample(random);
      let name: string;
      let acronym: string | null = null;
      let countryId: number | null = country;
      const aliases: string[] = [];
      switch (kind) {
        case 'MEDIA':
          name = `${pick(random, words.MEDIA_PLACES)} ${pick(random, words.MEDIA_NOUNS)}`;
          break;
        case 'GOVERNMENT':
          name = `Ministry of ${pick(random, words.PORTFOLIOS)} of ${countryName.get(country)}`;
          break;
        case 'INTERGOVERNMENTAL':
          name = `${pick(random, words.IGO_REGIONS)} ${pick(random, words.IGO_BODIES)} for ${pick(random, words.IGO_PURPOSES)}`;
          acronym = initials(name);
          countryId = null;
          break;
        case 'NGO':
          name = `${pick(random, words.NGO_KINDS)} for ${pick(random, words.NGO_TOPICS)}`;
          if (chance(random, 0.5)) name = `${countryName.get(country)} ${name}`;
          acronym = initials(name);
          break;
        case 'COMPANY':
          name = `${pick(random, words.LAST_NAMES)} ${pick(random, words.COMPANY_INDUSTRIES)} ${pick(random, words.COMPANY_SUFFIXES)}`;
          break;
        default:
          name = `${countryName.get(country)} ${pick(random, words.OTHER_NAMES)}`;
      }
      const unique = orgNames.take(name);
      if (acronym && chance(random, 0.3)) aliases.push(`the ${unique.name.split(' ').slice(1, 2).join(' ')}`);
      return {
        slug: unique.slug,
        name: unique.name,
        acronym,
        kind,
        countryId,
        description: chance(random, 0.5) ? `A generated ${kind.toLowerCase()} organization for the benchmark.` : null,
        aliases,
      };
    });

    const orgProgress = new Progress('organizations');
    const orgIdBySlug = new Map<string, number>();
    await db.transaction(async (tx) => {
      for (const batch of chunks(orgValues, 1000)) {
        const rows = await tx.insert(organizations).values(batch).returning({ id: organizations.id, slug: organizations.slug });
        for (const row of rows) orgIdBySlug.set(row.slug, row.id);
        orgProgress.update(orgIdBySlug.size, orgValues.length);
      }
    });
    const orgs = orgValues.map((value) => ({ ...value, id: orgIdBySlug.get(value.slug)! }));
    const orgsByKind = new Map<OrganizationKind, typeof orgs>();
    const governmentByCountry = new Map<number, typeof orgs>();
    for (const org of orgs) {
      orgsByKind.set(org.kind, [...(orgsByKind.get(org.kind) ?? []), org]);
      if (org.kind === 'GOVERNMENT') governmentByCountry.set(org.countryId!, [...(governmentByCountry.get(org.countryId!) ?? []), org]);
    }
    const orgMentions = new Zipf(
      shuffle(
        random,
        orgs.map((org) => org.id),
      ),
      1.0,
    );

    // ---- memberships: 1 to 60 members each, most organizations small, a few large -----------
    const membershipValues: (typeof memberships.$inferInsert)[] = [];
    for (const org of orgs) {
      const size = 1 + Math.floor(59 * Math.pow(random(), 4));
      for (const countryId of countryPopularity.sampleDistinct(random, size)) {
        const since = chance(random, 0.6) ? randomDate(random, 1950, 2020) : null;
        const until = since && chance(random, 0.08) ? randomDate(random, Number(since.slice(0, 4)) + 1, 2024) : null;
        membershipValues.push({ organizationId: org.id, countryId, since, until });
      }
    }
    const membershipProgress = new Progress('memberships');
    await db.transaction(async (tx) => {
      let done = 0;
      for (const batch of chunks(membershipValues, 5000)) {
        await tx.insert(memberships).values(batch);
        done += batch.length;
        membershipProgress.update(done, membershipValues.length);
      }
    });

    // ---- speakers and their roles -------------------------------------------------------------
    const existingSpeakerSlugs = (await db.select({ slug: speakers.slug }).from(speakers)).map((r) => r.slug);
    const speakerNames = new UniqueNames(existingSpeakerSlugs);
    const roleKinds = new Zipf<OrganizationKind>(['GOVERNMENT', 'INTERGOVERNMENTAL', 'NGO', 'COMPANY', 'OTHER', 'MEDIA'], 1.2);

    interface RolePlan {
      title: string;
      organizationId: number;
      countryId: number | null;
      startDate: string;
      endDate: string | null;
    }
    const speakerPlans = Array.from({ length: sizes.speakers }, () => {
      const first = pick(random, words.FIRST_NAMES);
      const last = pick(random, words.LAST_NAMES);
      const unique = speakerNames.take(`${first} ${last}`);
      const countryId = countryPopularity.sample(random);
      const aliases: string[] = [];
      if (chance(random, 0.3)) aliases.push(last);
      if (chance(random, 0.1)) aliases.push(`${first[0]}. ${last}`);

      const roleCount = chance(random, 0.5) ? 1 : chance(random, 0.7) ? 2 : 3;
      const roles: RolePlan[] = [];
      let year = int(random, 2005, 2018);
      for (let r = 0; r < roleCount; r++) {
        let kind = roleKinds.sample(random);
        let candidates = kind === 'GOVERNMENT' ? (governmentByCountry.get(countryId) ?? orgsByKind.get(kind)) : orgsByKind.get(kind);
        if (!candidates?.length) {
          kind = 'GOVERNMENT';
          candidates = orgsByKind.get(kind) ?? orgs;
        }
        const org = pick(random, candidates);
        const startDate = `${year}-${String(int(random, 1, 12)).padStart(2, '0')}-${String(int(random, 1, 28)).padStart(2, '0')}`;
        const length = int(random, 2, 6);
        const last = r === roleCount - 1;
        const endDate = last && chance(random, 0.6) ? null : `${year + length}-${startDate.slice(5)}`;
        roles.push({
          title: pick(random, words.ROLE_TITLES[kind]),
          organizationId: org.id,
          countryId: kind === 'GOVERNMENT' ? countryId : (org.countryId ?? null),
          startDate,
          endDate,
        });
        year += length + int(random, 0, 1);
      }
      return {
        values: {
          slug: unique.slug,
          name: unique.name,
          aliases,
          countryId,
          description: `${roles[roles.length - 1].title}, ${countryName.get(countryId)}`,
        } satisfies typeof speakers.$inferInsert,
        roles,
      };
    });

    const speakerProgress = new Progress('speakers and roles');
    const speakerIdBySlug = new Map<string, number>();
    interface StoredRole extends RolePlan {
      id: number;
    }
    const rolesBySpeaker = new Map<number, StoredRole[]>();
    await db.transaction(async (tx) => {
      for (const batch of chunks(speakerPlans, 1000)) {
        const rows = await tx
          .insert(speakers)
          .values(batch.map((plan) => plan.values))
          .returning({ id: speakers.id, slug: speakers.slug });
        for (const row of rows) speakerIdBySlug.set(row.slug, row.id);
        speakerProgress.update(speakerIdBySlug.size, speakerPlans.length);
      }
      const roleValues = speakerPlans.flatMap((plan) =>
        plan.roles.map((role) => ({ ...role, speakerId: speakerIdBySlug.get(plan.values.slug)! })),
      );
      for (const batch of chunks(roleValues, 3000)) {
        const rows = await tx.insert(speakerRoles).values(batch).returning({
          id: speakerRoles.id,
          speakerId: speakerRoles.speakerId,
          startDate: speakerRoles.startDate,
        });
        const plannedByKey = new Map(batch.map((role) => [`${role.speakerId}|${role.startDate}`, role]));
        for (const row of rows) {
          const role = plannedByKey.get(`${row.speakerId}|${row.startDate}`)!;
          rolesBySpeaker.set(row.speakerId, [...(rolesBySpeaker.get(row.speakerId) ?? []), { ...role, id: row.id }]);
        }
      }
    });
    const speakerList = speakerPlans.map((plan) => ({
      id: speakerIdBySlug.get(plan.values.slug)!,
      name: plan.values.name,
      countryId: plan.values.countryId,
    }));
    const speakerName = new Map(speakerList.map((s) => [s.id, s.name]));
    // A few prolific speakers, a long tail of people quoted once or twice.
    const speakerZipf = new Zipf(shuffle(random, [...speakerList]), 0.8);
    const speakerMentions = new Zipf(
      shuffle(
        random,
        speakerList.map((s) => s.id),
      ),
      1.0,
    );

    const roleAt = (speakerId: number, date: string): number => {
      const roles = rolesBySpeaker.get(speakerId)!;
      const current = roles.filter((role) => role.startDate <= date && (role.endDate === null || role.endDate >= date));
      if (current.length) return current[current.length - 1].id;
      const before = roles.filter((role) => role.startDate <= date);
      return (before.length ? before[before.length - 1] : roles[0]).id;
    };

    // ---- articles and their statements, built together so spans point into the bodies -------
    const mediaOrgs = orgsByKind.get('MEDIA') ?? [];
    if (mediaOrgs.length === 0) throw new Error('No MEDIA organization to publish the articles');
    const publishers = new Zipf(shuffle(random, [...mediaOrgs]), 0.9);
    const topics = new Zipf(words.TOPICS, 0.9);

    // Statements per article: about statements/articles each, varying (log-normal), at least 1.
    const weights = Array.from({ length: sizes.articles }, () => Math.exp(0.5 * normal(random)));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const perArticle = weights.map((w) =>
      Math.max(sizes.statements >= sizes.articles ? 1 : 0, Math.floor((sizes.statements * w) / totalWeight)),
    );
    let assigned = perArticle.reduce((a, b) => a + b, 0);
    while (assigned < sizes.statements) {
      perArticle[Math.floor(random() * perArticle.length)]++;
      assigned++;
    }
    while (assigned > sizes.statements) {
      const i = Math.floor(random() * perArticle.length);
      if (perArticle[i] > 1) {
        perArticle[i]--;
        assigned--;
      }
    }

    const articleValues: (typeof articles.$inferInsert)[] = [];
    const narrativeTargets: Target[][] = [];
    const generated: GeneratedStatement[] = [];
    const articleSlugs = new Set<string>((await db.select({ slug: articles.slug }).from(articles)).map((r) => r.slug));

    const orgNameById = new Map(orgs.map((o) => [o.id, o.name]));
    const nameOf = (target: Target) =>
      'countryId' in target
        ? countryName.get(target.countryId)!
        : 'organizationId' in target
          ? orgNameById.get(target.organizationId)!
          : speakerName.get(target.speakerId)!;

    const mentionCounts = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4];

    for (let a = 0; a < sizes.articles; a++) {
      const publishedAt = randomDate(random, 2015, 2025);
      const publisher = publishers.sample(random);
      const mainCountry = countryMentions.sample(random);
      let otherCountry = countryMentions.sample(random);
      if (otherCountry === mainCountry) otherCountry = countryOrder[(countryOrder.indexOf(mainCountry) + 1) % countryOrder.length];
      const mainTopic = topics.sample(random);
      const n = perArticle[a];
      const quoted = speakerZipf.sampleDistinct(random, 1 + (n > 3 ? int(random, 0, 3) : 0));

      const headlineTopic = mainTopic.replace(/^the /, '');
      const ending = pick(random, words.HEADLINE_ENDINGS).replace('{topic}', topics.sample(random).replace(/^the /, ''));
      const title = `${countryName.get(mainCountry)} ${pick(random, words.HEADLINE_VERBS)} ${headlineTopic}${ending ? ` ${ending}` : ''}`;
      let slug = `${slugify(title).slice(0, 80).replace(/-+$/, '')}-${a + 1}`;
      while (articleSlugs.has(slug)) slug += 'x';
      articleSlugs.add(slug);

      const narrative = (template = pick(random, words.NARRATIVE)) =>
        template
          .replace('{topic}', chance(random, 0.6) ? mainTopic : topics.sample(random))
          .replace('{country}', countryName.get(mainCountry)!)
          .replace('{country2}', countryName.get(otherCountry)!)
          .replace('{year}', String(int(random, 2000, Number(publishedAt.slice(0, 4)))));

      let body = '';
      const append = (text: string) => {
        const start = body.length;
        body += text;
        return start;
      };
      const [lead, second] = shuffle(random, [...words.NARRATIVE]);
      append(`${capitalize(narrative(lead))} ${narrative(second)}`);

      for (let p = 1; p <= n; p++) {
        const unattributed = chance(random, 0.02);
        const speaker = unattributed ? null : chance(random, 0.5) ? quoted[0] : pick(random, quoted);
        const kind: StatementKind = chance(random, 0.85) ? 'DIRECT_QUOTE' : 'PARAPHRASE';
        const verb = pick(random, words.ATTRIBUTION_VERBS);

        // What the statement names: mostly countries, then organizations, then people.
        const targets = new Map<string, Target>();
        const wanted = pick(random, mentionCounts);
        for (let attempt = 0; targets.size < wanted && attempt < wanted * 4; attempt++) {
          const roll = random();
          const target: Target =
            roll < 0.6
              ? { countryId: countryMentions.sample(random) }
              : roll < 0.85
                ? { organizationId: orgMentions.sample(random) }
                : { speakerId: speakerMentions.sample(random) };
          if ('speakerId' in target && target.speakerId === speaker?.id) continue;
          targets.set(targetKey(target), target);
        }
        const named = [...targets.values()].map(nameOf);

        let topic = chance(random, 0.5) ? mainTopic : topics.sample(random);
        if (chance(random, 0.25)) {
          const another = topics.sample(random);
          if (another !== topic) topic += ` and ${another}`;
        }
        const useName = named.length > 0 && chance(random, 0.4);
        const subject = useName ? named.shift()! : kind === 'PARAPHRASE' ? 'the government' : pick(random, words.SUBJECTS);
        let text = `${subject} ${pick(random, words.VERB_PHRASES)} ${topic}`;
        const connectors = shuffle(random, [' involving {}', ' with {}', ', according to {}', ', and {} knows it']);
        named.forEach((name, i) => {
          text += connectors[i % connectors.length].replace('{}', name);
        });
        if (chance(random, 0.4)) text += `, ${pick(random, words.TAILS)}`;
        if (kind === 'DIRECT_QUOTE') text = capitalize(text);

        const who = speaker ? speaker.name : pick(random, ['a senior official', 'one diplomat', 'a source close to the talks']);
        let spanStart: number;
        if (kind === 'DIRECT_QUOTE') {
          if (chance(random, 0.7)) {
            append('\n\n"');
            spanStart = append(text);
            append(`," ${who} ${verb}.`);
          } else {
            append(`\n\n${capitalize(who)} ${verb}: "`);
            spanStart = append(text);
            append('."');
          }
        } else {
          append(`\n\n${capitalize(who)} ${verb} that `);
          spanStart = append(text);
          append('.');
        }
        if (chance(random, 0.4)) append(` ${narrative()}`);

        generated.push({
          articleIndex: a,
          position: p,
          kind,
          text,
          speakerId: speaker?.id ?? null,
          speakerRoleId: speaker ? roleAt(speaker.id, publishedAt) : null,
          spanStart,
          spanEnd: spanStart + text.length,
          attributionVerb: verb,
          targets: [...targets.values()],
        });
      }
      if (chance(random, 0.5)) append(`\n\n${narrative()}`);

      articleValues.push({
        slug,
        title,
        body,
        url: `https://${publisher.slug}.example/${publishedAt.slice(0, 4)}/${slug}`,
        publisherId: publisher.id,
        publishedAt,
        language: 'en',
      });
      // The article's own text names its two countries.
      narrativeTargets.push([{ countryId: mainCountry }, { countryId: otherCountry }]);
    }

    // Spans are checked by the database too, but a mistake here is cheaper to find here.
    for (const statement of generated) {
      const body = articleValues[statement.articleIndex].body!;
      if (body.slice(statement.spanStart, statement.spanEnd) !== statement.text) {
        throw new Error(`generator bug: span of statement ${statement.position} in article ${statement.articleIndex}`);
      }
    }

    const articleProgress = new Progress('articles');
    const articleIds: number[] = [];
    for (const batch of chunks(articleValues, 500)) {
      await db.transaction(async (tx) => {
        const rows = await tx.insert(articles).values(batch).returning({ id: articles.id, slug: articles.slug });
        const idBySlug = new Map(rows.map((row) => [row.slug, row.id]));
        for (const value of batch) articleIds.push(idBySlug.get(value.slug)!);
      });
      articleProgress.update(articleIds.length, articleValues.length);
    }

    const statementProgress = new Progress('statements and mentions');
    let statementsDone = 0;
    let mentionsDone = 0;
    for (const batch of chunks(generated, 2000)) {
      await db.transaction(async (tx) => {
        const rows = await tx
          .insert(statements)
          .values(batch.map(({ articleIndex, targets, ...statement }) => ({ ...statement, articleId: articleIds[articleIndex] })))
          .returning({ id: statements.id, articleId: statements.articleId, position: statements.position });
        const idByKey = new Map(rows.map((row) => [`${row.articleId}|${row.position}`, row.id]));
        const mentionValues: (typeof mentions.$inferInsert)[] = [];
        for (const statement of batch) {
          const articleId = articleIds[statement.articleIndex];
          const statementId = idByKey.get(`${articleId}|${statement.position}`)!;
          for (const target of statement.targets) mentionValues.push({ articleId, statementId, ...target });
        }
        for (const mentionBatch of chunks(mentionValues, 5000)) {
          await tx.insert(mentions).values(mentionBatch);
        }
        mentionsDone += mentionValues.length;
      });
      statementsDone += batch.length;
      statementProgress.update(statementsDone, generated.length);
    }

    const narrativeValues = narrativeTargets.flatMap((targets, a) =>
      targets.map((target) => ({ articleId: articleIds[a], statementId: null, ...target })),
    );
    await db.transaction(async (tx) => {
      for (const batch of chunks(narrativeValues, 5000)) await tx.insert(mentions).values(batch);
    });
    log(`[bench:data] ${mentionsDone} statement mentions, ${narrativeValues.length} narrative mentions`);

    log('[bench:data] vacuum analyze');
    await db.execute(sql.raw('VACUUM ANALYZE'));

    const counts = await countRows(db);
    const info: DatasetInfo = { generatedAt: new Date().toISOString(), flags: sizes, counts };
    await db.execute(sql.raw('CREATE SCHEMA IF NOT EXISTS bench'));
    await db.execute(
      sql.raw(
        'CREATE TABLE IF NOT EXISTS bench.dataset (id integer PRIMARY KEY, generated_at timestamptz NOT NULL, flags jsonb NOT NULL, counts jsonb NOT NULL)',
      ),
    );
    await db.execute(sql`
      INSERT INTO bench.dataset (id, generated_at, flags, counts)
      VALUES (1, ${info.generatedAt}, ${JSON.stringify(sizes)}::jsonb, ${JSON.stringify(counts)}::jsonb)
      ON CONFLICT (id) DO UPDATE SET generated_at = excluded.generated_at, flags = excluded.flags, counts = excluded.counts`);
    log(`[bench:data] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return info;
  } finally {
    await handle.close();
  }
}

export async function countRows(db: Database): Promise<Record<string, number>> {
  const tables = { countries, organizations, memberships, speakers, speakerRoles, articles, statements, mentions };
  const result: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ n: count() }).from(table);
    result[name] = Number(row.n);
  }
  return result;
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), {
    articles: 'number',
    statements: 'number',
    speakers: 'number',
    organizations: 'number',
    seed: 'number',
  });
  const sizes: Sizes = { ...DEFAULT_SIZES, ...flags };
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < (name === 'seed' ? 0 : 1)) throw new Error(`--${name} must be a positive integer`);
  }
  const url = benchDatabaseUrl();
  log(`[bench:data] ${JSON.stringify(sizes)} into ${url}`);
  const info = await generateBenchData(url, sizes);
  log('[bench:data] rows:');
  for (const [table, n] of Object.entries(info.counts)) log(`  ${table.padEnd(14)} ${String(n).padStart(8)}`);
}

/** The dataset the database holds, generated with the default sizes when missing or empty. */
export async function ensureBenchData(url: string, skip: boolean): Promise<{ info: DatasetInfo | null; counts: Record<string, number> }> {
  let info = skip ? await readDataset(url).catch(() => null) : await readDataset(url);
  const countNow = async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = ['countries', 'organizations', 'memberships', 'speakers', 'speaker_roles', 'articles', 'statements', 'mentions'];
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const [row] = await sql.unsafe(`select count(*)::int as n from ${table}`);
        counts[table === 'speaker_roles' ? 'speakerRoles' : table] = row.n;
      }
      return counts;
    } finally {
      await sql.end();
    }
  };
  if (skip) return { info, counts: await countNow() };

  let counts = info ? await countNow().catch(() => null) : null;
  const intact =
    info && counts && counts.statements > 0 && counts.statements === info.counts.statements && counts.articles === info.counts.articles;
  if (!intact) {
    log(`[bench] the bench database is ${info ? 'not as generated' : 'missing or empty'}: generating it with the default sizes`);
    info = await generateBenchData(url, DEFAULT_SIZES);
    counts = info.counts;
  } else if (Object.entries(DEFAULT_SIZES).some(([name, value]) => info!.flags[name as keyof typeof DEFAULT_SIZES] !== value)) {
    log(`[bench] note: the bench database was generated with ${JSON.stringify(info!.flags)}, not the defaults`);
  }
  return { info, counts: counts! };
}

/**
 * A fresh copy of the bench database (made first when missing) named `name`, for a run whose
 * writes must not touch the benchmark's data (the soak, the extraction-threads benchmark).
 */
export async function copyBenchDatabase(name: string): Promise<string> {
  const benchUrl = benchDatabaseUrl();
  await ensureBenchData(benchUrl, false);
  const admin = postgres(withDatabase(benchUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    // Postgres copies a template only while nobody else is connected to it (a benchmark may be).
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${databaseName(benchUrl)}"`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt === 60) throw error;
        if (attempt === 1) log(`[bench] the bench database is in use; waiting to copy it to ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
  } finally {
    await admin.end();
  }
  return withDatabase(benchUrl, name);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
