import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** What the OS says about a pid: enough to tell a live server, a zombie and a reused pid apart. */
export interface ProcessInfo {
  pid: number;
  state: 'running' | 'zombie' | 'gone';
  ppid?: number;
  /** Executable name (Linux: /proc comm, e.g. "postgres"). */
  name?: string;
  /** Full command line, arguments joined by spaces. */
  command?: string;
}

/** Linux reads /proc; macOS and other Unixes ask `ps`; Windows only knows alive or not. */
export async function inspectProcess(pid: number): Promise<ProcessInfo> {
  if (!Number.isInteger(pid) || pid <= 0) return { pid, state: 'gone' };
  if (process.platform === 'linux') return inspectLinux(pid);
  if (process.platform === 'win32') return { pid, state: isAlive(pid) ? 'running' : 'gone' };
  return inspectWithPs(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function inspectLinux(pid: number): Promise<ProcessInfo> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return { pid, state: 'gone' };
  }
  // "pid (comm) S ppid ...": comm may contain spaces and parentheses, so split at the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const name = stat.slice(open + 1, close);
  const [state, ppid] = stat.slice(close + 2).split(' ');
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8')
    .then((raw) => raw.split('\0').filter(Boolean).join(' '))
    .catch(() => undefined);
  return {
    pid,
    state: state === 'Z' || state === 'X' ? 'zombie' : 'running',
    ppid: Number(ppid),
    name,
    // A zombie has an empty command line; keep undefined rather than "".
    command: command || undefined,
  };
}

function inspectWithPs(pid: number): Promise<ProcessInfo> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'stat=,ppid=,command=', '-p', String(pid)], (error, stdout) => {
      const line = stdout.trim();
      if (error || !line) {
        resolve({ pid, state: isAlive(pid) ? 'running' : 'gone' });
        return;
      }
      const match = /^(\S+)\s+(\d+)\s+(.*)$/.exec(line);
      if (!match) {
        resolve({ pid, state: 'running' });
        return;
      }
      const command = match[3]!;
      resolve({
        pid,
        state: match[1]!.startsWith('Z') ? 'zombie' : 'running',
        ppid: Number(match[2]),
        name: command.split(/\s+/)[0]?.split('/').pop(),
        command,
      });
    });
  });
}

/** Polls until the process is gone (or a zombie) or the timeout passes; true if it went away. */
export async function waitForExit(pid: number, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await inspectProcess(pid);
    if (info.state !== 'running') return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
