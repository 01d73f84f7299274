/**
 * Where a newskb request's CPU time goes, per scenario: the shipped server (bench/server.ts, as
 * `npm run bench` measures it) run under `node --cpu-prof`, loaded with one scenario's requests
 * by autocannon, stopped, and its profile summarised.
 *
 *   npm run bench:profile -- [--scenarios lookup,list] [--duration 10] [--connections 10] [--pool 10] [--interval 250]
 *   npm run bench:profile -- --summarise bench/results/profiles/lookup.cpuprofile --requests 1912
 *   npm run bench:profile -- --resummarise      (the last run's profiles again)
 *
 * One server process per scenario, so each profile holds one scenario only. Profiles go to
 * bench/results/profiles/<scenario>.cpuprofile (open them in Chrome DevTools or speedscope for
 * flame graphs); the summary goes to stdout and bench/results/profiles/summary.json.
 *
 * The summary attributes every sample twice:
 * - by phase: the innermost frame of the sample's stack that belongs to a known phase (parse,
 *   validate, the armor and limit rules, the cost rule, context creation, execution, SQL
 *   building, postgres.js, serialisation...);
 * - by module: the frame that used the CPU itself (self time), grouped by package or by our
 *   own folder (src/limits, src/loaders, drizzle-orm, postgres...).
 */
import autocannon from 'autocannon';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { benchDatabaseUrl, log, parseFlags } from './common';
import { scenarios, type Scenario, type Variables } from './scenarios';
import { sleep, startServer, stats, stopServers } from './servers';

const repoRoot = path.resolve(__dirname, '..');
const profilesDir = path.join(repoRoot, 'bench', 'results', 'profiles');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: our folder, a package, node's internals or V8's pseudo-frames. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName.startsWith('(')) return functionName; // (garbage collector), (idle), (program)
    return `native ${functionName || '(anonymous)'}`;
  }
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (clean.startsWith('node:')) return 'node internals';
  const relative = path.relative(repoRoot, clean);
  if (!relative.startsWith('..')) {
    const parts = relative.split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : relative;
  }
  return 'other';
}

/**
 * Phases. A sample belongs to the innermost frame of its stack that is in one of them: the
 * frame using the CPU when it is ours or a known package's, else the nearest such caller (a
 * native Map.get in src/loaders counts as src/loaders, node's Buffer code under postgres.js as
 * postgres.js). Wrappers (the timeout around execute) thus count only their own work.
 */
