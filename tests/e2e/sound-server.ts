/**
 * A private PulseAudio server with virtual output devices (null sinks), so Chromium has real
 * outputs to list and open, and a test can record what reaches each one from its monitor source.
 * Started per test file in its own runtime folder; it never touches a desktop's own server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SoundServer {
  /** For the browser's environment. */
  env: Record<string, string>;
  /** Records `seconds` from a device's monitor: interleaved float samples, `channels` per frame. */
  record(sink: string, seconds: number, channels?: number): Promise<Float32Array>;
  stop(): Promise<void>;
}

export const RECORD_RATE = 48_000;

/** The devices to create: PulseAudio sink name → the description Chrome lists as its label. */
export async function startSoundServer(sinks: Record<string, string>): Promise<SoundServer> {
  for (const tool of ['pulseaudio', 'parec']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0) {
      throw new Error(`${tool} is missing: install PulseAudio (Debian: apt-get install pulseaudio pulseaudio-utils); npm test installs it where it can`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'stagetracker-pulse-'));
  const socket = join(dir, 'native');
  const env = { PULSE_SERVER: `unix:${socket}`, PULSE_RUNTIME_PATH: dir, PULSE_STATE_PATH: dir, XDG_RUNTIME_DIR: dir, HOME: dir };
  const modules = [
    `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
    ...Object.entries(sinks).map(([name, label]) => `module-null-sink sink_name=${name} rate=${RECORD_RATE} channels=2 sink_properties=device.description=${label}`),
  ];
  // -n: none of the system's default.pa (no hardware, no desktop modules); as root it warns and runs.
  const server: ChildProcess = spawn('pulseaudio', ['-n', '--daemonize=no', '--exit-idle-time=-1', '--log-target=stderr', ...modules.map((m) => `--load=${m}`)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (server.exitCode !== null || Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`PulseAudio did not start: ${log.trim().split('\n').slice(-5).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    env,
    record: (sink, seconds, channels = 2) =>
      new Promise((resolve, reject) => {
        // parec can take a second to start delivering: stop on the samples counted, not on wall time.
        const wanted = Math.round(seconds * RECORD_RATE) * channels * 4;
        const args = ['-d', `${sink}.monitor`, '--raw', '--format=float32le', `--rate=${RECORD_RATE}`, `--channels=${channels}`, '--latency-msec=20'];
        const rec = spawn('parec', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        const parts: Buffer[] = [];
        let got = 0;
        let err = '';
        const timeout = setTimeout(() => rec.kill('SIGTERM'), (seconds + 10) * 1000);
        rec.stdout.on('data', (d: Buffer) => {
          parts.push(d);
          got += d.length;
          if (got >= wanted) rec.kill('SIGTERM');
        });
        rec.stderr.on('data', (d: Buffer) => (err += d.toString()));
        rec.on('error', reject);
        rec.on('close', () => {
          clearTimeout(timeout);
          const bytes = Buffer.concat(parts).subarray(0, wanted);
          if (bytes.length < wanted) return reject(new Error(`parec ${sink}: ${bytes.length} of ${wanted} bytes in ${seconds + 10} s ${err.trim()}`));
          resolve(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
        });
      }),
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('close', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Peak level of a recording in dBFS (-200 for digital silence). */
export function peakDb(samples: Float32Array): number {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  return peak > 0 ? 20 * Math.log10(peak) : -200;
}
