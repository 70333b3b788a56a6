import { spawnSync } from 'node:child_process';
import { findOrInstall, type ToolCheck } from './apt.ts';

export const NO_FFMPEG_LINE =
  'No ffmpeg found: the codec tests make and check their fixtures with it. Install it (Debian/Ubuntu: sudo apt-get install -y ffmpeg; Fedora: sudo dnf install ffmpeg; macOS: brew install ffmpeg).';

const findFfmpeg = () => (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0 ? 'ffmpeg' : undefined);

/** ffmpeg on the PATH, installed with apt-get where this machine allows it; otherwise one clear line. */
export function ensureFfmpeg(log: (line: string) => void = console.log): ToolCheck<string> {
  return findOrInstall(findFfmpeg, ['ffmpeg'], NO_FFMPEG_LINE, log);
}
