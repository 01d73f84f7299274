import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db';
import { dumpTables, type DumpTable } from '../src/dump/tables';
import { openTestApp, type TestApp } from './support/harness';
import { listen } from './support/listen';
import { emptyScratchDatabase } from './support/scratch-databases';

/**
 * What README.md and the pages of docs/ tell a reader to type, run as the reader would:
 * every GraphQL block is sent to the app on the seeded database and must answer without errors
 * and with data; every curl command runs against the app on a real socket; the Postgres route's
 * db:migrate and db:seed run on a database of their own (Postgres project). What cannot run here
 * (npm install, npm start, the whole suite) is checked as far as it can be: the npm scripts it
 * names exist, the test files a jest pattern names exist. JSON blocks must parse, every path in a
 * Layout block must exist, and every relative link and anchor must lead somewhere. A block in a
 * language this file does not know fails, so that no page's commands go unchecked.
 */

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const scripts: Record<string, string> = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
const testFiles = readdirSync(path.join(ROOT, 'test')).filter((file) => file.endsWith('.test.ts'));

interface Block {
  page: string;
  /** Line of the opening fence, 1-based. */
  line: number;
  language: string;
  text: string;
  /** The heading the block stands under. */
  heading: string;
}

function blocksOf(page: string): Block[] {
  const lines = readFileSync(path.join(ROOT, page), 'utf8').split('\n');
  const blocks: Block[] = [];
  let heading = '';
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)```(\S*)\s*$/.exec(lines[index]!);
    if (!fence) {
      const title = /^#+ (.*)$/.exec(lines[index]!);
      if (title) heading = title[1]!;
      continue;
    }
    const indent = fence[1]!.length;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !/^\s*```\s*$/.test(lines[index]!); index++) body.push(lines[index]!.slice(indent));
    blocks.push({ page, line: start + 1, language: fence[2]!, text: body.join('\n'), heading });
  }
  return blocks;
}

const blocks = PAGES.flatMap(blocksOf);
const named = (block: Block) => `${block.page}:${block.line} (${block.language || 'text'}, under "${block.heading}")`;
const ofLanguage = (...languages: string[]) => blocks.filter((block) => languages.includes(block.language));

/** Values for the variables a page's operation declares. */
const VARIABLES: Record<string, unknown> = { slug: 'iran-sold-drones-to-russia-before-ukraine-war' };

/** A shell block's commands: continued lines joined, comments dropped, `&&` chains split. */
function commandsOf(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'))
    .flatMap((line) => (line.startsWith('curl ') ? [line] : line.split(/\s*&&\s*/)));
}

/** Layout blocks: a name at the line's start (or two spaces in, under the last folder), descriptions after. */
function layoutPaths(text: string): string[] {
  const paths: string[] = [];
  let folder = '';
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (!line.trim() || indent > 2) continue;
    const names = /^((?:[\w.@<>/+-]+)(?:, [\w.@<>/+-]+)*)/.exec(line.trim())![1]!.split(', ');
    const within = indent === 0 ? '' : folder;
    const first = names[0]!;
    const sibling = first.includes('/') && !first.endsWith('/') ? first.slice(0, first.lastIndexOf('/') + 1) : '';
    names.forEach((name, position) => {
      if (!name.includes('<')) paths.push(within + (position === 0 ? name : sibling + name));
    });
    if (indent === 0 && first.endsWith('/')) folder = first;
  }
  return paths;
}

