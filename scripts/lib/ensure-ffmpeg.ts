import { spawnSync } from 'node:child_process';
import { aptInstall, canAptInstall } from './apt.ts';

export const NO_FFMPEG_LINE =
  'No ffmpeg found: the codec tests make and check their fixtures with it. Install it (Debian/Ubuntu: sudo apt-get install -y ffmpeg; Fedora: sudo dnf install ffmpeg; macOS: brew install ffmpeg).';

const hasFfmpeg = () => spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;

/** ffmpeg on the PATH, installed with apt-get where this machine allows it; otherwise one clear line. */
export function ensureFfmpeg(log: (line: string) => void = console.log): { ok: true } | { ok: false; problem: string } {
  if (hasFfmpeg()) return { ok: true };
  if (!canAptInstall()) return { ok: false, problem: NO_FFMPEG_LINE };
  const failed = aptInstall(['ffmpeg'], log);
  if (failed || !hasFfmpeg()) return { ok: false, problem: `${failed ?? 'ffmpeg is still missing after apt-get'}. ${NO_FFMPEG_LINE}` };
  return { ok: true };
}