const NODE_PHASE = 'node http, sockets, streams (the rest)';
const PHASES: { name: string; test: (fn: string, url: string) => boolean }[] = [
  {
    name: 'request guards, persisted operations (src/limits)',
    test: (fn, url) => /src\/limits\/(request-guards|persisted-operations)/.test(url),
  },
  { name: 'context: token check (src/auth/tokens)', test: (fn, url) => /src\/auth\/tokens/.test(url) },
  { name: 'context: loaders created (createLoaders)', test: (fn) => fn === 'createLoaders' },
  { name: 'context: the rest of createContext', test: (fn, url) => /src\/context/.test(url) },
  { name: 'cost analysis (src/limits/cost*)', test: (fn, url) => /src\/limits\/cost/.test(url) },
  { name: 'query shape limits (src/limits/query-shape)', test: (fn, url) => /src\/limits\/query-shape/.test(url) },
  { name: 'armor rules (@escape.tech/graphql-armor-*)', test: (fn, url) => /@escape\.tech\/graphql-armor/.test(url) },
  { name: 'operation scopes (src/auth/operation-scopes)', test: (fn, url) => /src\/auth\/operation-scopes/.test(url) },
  { name: 'response size limit (src/limits/response-size)', test: (fn, url) => /src\/limits\/response-size/.test(url) },
  { name: 'request timeout (src/limits/timeout)', test: (fn, url) => /src\/limits\/timeout/.test(url) },
  { name: 'parse (graphql-js parse; yoga caches it per text)', test: (fn, url) => fn === 'parse' && /graphql\/language\/parser/.test(url) },
  {
    name: 'validate (graphql-js rules; yoga caches it per document)',
    test: (fn, url) => fn === 'validate' && /graphql\/validation\/validate/.test(url),
  },
  { name: 'execute: drizzle-orm (building SQL, mapping rows)', test: (fn, url) => /node_modules\/drizzle-orm\//.test(url) },
  { name: 'execute: DataLoader and src/loaders', test: (fn, url) => /node_modules\/dataloader\/|src\/loaders\//.test(url) },
  { name: 'execute: resolvers (src/graphql, src/search)', test: (fn, url) => /src\/(graphql|search)\//.test(url) },
  {
    name: 'execute: the executor (@graphql-tools/executor, graphql-js)',
    test: (fn, url) => /@graphql-tools\/executor\/|graphql\/execution\//.test(url),
  },
  { name: 'serialisation (JSON.stringify)', test: (fn, url) => fn === 'stringify' && !url },
  { name: 'postgres.js: sending, receiving, parsing rows', test: (fn, url) => /node_modules\/postgres\//.test(url) },
  {
    name: 'yoga/envelop/whatwg-node pipeline (the rest)',
    test: (fn, url) => /node_modules\/(graphql-yoga|@envelop|@whatwg-node|@graphql-yoga|@graphql-tools)\//.test(url),
  },
  { name: NODE_PHASE, test: (fn, url) => url.startsWith('node:') },
];

export interface ProfileSummary {
  scenario: string;
  requests: number;
  /** Sampled CPU ms, idle and module loading excluded. */
  busyMs: number;
  /** Modules required lazily by the first requests: once per process, left out of the rest. */
  moduleLoadingMs: number;
  busyMsPerRequest: number;
  phases: { name: string; ms: number; share: number; msPerRequest: number }[];
  modules: { name: string; ms: number; share: number }[];
  /** Own functions (src/, schema/) by self time. */
  ownFunctions: { name: string; ms: number; share: number }[];
}

export function summarise(profile: CpuProfile, scenario: string, requests: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // The best (lowest) phase index on the stack from the root down to each node; PHASES.length: none.
  const bestOfNode = new Map<number, number>();
  const bestOf = (id: number): number => {
    const known = bestOfNode.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const { functionName, url } = byId.get(id)!.callFrame;
    const own = PHASES.findIndex((p) => p.test(functionName, url));
    const best = own >= 0 ? own : up === undefined ? PHASES.length : bestOf(up);
    bestOfNode.set(id, best);
    return best;
  };
  const phaseOf = (id: number) => PHASES[bestOf(id)]?.name ?? '';
  // Loading a module (the first requests require some lazily) happens once, not per request.
  const loadingOfNode = new Map<number, boolean>();
  const loading = (id: number): boolean => {
    const known = loadingOfNode.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const { functionName, url } = byId.get(id)!.callFrame;
    const value =
      (up !== undefined && loading(up)) ||
      /node_modules\/tsx\//.test(url) ||
      (/^node:internal\/modules\//.test(url) &&
        /^(Module\._load|Module\._compile|Module\._resolveFilename|loadAndTranslate|register)$/.test(functionName));
    loadingOfNode.set(id, value);
    return value;
  };
  // Whether a node has yoga's processRequest on its stack: marks the stretch that served requests.
  const inRequestOfNode = new Map<number, boolean>();
  const inRequest = (id: number): boolean => {
    const known = inRequestOfNode.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const { functionName, url } = byId.get(id)!.callFrame;
    const value = (up !== undefined && inRequest(up)) || (functionName === 'processRequest' && /graphql-yoga\//.test(url));
    inRequestOfNode.set(id, value);
    return value;
  };
  const phaseMs = new Map<string, number>();
  const moduleMs = new Map<string, number>();
  const ownMs = new Map<string, number>();
  let busy = 0;
  let loadingMs = 0;
  // A sample whose innermost known frame is node's task queue itself: promise bookkeeping.
  const isMicrotaskQueue = (id: number) => {
    let at: number | undefined = id;
    while (at !== undefined && !byId.get(at)!.callFrame.url) at = parent.get(at);
    return at !== undefined && /task_queues/.test(byId.get(at)!.callFrame.url);
  };
  // Only the stretch that served requests: from the first sample in a request phase to the last,
  // so that start-up (loading modules, building the schema) and shutdown stay out.
  let first = -1;
  let last = -1;
  for (let i = 0; i < profile.samples.length; i++) {
    if (inRequest(profile.samples[i])) {
      if (first < 0) first = i;
      last = i;
    }
  }
  for (let i = Math.max(0, first); i <= last; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i])!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    if (loading(node.id)) {
      loadingMs += ms;
      continue;
    }
    busy += ms;
    let phase = phaseOf(node.id);
    if (phase === NODE_PHASE && isMicrotaskQueue(node.id)) phase = 'promise jobs (node task queue, the whole pipeline is promises)';
    if (!phase) phase = functionName === '(garbage collector)' ? 'garbage collection' : 'other (program, timers outside requests)';
    phaseMs.set(phase, (phaseMs.get(phase) ?? 0) + ms);
    const module = moduleOf(url, functionName);
    moduleMs.set(module, (moduleMs.get(module) ?? 0) + ms);
    if (/^(src|schema)\//.test(module)) {
      const name = `${functionName || '(anonymous)'} ${path.relative(repoRoot, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`;
      ownMs.set(name, (ownMs.get(name) ?? 0) + ms);
    }
  }
  const sorted = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, share: busy ? ms / busy : 0 }));
  return {
    scenario,
    requests,
    busyMs: busy,
    moduleLoadingMs: loadingMs,
    busyMsPerRequest: requests ? busy / requests : NaN,
    phases: sorted(phaseMs).map((p) => ({ ...p, msPerRequest: requests ? p.ms / requests : NaN })),
    modules: sorted(moduleMs).slice(0, 25),
    ownFunctions: sorted(ownMs).slice(0, 15),
  };
}

