import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { insertNewsroom } from './support/fixtures';
import { openTestApp, type TestApp } from './support/harness';
import { listen } from './support/listen';
import { walkConnection } from './support/walk';

/**
 * The scripts in examples/, run as a reader of examples/README.md would run them (tsx, in a process of
 * their own) against the app on a real socket; and the typed client, regenerated and compiled,
 * so that a schema change that breaks it fails here first.
 */

const run = promisify(execFile);
const npx = (args: string[]) => run('npx', args, { maxBuffer: 16 * 1024 * 1024 });

let kb: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
let folder: string;

beforeAll(async () => {
  kb = await openTestApp();
  await insertNewsroom(kb.db, { tag: 'examples', articleCount: 2, statementsPerArticle: 30 });
  server = await listen(kb.app);
  folder = await mkdtemp(path.join(os.tmpdir(), 'newskb-examples-'));
});
afterAll(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
  await kb.close();
});

const example = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', `examples/${script}`, '--endpoint', server.endpoint, ...args], { maxBuffer: 16 * 1024 * 1024 });

const linesOf = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('examples/walk-statements.ts', () => {
  it("walks every statement by cursor and writes them as NDJSON, each once, in the API's order", async () => {
    const { stdout, stderr } = await example('walk-statements.ts', ['--page-size', '7']);
    const written = linesOf(stdout);
    const walked = await walkConnection(kb, 'statements', 'id text speaker { name }');
    expect(walked.length).toBeGreaterThan(60);
    expect(written.map((statement) => statement.id)).toEqual(walked.map((statement) => statement.id));
    expect(written.map((statement) => statement.text)).toEqual(walked.map((statement) => statement.text));
    expect(written[0]).toMatchObject({ article: { title: expect.any(String) }, span: { start: expect.any(Number) } });
    expect(stderr).toContain(`${walked.length} statements written.`);
  });

  it('takes a filter and writes to a file', async () => {
    const { speaker } = await kb.data('{ speaker(slug: "hossein-amir-abdollahian") { id statements { totalCount } } }');
    const out = path.join(folder, 'amir.ndjson');
    await example('walk-statements.ts', ['--speaker', speaker.id, '--out', out]);
    const written = linesOf(await readFile(out, 'utf8'));
    expect(written).toHaveLength(speaker.statements.totalCount);
    for (const statement of written) expect(statement.speaker.name).toBe('Hossein Amir-Abdollahian');
  });
});

describe('examples/article-page.ts', () => {
  it('renders an article through the typed client', async () => {
    const { stdout } = await example('article-page.ts', ['iran-sold-drones-to-russia-before-ukraine-war']);
    expect(stdout).toMatch(/^Iran sold a few drones to Russia before the war in Ukraine, says Amir-Abdollahian\nIran Press, 2022-11-05\n/);
    expect(stdout).toContain('- Hossein Amir-Abdollahian (Minister of Foreign Affairs): "Selling missiles is completely untrue');
  });
});

// Nothing here reads a database: declared once, in the PGlite project, which always runs.
if (process.env.NEWSKB_TEST_DB !== 'postgres') {
  describe('the typed client (examples/generated)', () => {
    it('is what GraphQL Code Generator makes from schema/schema.graphql now (npm run codegen)', async () => {
      // --check generates in memory and fails when a file would change, or when an operation
      // no longer validates against the schema.
      await expect(npx(['graphql-codegen', '--config', 'examples/codegen.ts', '--check'])).resolves.toBeDefined();
    });

    it('compiles, with the examples that use it, under tsc --strict', async () => {
      const compiled = await npx(['tsc', '-p', 'examples/tsconfig.json']).then(
        () => '',
        (error: { stdout: string }) => error.stdout,
      );
      expect(compiled).toBe('');
    });
  });
}
