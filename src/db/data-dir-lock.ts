import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * PGlite is Postgres in one process, with no postmaster to share its files: a second process that
 * opens the same folder works on its own copy in memory, answers "done", and what it wrote is
 * never seen by the first and is lost (issue 14, item 5). So the folder has one holder at a time,
 * named in a lock file inside it, as Postgres' postmaster.pid is (initdb does not mind it).
 *
 * An O_EXCL file with the holder's PID, rather than proper-lockfile's mkdir and mtime: that one
 * counts a lock whose mtime was not refreshed for 10 s as stale, and PGlite runs its statements in
 * the event loop, which a long import holds for longer; a PID tells a crashed holder from a busy
 * one at once, and lets the refusal say who holds the folder.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${dataDir} is in use by ${holder.holder} (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}); ` +
        "stop it first, or write through the running server's GraphQL API, or use a Postgres (DATABASE_URL) that processes can share " +
        `(if no such process runs, delete ${lockFileOf(dataDir)})`,
    );
    this.name = 'DataDirInUseError';
  }
}

interface LockHolder {
  pid: number;
  host: string;
  holder: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

export function lockFileOf(dataDir: string): string {
  return path.join(dataDir, 'newskb.lock');
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    // Missing, or cut short by a crash between create and write: nobody holds it.
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A holder is stale when its process is gone. Our own PID in the file is stale too: in a container
 * the server is PID 1 at every start, and the file is what a killed predecessor left.
 */
function isStale(holder: LockHolder | undefined): boolean {
  if (!holder || !Number.isInteger(holder.pid)) return true;
  if (holder.host !== hostname()) return false;
  return holder.pid === process.pid || !isRunning(holder.pid);
}

/** Takes the data folder for this process, or throws DataDirInUseError naming its holder. */
export function lockDataDir(dataDir: string, holder: string): DataDirLock {
  const file = lockFileOf(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const mine: LockHolder = { pid: process.pid, host: hostname(), holder, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readHolder(file);
      // Two processes may find the same stale file: each removes it once, and O_EXCL lets one win.
      if (attempt === 0 && isStale(current)) {
        try {
          unlinkSync(file);
        } catch (unlinkError) {
          if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
        }
        continue;
      }
      throw new DataDirInUseError(dataDir, current ?? { pid: 0, host: hostname(), holder: 'another process', since: '' });
    }
    writeSync(fd, JSON.stringify(mine));
    closeSync(fd);
    break;
  }

  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Only our own file: never one that someone took after deleting ours by hand.
    if (readHolder(file)?.pid === process.pid) unlinkSync(file);
  };
  // process.exit() skips close(): the file must not outlive the process even then.
  process.on('exit', release);
  return { release };
}