export function renderSummary(summary: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `## ${summary.scenario}: ${summary.requests} requests, ${summary.busyMs.toFixed(0)} ms CPU busy, ${summary.busyMsPerRequest.toFixed(2)} ms per request` +
      ` (${summary.moduleLoadingMs.toFixed(0)} ms loading modules, left out)`,
    '',
    '| phase (innermost known frame) | share | ms per request |',
    '| --- | ---: | ---: |',
    ...summary.phases.map((p) => `| ${p.name} | ${pct(p.share)} | ${p.msPerRequest.toFixed(3)} |`),
    '',
    '| module (self time) | share |',
    '| --- | ---: |',
    ...summary.modules.map((m) => `| ${m.name} | ${pct(m.share)} |`),
    '',
    '| own function (self time) | share |',
    '| --- | ---: |',
    ...summary.ownFunctions.map((m) => `| ${m.name} | ${pct(m.share)} |`),
    '',
  ];
  return lines.join('\n');
}

async function profileScenario(
  scenario: Scenario,
  pool: Variables[],
  options: { duration: number; connections: number; poolSize: number; url: string; intervalUs: number },
) {
  const dir = path.join(profilesDir, `${scenario.name}.tmp`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startServer('shipped', options.poolSize, options.url, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-interval=${options.intervalUs}`,
  ]);
  const bodies = pool.map((variables) => JSON.stringify({ query: scenario.query, variables }));
  let next = 0;
  // A short warm-up (V8's JIT, prepared statements); it is in the profile and in the request count.
  const run = (duration: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: `http://127.0.0.1:${server.port}`,
          connections: options.connections,
          duration,
          requests: [
            {
              method: 'POST',
              path: '/graphql',
              headers: { 'content-type': 'application/json', accept: 'application/json' },
              setupRequest: (request) => {
                request.body = bodies[next++ % bodies.length];
                return request;
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
  await run(2);
  const before = await stats(server);
  const result = await run(options.duration);
  await sleep(300);
  const after = await stats(server);
  await stopServers();
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`${scenario.name}: the server wrote no profile`);
  const target = path.join(profilesDir, `${scenario.name}.cpuprofile`);
  renameSync(path.join(dir, file), target);
  rmSync(dir, { recursive: true, force: true });
  // The profile covers the whole process life: count every request it served.
  const requests = after.requests;
  log(
    `[profile] ${scenario.name}: ${result.requests.average.toFixed(1)} req/s measured (${after.requests - before.requests} requests), ${requests} in the profile`,
  );
  return summarise(JSON.parse(readFileSync(target, 'utf8')) as CpuProfile, scenario.name, requests);
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), {
    scenarios: 'string',
    duration: 'number',
    connections: 'number',
    pool: 'number',
    summarise: 'string',
    requests: 'number',
    interval: 'number',
    resummarise: 'boolean',
  });
  if (flags.resummarise) {
    // The profiles of the last run again, with this file's attribution (request counts from its summary).
    const previous = JSON.parse(readFileSync(path.join(profilesDir, 'summary.json'), 'utf8')) as ProfileSummary[];
    const again = previous.map((p) =>
      summarise(JSON.parse(readFileSync(path.join(profilesDir, `${p.scenario}.cpuprofile`), 'utf8')) as CpuProfile, p.scenario, p.requests),
    );
    for (const summary of again) process.stdout.write(renderSummary(summary) + '\n');
    writeFileSync(path.join(profilesDir, 'summary.json'), JSON.stringify(again, null, 2) + '\n');
    return;
  }
  if (flags.summarise) {
    const profile = JSON.parse(readFileSync(flags.summarise, 'utf8')) as CpuProfile;
    process.stdout.write(renderSummary(summarise(profile, path.basename(flags.summarise), flags.requests ?? 0)));
    return;
  }
  const wanted = (flags.scenarios ?? 'lookup,list,nested,speaker,filter,search').split(',');
  const url = benchDatabaseUrl();
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  mkdirSync(profilesDir, { recursive: true });
  const summaries: ProfileSummary[] = [];
  try {
    for (const name of wanted) {
      const scenario = scenarios.find((s) => s.name === name && !s.mix);
      if (!scenario) throw new Error(`Unknown or mixed scenario ${name}`);
      // Cursor pages need a running newskb to ask: start one briefly.
      let pool: Variables[];
      {
        const helper = await startServer('shipped', 2, url);
        const graphql = async (query: string, variables?: Variables) => {
          const response = await fetch(`http://127.0.0.1:${helper.port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables }),
          });
          return (await response.json()) as { data?: any; errors?: { message: string }[] };
        };
        pool = await scenario.variables({ sql, graphql });
        await stopServers();
      }
      const summary = await profileScenario(scenario, pool, {
        duration: flags.duration ?? 10,
        connections: flags.connections ?? 10,
        poolSize: flags.pool ?? 10,
        url,
        intervalUs: flags.interval ?? 250,
      });
      summaries.push(summary);
      process.stdout.write(renderSummary(summary) + '\n');
    }
  } finally {
    await sql.end();
    await stopServers();
  }
  writeFileSync(path.join(profilesDir, 'summary.json'), JSON.stringify(summaries, null, 2) + '\n');
  log('[profile] wrote bench/results/profiles/summary.json');
}

if (require.main === module) {
  main().catch(async (error) => {
    console.error(error);
    await stopServers();
    process.exit(1);
  });
}
