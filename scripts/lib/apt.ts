import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
