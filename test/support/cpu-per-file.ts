import { appendFileSync } from 'node:fs';
import path from 'node:path';

/**
 * With NEWSKB_TEST_CPU_LOG=<file> (jest.config.js adds this file then), each test file appends
 * one line to <file>: its CPU time (user + system, this process only, so not the server
 * processes and tools it starts) in milliseconds, split into loading its modules, its
 * beforeAll hooks (the database copy, the app) and the whole file, and its wall time. jest's
 * workers are reused, so a file's figures are its own. docs/testing.md says how to read them.
 */
const log = process.env.NEWSKB_TEST_CPU_LOG!;
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const started = { cpu: cpu(), wall: Date.now() };
let loaded: number | undefined;
let firstTest: number | undefined;

// The first hooks to run: this file's hooks are registered before the test file's own.
beforeAll(() => {
  loaded = cpu();
});
beforeEach(() => {
  firstTest ??= cpu();
});
afterAll(() => {
  const end = cpu();
  const file = path.relative(process.cwd(), expect.getState().testPath ?? 'unknown');
  const modules = (loaded ?? end) - started.cpu;
  const hooks = (firstTest ?? end) - (loaded ?? end);
  const fields = [file, modules, hooks, end - started.cpu, Date.now() - started.wall].map((value) =>
    typeof value === 'number' ? value.toFixed(0) : value,
  );
  appendFileSync(log, `${fields.join('\t')}\n`);
});
