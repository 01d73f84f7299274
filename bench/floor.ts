/**
 * The floor: what the scenarios cost without GraphQL. A plain node:http server on postgres.js
 * that answers each scenario with the fewest hand-written SQL statements it can (one each: the
 * nesting is done by Postgres with LATERAL and json_agg), serialised with JSON.stringify. Its
 * answers have the same shape as the GraphQL responses' `data`, so the runner can check that
 * both return the same thing.
 *
 *   tsx bench/floor.ts [--port 4103] [--pool 10]
 *
 * Its connections plan every statement for its actual values (plan_cache_mode =
 * force_custom_plan): newskb's keep Postgres' default, which may switch a prepared statement to a
 * generic plan after five runs.
 *
 * Routes: POST /floor/<scenario> with the scenario's variables as the JSON body, and
 * GET /__bench/stats like bench/server.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import postgres, { type Sql } from 'postgres';
import { TEXT_CANDIDATES_PER_TYPE } from '../src/search';
import { benchDatabaseUrl, parseFlags } from './common';
import { globalId } from './scenarios';
import { serve, withStats } from './http';

type Variables = Record<string, any>;

/** The database id in a global ID of the given type, or null when it is not one. */
function databaseId(id: unknown, type: string): number | null {
  if (typeof id !== 'string') return null;
  const match = /^([A-Za-z]+):(\d{1,10})$/.exec(Buffer.from(id, 'base64url').toString('utf8'));
  return match && match[1] === type ? Number(match[2]) : null;
}

/** The (date key, id) position in a cursor of the default article order, or null. */
function articleCursor(cursor: unknown): { date: string; id: number } | null {
  if (typeof cursor !== 'string') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const values = JSON.parse(text.slice(text.indexOf(':') + 1)) as unknown[];
  const [date, id] = values.slice(-2);
  if (typeof date !== 'string' || typeof id !== 'number') throw new Error(`unexpected cursor ${text}`);
  return { date, id };
}

/**
 * The full-text documents to match: the stored, indexed search_vector columns when the schema
 * has them (migration 0003), otherwise the indexed expressions of migration 0002.
 */
