import type { ProcessInfo } from './process-info.ts';

/**
 * PostgreSQL writes `postmaster.pid` into its data directory while it runs and removes it on a
 * clean shutdown. After a SIGKILLed `npm start`, the file (and often the server) is left behind.
 * This file holds the pure parts of recognising that: parsing the file and deciding what to do.
 */

export interface PostmasterPid {
  pid: number;
  dataDir?: string;
  startedAt?: number;
  port?: number;
  socketDir?: string;
  listenAddress?: string;
  status?: string;
}

/**
 * Parses postmaster.pid. Lines: pid, data directory, start time (epoch seconds), port,
 * socket directory, listen address, shared memory key, status ("starting", "ready", ...).
 * A file cut short (the server was killed while writing it) still yields what it has; a
 * file without a valid pid yields undefined.
 */
export function parsePostmasterPid(text: string): PostmasterPid | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const num = (value: string | undefined) => {
    const n = Number(value);
    return value && Number.isInteger(n) ? n : undefined;
  };
  const str = (value: string | undefined) => (value ? value : undefined);
  return {
    pid,
    dataDir: str(lines[1]),
    startedAt: num(lines[2]),
    port: num(lines[3]),
    socketDir: str(lines[4]),
    listenAddress: str(lines[5]),
    status: str(lines[7]),
  };
}

export type StaleVerdict =
  /** No pid file: nothing to recover. */
  | { action: 'none' }
  /** The file is unreadable garbage, or its pid now belongs to an unrelated process (pid reuse). */
  | { action: 'remove-pid-file'; reason: string }
  /** The process is gone; PostgreSQL itself replaces such a file (and checks shared memory first). */
  | { action: 'leave-pid-file'; reason: string }
  /** A server for this data directory is still running and nobody owns it any more. */
  | { action: 'stop-server'; pid: number; reason: string }
  /** A server for this data directory is running under a live process of ours: not stale. */
  | { action: 'in-use'; pid: number; ownerPid: number; ownerCommand: string };

/** Commands that may legitimately own an embedded server: node (npm start, vitest, tsx). */
const OWNER_COMMAND = /(^|[\\/\s])(node|nodejs|tsx|vitest)(\.exe)?(\s|$)/i;

export function isPostgresProcess(proc: ProcessInfo): boolean {
  const name = (proc.name ?? proc.command?.split(/\s+/)[0] ?? '').split(/[\\/]/).pop() ?? '';
  return /^postgres(\.exe)?$/i.test(name) || /^postmaster$/i.test(name);
}

/**
 * Decides how to recover from a postmaster.pid left in `clusterDir`.
 * `server` describes the pid in the file; `owner` describes that process's parent.
 */
export function judgeStaleServer(input: {
  fileExists: boolean;
  parsed: PostmasterPid | undefined;
  server: ProcessInfo | undefined;
  owner: ProcessInfo | undefined;
  clusterDirs: string[];
}): StaleVerdict {
  const { fileExists, parsed, server, owner, clusterDirs } = input;
  if (!fileExists) return { action: 'none' };
  if (!parsed) return { action: 'remove-pid-file', reason: 'postmaster.pid is unreadable' };
  if (!server || server.state === 'gone') {
    return { action: 'leave-pid-file', reason: `postmaster.pid names pid ${parsed.pid}, which is no longer running` };
  }
  if (server.state === 'zombie') {
    // Killed and never reaped (containers whose init does not reap): it holds nothing any more,
    // but PostgreSQL's own check (kill(pid, 0)) would still see it as alive.
    return { action: 'remove-pid-file', reason: `pid ${parsed.pid} from postmaster.pid is a defunct (zombie) process` };
  }
  const isOurs =
    isPostgresProcess(server) && (server.command === undefined || clusterDirs.some((dir) => server.command!.includes(dir)));
  if (!isOurs) {
    return {
      action: 'remove-pid-file',
      reason: `pid ${parsed.pid} from postmaster.pid now belongs to another program (${server.command ?? server.name ?? 'unknown'})`,
    };
  }
  if (owner && owner.state === 'running' && owner.pid !== 1 && OWNER_COMMAND.test(owner.command ?? owner.name ?? '')) {
    return { action: 'in-use', pid: parsed.pid, ownerPid: owner.pid, ownerCommand: owner.command ?? owner.name ?? 'unknown' };
  }
  return { action: 'stop-server', pid: parsed.pid, reason: `a PostgreSQL server (pid ${parsed.pid}) left running by an earlier run` };
}