/** GitHub's anchor for a heading. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^\s*```[\s\S]*?^\s*```/gm, '');
  return new Set([...text.matchAll(/^#+ (.*)$/gm)].map((match) => anchor(match[1]!)));
}

describe('the pages', () => {
  it('are README.md and docs/, and hold the blocks this file runs', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'docs/configuration.md', 'docs/api.md', 'docs/layout.md']));
    expect(ofLanguage('graphql').length).toBeGreaterThanOrEqual(3);
    expect(ofLanguage('sh').length).toBeGreaterThanOrEqual(4);
  });

  it('use only languages this file knows how to check', () => {
    const unknown = blocks.filter((block) => !['graphql', 'sh', 'json', ''].includes(block.language));
    expect(unknown.map(named)).toEqual([]);
  });

  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const page of [...PAGES, 'examples/README.md']) {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?|mailto):/.test(target!)) continue;
        const [file, hash] = target!.split('#') as [string, string | undefined];
        const resolved = file ? path.resolve(ROOT, path.dirname(page), file) : path.join(ROOT, page);
        if (!existsSync(resolved)) broken.push(`${page}: ${target} (no such file)`);
        else if (hash && resolved.endsWith('.md') && !anchorsOf(resolved).has(hash)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name only npm scripts that exist, inline or in blocks', () => {
    const missing: string[] = [];
    for (const page of PAGES) {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      for (const [, script] of text.matchAll(/npm run ([\w:.-]+)/g)) if (!scripts[script!]) missing.push(`${page}: npm run ${script}`);
    }
    expect(missing).toEqual([]);
  });

  it("give every npm script a row in docs/operations.md's table of scripts", () => {
    const table = readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8').split('## Scripts')[1] ?? '';
    const rows = table.split('\n').filter((line) => line.startsWith('| `npm'));
    const documented = (script: string) =>
      rows.some((row) => row.split(' | ')[0]!.includes(['start', 'test'].includes(script) ? `npm ${script}\`` : `npm run ${script}`));
    // postinstall is npm's hook (patch-package), not a command anyone types.
    expect(Object.keys(scripts).filter((script) => script !== 'postinstall' && !documented(script))).toEqual([]);
  });

  it.each(ofLanguage('json').map((block) => [named(block), block] as const))('%s is JSON (… for rows left out)', (_name, block) => {
    // "…" stands for rows left out; the comma before it goes with them.
    const text = block.text.replace(/^\s*…\s*$/gm, '').replace(/,(\s*[\]}])/g, '$1');
    for (const line of block.text.trim().startsWith('{"') ? text.trim().split('\n') : [text]) expect(() => JSON.parse(line)).not.toThrow();
  });

  it.each(blocks.filter((block) => block.language === '' && /layout/i.test(block.heading)).map((block) => [named(block), block] as const))(
    '%s names only paths that exist',
    (_name, block) => {
      const paths = layoutPaths(block.text);
      expect(paths.length).toBeGreaterThan(5);
      expect(paths.filter((entry) => !existsSync(path.join(ROOT, entry)))).toEqual([]);
    },
  );
});

describe('docs/dump-format.md', () => {
  const page = readFileSync(path.join(ROOT, 'docs/dump-format.md'), 'utf8');
  const tables = dumpTables(true);
  const fieldsOf = (table: DumpTable) => [...(table.nodeType ? ['id'] : []), ...Object.keys(table.fields)];

  it('lists the files a dump writes, in restore order', () => {
    const folder = blocksOf('docs/dump-format.md').find((block) => block.heading === 'The folder')!;
    expect(
      folder.text
        .split('\n')
        .map((line) => line.split(/\s+/)[0])
        .filter(Boolean),
    ).toEqual(['manifest.json', ...tables.map((table) => table.file)]);
  });

  it('gives every file its fields, in the order src/dump/tables.ts writes them', () => {
    const documented = [...page.matchAll(/^\| ([\w-]+\.jsonl) \([^)]*\) \| (.*) \|$/gm)].map(([, file, cell]) => ({
      file,
      // "`scope` (`read`, `write`, `admin`)": what stands in brackets explains a field.
      fields: cell!
        .replace(/\([^)]*\)/g, '')
        .split(', ')
        .map((entry) => /`(\w+)`/.exec(entry)![1]),
    }));
    expect(documented).toEqual(tables.map((table) => ({ file: table.file, fields: fieldsOf(table) })));
  });

  it('shows a statement line with the fields a dump writes', () => {
    const example = blocksOf('docs/dump-format.md').find(
      (block) => block.language === 'json' && block.text.startsWith('{"id":"U3RhdGVtZW50'),
    )!;
    expect(Object.keys(JSON.parse(example.text))).toEqual(fieldsOf(tables.find((table) => table.file === 'statements.jsonl')!));
  });
});

describe('the commands and queries in the pages', () => {
  let kb: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let folder: string;

  beforeAll(async () => {
    kb = await openTestApp();
    server = await listen(kb.app);
    folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-docs-'));
  });
  afterAll(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
    await kb?.close();
  });

  it.each(ofLanguage('graphql').map((block) => [named(block), block] as const))(
    '%s answers with data and no errors',
    async (_name, block) => {
      const declared = [...block.text.matchAll(/\$(\w+)\s*:/g)].map((match) => match[1]!);
      const variables = Object.fromEntries(declared.map((name) => [name, VARIABLES[name]]));
      expect(declared.filter((name) => !(name in VARIABLES))).toEqual([]);
      // @defer and @stream answer in parts (multipart/mixed): every part must be free of errors.
      const { text } = await kb.send(block.text, { variables, accept: 'multipart/mixed, application/graphql-response+json' });
      const parts = text
        .split(/\r?\n/)
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      expect(parts.length).toBeGreaterThan(0);
      expect(
        parts.flatMap((part) => part.errors ?? part.incremental?.flatMap((item: { errors?: unknown[] }) => item.errors ?? []) ?? []),
      ).toEqual([]);
      const data = parts[0].data as Record<string, unknown>;
      for (const [field, value] of Object.entries(data)) expect({ field, value }).toEqual({ field, value: expect.anything() });
    },
  );

  const commands = ofLanguage('sh').flatMap((block) =>
    commandsOf(block.text).map((command) => [`${named(block)}: ${command}`, command] as const),
  );

  it.each(commands)('%s', async (_name, command) => {
    const words = command.replace(/^(\w+=\S*\s+)+/, '').split(/\s+/);
    if (words[0] === 'curl') {
      const url = new URL(/'([^']+)'/.exec(command)![1]!.replace('http://localhost:4000', server.origin));
      // The suite needs nothing but Node: without curl or a tool the command pipes to, the URL is
      // fetched instead, which still proves the page's URL and parameters right.
      const tools = ['curl', ...[...command.matchAll(/\|\s*(\S+)/g)].map((match) => match[1]!)];
      const present = await run('bash', ['-c', tools.map((tool) => `command -v ${tool}`).join(' && ')]).then(
        () => true,
        () => false,
      );
      let answer: string;
      if (present) {
        const sent = command.replace(/http:\/\/localhost:4000/g, server.origin).replace(/^curl /, 'curl -sS --fail-with-body ');
        const { stdout } = await run('bash', ['-o', 'pipefail', '-c', sent], { cwd: folder, maxBuffer: 16 * 1024 * 1024 });
        answer = / -O /.test(command) ? await readFile(path.join(folder, path.basename(url.pathname)), 'utf8') : stdout;
      } else {
        const response = await fetch(url);
        answer = await response.text();
        expect({ status: response.status, answer }).toEqual({ status: 200, answer: expect.any(String) });
      }
      // A header line is not an answer: some rows must have come.
      expect(answer.trim().split('\n').length).toBeGreaterThanOrEqual(url.pathname.endsWith('.csv') ? 2 : 1);
    } else if (words[0] === 'export') {
      expect(words[1]).toMatch(/^[A-Z_]+=/);
    } else if (words[0] === 'npm' && ['install', 'ci'].includes(words[1]!)) {
      expect(existsSync(path.join(ROOT, 'package-lock.json'))).toBe(true);
    } else if (words[0] === 'npm') {
      const script = words[1] === 'run' ? words[2]! : words[1]!;
      expect(scripts).toHaveProperty([script]);
    } else if (words[0] === 'npx' && words[1] === 'jest') {
      const pattern = /--testPathPatterns '([^']+)'/.exec(command)?.[1];
      expect(pattern).toBeDefined();
      for (const alternative of pattern!.split('|')) expect(testFiles.filter((file) => file.includes(alternative))).not.toEqual([]);
    } else {
      throw new Error(`test/docs.test.ts does not know how to check \`${command}\`: teach it, or run it there`);
    }
  });

  // The Postgres route of the README, run for real on a database of its own: migrate, then seed
  // twice, which must change nothing the second time ("idempotent").
  const postgresRoute = ofLanguage('sh').find((block) => /export DATABASE_URL=/.test(block.text));
  (process.env.NEWSKB_TEST_DB === 'postgres' ? it : it.skip)(
    'the Postgres route: npm run db:migrate, then db:seed twice, changing nothing',
    async () => {
      expect(postgresRoute).toBeDefined();
      const steps = commandsOf(postgresRoute!.text).filter((command) => /^npm run db:/.test(command));
      expect(steps).toEqual(['npm run db:migrate', 'npm run db:seed']);
      const scratch = await emptyScratchDatabase();
      const counts = async () => {
        const handle = await scratch.open();
        try {
          const [row] = rowsOf(
            await handle.db.execute(
              sql`select (select count(*) from articles)::int as articles, (select count(*) from statements)::int as statements,
              (select count(*) from speakers)::int as speakers, (select count(*) from countries)::int as countries`,
            ),
          );
          return row;
        } finally {
          await handle.close();
        }
      };
      try {
        const npm = (script: string) => run('npm', ['run', '--silent', script], { cwd: ROOT, env: { ...process.env, ...scratch.env } });
        await npm('db:migrate');
        await npm('db:seed');
        const once = await counts();
        expect(once).toMatchObject({ articles: expect.any(Number), statements: expect.any(Number) });
        expect(Number(once!.statements)).toBeGreaterThan(0);
        await npm('db:seed');
        expect(await counts()).toEqual(once);
      } finally {
        await scratch.remove();
      }
    },
    120_000,
  );
});
