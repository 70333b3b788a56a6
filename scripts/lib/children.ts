import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspectProcess, waitForExit } from '../../tools/embedded-postgres/process-info.ts';

/**
 * Child processes of `npm start` (backend watcher, browser), each in its own process group:
 * a Ctrl-C in the terminal reaches only the start script, which then stops them in order,
 * signalling each whole group (tsx watch + the backend, Chromium + its helpers).
 *
 * Their pids are recorded in a run-state file, so that if the start script is SIGKILLed, the
 * next run can find and stop what it left behind before starting again.
 */

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  hasExited(): boolean;
  /** Signals the whole group, waits, then escalates to SIGKILL. Idempotent. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

interface RunState {
  owner: { pid: number; command: string };
  children: { name: string; pid: number; command: string }[];
}

export class ChildRegistry {
  private readonly children: Child[] = [];

  private constructor(
    private readonly stateFile: string,
    private readonly ownCommand: string,
  ) {}

  static async create(stateFile: string): Promise<ChildRegistry> {
    // Recorded as the OS shows it (with node's own flags), to be recognised by stopLeftovers.
    const own = await inspectProcess(process.pid);
    return new ChildRegistry(stateFile, own.command ?? process.argv.join(' '));
  }

  spawn(name: string, command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; stdio?: StdioOptions; cwd?: string } = {}): Child {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: opts.stdio ?? defaultStdio(),
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    // Relayed output goes through our own (EPIPE-proof) streams, so a closed pipe reaches no child.
    child.stdout?.pipe(process.stdout, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
    let done = false;
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => {
        done = true;
        resolve(code);
      });
      child.once('error', () => {
        done = true;
        resolve(null);
      });
    });
    let stopping: Promise<void> | undefined;
    const entry: Child = {
      name,
      process: child,
      exited,
      hasExited: () => done,
      stop: (signal = 'SIGTERM', timeoutMs = 10_000) =>
        (stopping ??= (async () => {
          if (done || child.pid === undefined) return;
          signalGroup(child.pid, signal);
          const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
          if ((await Promise.race([exited, timer])) === 'timeout') {
            signalGroup(child.pid, 'SIGKILL');
            await exited;
          }
          // The leader may exit before the rest of its group: make sure nothing of it stays.
          signalGroup(child.pid, 'SIGKILL');
        })()),
    };
    this.children.push(entry);
    this.save();
    void exited.then(() => this.save());
    return entry;
  }

  /** Stops every child still running, newest first. */
  async stopAll(): Promise<void> {
    for (const child of [...this.children].reverse()) await child.stop();
    this.clear();
  }

  clear(): void {
    rmSync(this.stateFile, { force: true });
  }

  private save(): void {
    const running = this.children.filter((c) => !c.hasExited() && c.process.pid !== undefined);
    const state: RunState = {
      owner: { pid: process.pid, command: this.ownCommand },
      children: running.map((c) => ({ name: c.name, pid: c.process.pid!, command: c.process.spawnargs.join(' ') })),
    };
    mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 2));
    renameSync(tmp, this.stateFile);
  }
}

/**
 * A terminal is shared as it is (colours, progress bars). A pipe or file is relayed through this
 * process instead: if whoever reads it goes away (`npm start | head`), a child writing to it
 * directly would die of EPIPE, while our relay just drops the output.
 */
function defaultStdio(): StdioOptions {
  return ['ignore', process.stdout.isTTY ? 'inherit' : 'pipe', process.stderr.isTTY ? 'inherit' : 'pipe'];
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') process.kill(pid, signal);
    else process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Reads the run-state file of an earlier run. If that run is still alive, throws (two `npm start`
 * on one data directory would fight over ports and the database). Otherwise stops the children
 * it left behind: only processes whose command line still matches what was recorded.
 */
export async function stopLeftovers(stateFile: string, log: (msg: string) => void): Promise<void> {
  let state: RunState;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as RunState;
  } catch {
    return;
  }
  const matches = async (pid: number, command: string) => {
    const info = await inspectProcess(pid);
    if (info.state !== 'running') return false;
    // Without a command line (Windows) a live pid is not proof enough: leave it alone.
    return info.command !== undefined && info.command.slice(0, 300) === command.slice(0, 300);
  };
  if (state.owner.pid !== process.pid && (await matches(state.owner.pid, state.owner.command))) {
    throw new Error(
      `StageTracker is already running from this folder (pid ${state.owner.pid}). Stop it first (Ctrl-C in its terminal, or kill ${state.owner.pid}).`,
    );
  }
  for (const child of state.children) {
    if (!(await matches(child.pid, child.command))) continue;
    log(`stopping the ${child.name} (pid ${child.pid}) left running by an earlier run`);
    signalGroup(child.pid, 'SIGTERM');
    if (!(await waitForExit(child.pid, 5000))) signalGroup(child.pid, 'SIGKILL');
    signalGroup(child.pid, 'SIGKILL');
  }
  rmSync(stateFile, { force: true });
}
