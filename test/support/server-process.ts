import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export async function sparePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * `npm start`'s server in a process of its own, as operators run it: for what only a real
 * process shows (signals, exit codes, exporters that load Node modules lazily).
 */
export async function startServerProcess(env: Record<string, string>) {
  const port = await sparePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'production', ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  const origin = `http://127.0.0.1:${port}`;
  const since = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (
      (await fetch(`${origin}/readyz`).then(
        (response) => response.status,
        () => 0,
      )) === 200
    )
      break;
    // A fresh PGlite folder is migrated and seeded first: 25 s on a loaded 2-core machine.
    if (Date.now() - since > 90_000) {
      child.kill('SIGKILL');
      throw new Error('the server never became ready');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    origin,
    child,
    exited,
    /** Never leaves a server behind, whatever the test did. */
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
