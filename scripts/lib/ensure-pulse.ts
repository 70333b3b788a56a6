import { spawnSync } from 'node:child_process';
import { findOrInstall, type ToolCheck } from './apt.ts';

export const NO_PULSE_LINE =
  'No PulseAudio found: the output-device tests give Chromium virtual outputs with a private PulseAudio server and record them. Install it (Debian/Ubuntu: sudo apt-get install -y pulseaudio pulseaudio-utils; Fedora: sudo dnf install pulseaudio pulseaudio-utils).';

const works = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const findPulse = () => (works('pulseaudio') && works('parec') ? 'pulseaudio' : undefined);

/** PulseAudio and parec on the PATH, installed with apt-get where this machine allows it; otherwise one clear line. */
export function ensurePulse(log: (line: string) => void = console.log): ToolCheck<string> {
  return findOrInstall(findPulse, ['pulseaudio', 'pulseaudio-utils'], NO_PULSE_LINE, log);
}