export async function searchDocuments(sql: Sql) {
  const columns = await sql<{ table_name: string }[]>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'search_vector' and table_name in ('statements', 'articles')`;
  const stored = new Set(columns.map((c) => c.table_name));
  return {
    statement: stored.has('statements') ? 's.search_vector' : "to_tsvector('english', s.text)",
    article: stored.has('articles')
      ? 'a.search_vector'
      : "(setweight(to_tsvector('english', coalesce(a.title, '')), 'A') || setweight(to_tsvector('english', coalesce(a.body, '')), 'B'))",
  };
}

export function floorHandlers(sql: Sql, count: () => void, documents: { statement: string; article: string }) {
  const run = <T>(query: Promise<T>) => {
    count();
    return query;
  };
  const statementDocument = sql.unsafe(documents.statement);
  const articleDocument = sql.unsafe(documents.article);

  return {
    async lookup(variables: Variables) {
      const id = databaseId(variables.id, 'Article');
      const rows =
        id === null
          ? []
          : await run(sql`
        select a.title, a.published_at::text as published_at, o.name as publisher_name, o.id as publisher_id
        from articles a left join organizations o on o.id = a.publisher_id
        where a.id = ${id}`);
      const row = rows[0];
      return {
        article: row
          ? { title: row.title, publishedAt: row.published_at, publisher: row.publisher_id === null ? null : { name: row.publisher_name } }
          : null,
      };
    },

    async list(variables: Variables) {
      const cursor = articleCursor(variables.after);
      const rows = await run(sql`
        select a.id, a.title, a.published_at::text as published_at, o.id as publisher_id, o.name as publisher_name
        from articles a left join organizations o on o.id = a.publisher_id
        ${cursor ? sql`where (coalesce(a.published_at, '-infinity'::date), a.id) < (${cursor.date}::date, ${cursor.id}::int)` : sql``}
        order by coalesce(a.published_at, '-infinity'::date) desc, a.id desc
        limit 20`);
      return {
        articles: {
          edges: rows.map((row) => ({
            node: {
              id: globalId('Article', row.id),
              title: row.title,
              publishedAt: row.published_at,
              publisher: row.publisher_id === null ? null : { name: row.publisher_name },
            },
          })),
        },
      };
    },

    async nested(variables: Variables) {
      const cursor = articleCursor(variables.after);
      // One statement: the page, each article's first five statements (LATERAL), their speakers
      // and countries, and each country's organization count, computed once per country.
      const rows = await run(sql`
        with page as (
          select a.id, a.title, coalesce(a.published_at, '-infinity'::date) as day
          from articles a
          ${cursor ? sql`where (coalesce(a.published_at, '-infinity'::date), a.id) < (${cursor.date}::date, ${cursor.id}::int)` : sql``}
          order by coalesce(a.published_at, '-infinity'::date) desc, a.id desc
          limit 20
        ),
        st as (
          select p.id as article_id, s.id, s.position, s.text, s.speaker_id
          from page p
          cross join lateral (
            select id, position, text, speaker_id from statements
            where article_id = p.id order by position, id limit 5
          ) s
        ),
        sp as (select id, name, country_id from speakers where id in (select speaker_id from st)),
        co as (
          select c.id, c.name,
            (select count(distinct m.organization_id) from memberships m where m.country_id = c.id)::int as organizations
          from countries c where c.id in (select country_id from sp)
        )
        select p.title, (
          select coalesce(json_agg(json_build_object('node', json_build_object(
            'text', st.text,
            'speaker', case when sp.id is null then null else json_build_object(
              'name', sp.name,
              'country', case when co.id is null then null else json_build_object(
                'name', co.name, 'organizations', json_build_object('totalCount', co.organizations)) end) end
          )) order by st.position, st.id), '[]'::json)
          from st left join sp on sp.id = st.speaker_id left join co on co.id = sp.country_id
          where st.article_id = p.id
        ) as edges
        from page p
        order by p.day desc, p.id desc`);
      return {
        articles: { edges: rows.map((row) => ({ node: { title: row.title, statements: { edges: row.edges } } })) },
      };
    },

    async filter(variables: Variables) {
      const countryId = databaseId(variables.country, 'Country');
      const [row] = await run(sql`
        with matches as (
          select s.id, s.article_id, s.position, s.text, s.speaker_id
          from statements s join speakers sp on sp.id = s.speaker_id
          where sp.country_id = ${countryId}
            and ${statementDocument} @@ websearch_to_tsquery('english', ${String(variables.search)})
        )
        select (select count(*) from matches)::int as total, (
          select coalesce(json_agg(json_build_object('node', json_build_object(
            'text', m.text, 'speaker', json_build_object('name', sp.name), 'article', json_build_object('title', a.title)
          )) order by m.article_id, m.position, m.id), '[]'::json)
          from (select * from matches order by article_id, position, id limit 20) m
          join speakers sp on sp.id = m.speaker_id
          join articles a on a.id = m.article_id
        ) as edges`);
      return { statements: { totalCount: row.total, edges: row.edges } };
    },

    async speaker(variables: Variables) {
      const speakerId = databaseId(variables.speaker, 'Speaker');
      const [row] = await run(sql`
        with matches as (
          select s.id, s.article_id, s.position, s.text
          from statements s join articles a on a.id = s.article_id
          where s.speaker_id = ${speakerId}
            and a.published_at >= ${String(variables.from)}::date and a.published_at <= ${String(variables.to)}::date
        )
        select (select count(*) from matches)::int as total, (
          select coalesce(json_agg(json_build_object('node', json_build_object(
            'text', m.text, 'article', json_build_object('title', a.title, 'publishedAt', a.published_at::text)
          )) order by m.article_id, m.position, m.id), '[]'::json)
          from (select * from matches order by article_id, position, id limit 20) m
          join articles a on a.id = m.article_id
        ) as edges`);
      return { statements: { totalCount: row.total, edges: row.edges } };
    },

    async search(variables: Variables) {
      const text = String(variables.query).trim();
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // The same ranking as newskb's search (full text for the newest matching statements and
      // articles, trigram similarity for names), the page and its snippets in one statement.
      const rows = await run(sql`
        with hits as (
          select 'Statement' as kind, c.id, ts_rank_cd(c.doc, websearch_to_tsquery('english', ${text}), 32)::float8 as score
          from (select s.id, ${statementDocument} as doc from statements s where ${statementDocument} @@ websearch_to_tsquery('english', ${text})
                order by s.id desc limit ${TEXT_CANDIDATES_PER_TYPE}) c
          union all
          select 'Article', c.id, ts_rank_cd(c.doc, websearch_to_tsquery('english', ${text}), 32)::float8
          from (select a.id, ${articleDocument} as doc from articles a where ${articleDocument} @@ websearch_to_tsquery('english', ${text})
                order by a.id desc limit ${TEXT_CANDIDATES_PER_TYPE}) c
          union all
          select 'Speaker', x.id, word_similarity(${text}, search_names(x.name, x.aliases))::float8
          from speakers x where (${text} <% search_names(x.name, x.aliases) or search_names(x.name, x.aliases) ilike ${pattern})
          union all
          select 'Organization', x.id, word_similarity(${text}, search_names(x.name, x.aliases || ARRAY[coalesce(x.acronym, '')]))::float8
          from organizations x where (${text} <% search_names(x.name, x.aliases || ARRAY[coalesce(x.acronym, '')]) or search_names(x.name, x.aliases || ARRAY[coalesce(x.acronym, '')]) ilike ${pattern})
          union all
          select 'Country', x.id, word_similarity(${text}, search_names(x.name, x.aliases || x.demonyms))::float8
          from countries x where (${text} <% search_names(x.name, x.aliases || x.demonyms) or search_names(x.name, x.aliases || x.demonyms) ilike ${pattern})
        ),
        page as (select kind, id, score from hits order by score desc, kind, id limit 20)
        select page.kind, page.id, page.score, case page.kind
          when 'Statement' then (select ts_headline('english', replace(replace(replace(replace(replace(s.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;'), websearch_to_tsquery('english', ${text}), 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') from statements s where s.id = page.id)
          when 'Article' then (select ts_headline('english', replace(replace(replace(replace(replace(coalesce(a.body, a.title), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;'), websearch_to_tsquery('english', ${text}), 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') from articles a where a.id = page.id)
          when 'Speaker' then (select replace(replace(replace(replace(replace(x.name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;') from speakers x where x.id = page.id)
          when 'Organization' then (select replace(replace(replace(replace(replace(x.name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;') from organizations x where x.id = page.id)
          when 'Country' then (select replace(replace(replace(replace(replace(x.name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;') from countries x where x.id = page.id)
        end as snippet
        from page order by page.score desc, page.kind, page.id`);
      const withId = new Set(['Statement', 'Article', 'Speaker']);
      return {
        search: {
          edges: rows.map((row) => ({
            score: row.score,
            snippet: row.snippet,
            node: withId.has(row.kind) ? { __typename: row.kind, id: globalId(row.kind, row.id) } : { __typename: row.kind },
          })),
        },
      };
    },
  } satisfies Record<string, (variables: Variables) => Promise<unknown>>;
}

/** The mixed workload's route: { scenario, variables } to that scenario's handler. */
export function withMixed(
  handlers: Record<string, (variables: Variables) => Promise<unknown>>,
): Record<string, (variables: Variables) => Promise<unknown>> {
  return {
    ...handlers,
    mixed: (body: Variables) => {
      const handler = handlers[String(body.scenario)];
      if (!handler) throw new Error(`no floor route for ${String(body.scenario)}`);
      return handler(body.variables ?? {});
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), { port: 'number', pool: 'number' });
  const sql = postgres(benchDatabaseUrl(), {
    max: flags.pool ?? 10,
    onnotice: () => {},
    // postgres.js prepares every statement; after five runs Postgres may switch to a generic plan,
    // which for the filter (a country and a word, both unknown) is ten times slower than a plan
    // made for the actual values. A hand-tuned server would plan each time, so the floor does.
    connection: { plan_cache_mode: 'force_custom_plan' },
  });
  const counters = { requests: 0, sqlStatements: 0 };
  const documents = await searchDocuments(sql);
  const handlers = withMixed(
    floorHandlers(
      sql,
      () => {
        counters.sqlStatements++;
      },
      documents,
    ) as Record<string, (variables: Variables) => Promise<unknown>>,
  );

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/floor\/([a-z]+)$/.exec(req.url ?? '');
    const handler = match && req.method === 'POST' ? handlers[match[1]] : undefined;
    if (!handler) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"no such route"}');
      return;
    }
    try {
      const body = await readBody(req);
      const data = await handler(body ? JSON.parse(body) : {});
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    } catch (error) {
      console.error(error);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(error) }));
    }
  };

  serve('floor', flags.port ?? 4103, withStats('floor', counters, handle), () => sql.end({ timeout: 5 }));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
