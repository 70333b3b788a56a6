import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type ToolCheck<T> = { ok: true; found: T; installed: boolean } | { ok: false; problem: string };

/** Debian or Ubuntu, run as root (a fresh CI or container machine): packages can be installed here. */
export function canAptInstall(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.STAGETRACKER_NO_INSTALL !== '1';
}

/** Installs Debian packages; returns a one-line problem, or null when they installed. */
export function aptInstall(packages: string[], log: (line: string) => void): string | null {
  log(`Installing ${packages.join(', ')} with apt-get (once)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...packages]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) return `apt-get ${args.join(' ')} failed (exit ${result.status})`;
  }
  return null;
}

/**
 * A tool the tests need: found as it is, or installed from Debian's `packages` where this machine
 * allows it and found again; otherwise the one line `missing` says what to install.
 */
export function findOrInstall<T>(find: () => T | undefined, packages: string[], missing: string, log: (line: string) => void): ToolCheck<T> {
  const found = find();
  if (found !== undefined) return { ok: true, found, installed: false };
  if (!canAptInstall()) return { ok: false, problem: missing };
  const failed = aptInstall(packages, log);
  const after = failed ? undefined : find();
  if (after === undefined) return { ok: false, problem: `${failed ?? `${packages.join(', ')} still missing after apt-get`}. ${missing}` };
  return { ok: true, found: after, installed: true };
}
