// `npm test`: typecheck, unit, integration, e2e and the quick bench, in that order, stopping at the
// first failing stage.
// Runs with Node's own type stripping (`node scripts/test.ts`), so: Node built-ins only, no enums.
// `npm test -- unit integration` runs only the named stages.
// The last line printed is `N passed, N failed` (CI reads it); the exit code is 0 only if all passed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowser } from './lib/ensure-browser.ts';
import { ensureFfmpeg } from './lib/ensure-ffmpeg.ts';
import { ensurePulse } from './lib/ensure-pulse.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

interface Step {
  label: string;
  command: string;
  args: string[];
  /** Runs in this process instead of a command; returns the exit code. */
  inline?: () => number;
  env?: NodeJS.ProcessEnv;
  /** Bench JSON report written by this step (each figure group counts as a test). */
  benchReport?: string;
  /** Vitest JSON report written by this step (its tests are counted). */
  report?: string;
}

interface Stage {
  name: string;
  steps: Step[];
  countsTests: boolean;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that failed without a failing test (import error, hook failure). */
  brokenFiles: number;
}

interface Result {
  stage: Stage;
  status: 'passed' | 'failed' | 'skipped';
  seconds: number;
  counts?: Counts;
  note?: string;
}

const node = process.execPath;
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const wxtBin = path.join(root, 'node_modules', 'wxt', 'bin', 'wxt.mjs');
const reportPath = (name: string) => path.join(tmpdir(), `stagetracker-vitest-${process.pid}-${name}.json`);

function npmStep(label: string, script: string): Step {
  // Under `npm test`, npm_execpath is npm's own CLI: run it with this same Node.
  const npmCli = process.env.npm_execpath;
  return npmCli && npmCli.endsWith('.js')
    ? { label, command: node, args: [npmCli, 'run', '--silent', script] }
    : { label, command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['run', '--silent', script] };
}

function vitestStep(project: string): Step {
  const report = reportPath(project);
  return {
    label: `vitest run --project ${project}`,
    command: node,
    args: [vitestBin, 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    report,
  };
}

/** A tool a stage needs: found, or installed where this machine allows it, or one clear line. */
function toolStep(label: string, ensure: () => { ok: true; found: string; installed: boolean } | { ok: false; problem: string }, onFound?: (found: string) => void): Step {
  return {
    label,
    command: '',
    args: [],
    inline: () => {
      const check = ensure();
      if (!check.ok) {
        console.error(check.problem);
        return 1;
      }
      console.log(`${check.installed ? 'installed' : 'using'} ${check.found}`);
      onFound?.(check.found);
      return 0;
    },
  };
}

/** The e2e tests and the bench drive Chromium; the codec tests make their fixtures with ffmpeg; the output-device tests play into PulseAudio. */
const browserStep = () => toolStep('find Chromium', () => ensureBrowser(), (found) => (process.env.CHROME_PATH ??= found));
const ffmpegStep = () => toolStep('find ffmpeg', () => ensureFfmpeg());
const pulseStep = () => toolStep('find PulseAudio', () => ensurePulse());

/** Every benchmark group once, in seconds (BENCH_QUICK=1): a figure that no longer works fails here. */
function benchStep(): Step {
  const out = path.join(tmpdir(), `stagetracker-bench-${process.pid}`);
  return {
    label: 'BENCH_QUICK=1 npm run bench',
    command: node,
    args: ['--import', 'tsx', 'bench/run.ts'],
    env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: out },
    benchReport: path.join(out, 'latest.json'),
  };
}

const allStages: Stage[] = [
  { name: 'typecheck', steps: [npmStep('npm run typecheck', 'typecheck')], countsTests: false },
  { name: 'unit', steps: [vitestStep('unit')], countsTests: true },
  { name: 'integration', steps: [vitestStep('integration')], countsTests: true },
  { name: 'e2e', steps: [browserStep(), ffmpegStep(), pulseStep(), { label: 'wxt build', command: node, args: [wxtBin, 'build'] }, vitestStep('e2e')], countsTests: true },
  { name: 'bench', steps: [browserStep(), benchStep()], countsTests: true },
];

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !allStages.some((stage) => stage.name === name));
if (unknown.length) {
  console.error(`Unknown stage(s): ${unknown.join(', ')}. Stages: ${allStages.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const stages = wanted.length ? allStages.filter((stage) => wanted.includes(stage.name)) : allStages;

let interrupted = false;
let current: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill(signal); // in a terminal it already has it; from CI or `kill` it may not
  });
}

function run(step: Step): Promise<number> {
  if (step.inline) return Promise.resolve(step.inline());
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: 'inherit', env: step.env ?? process.env });
    current = child;
    child.once('error', (err) => {
      console.error(`Cannot run ${step.label}: ${err.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { status?: string; assertionResults?: { status?: string }[] }[];
}

/** Reads a JSON report a step wrote, then removes it (and `remove`, its folder, if given). */
function readReport<T>(file: string, count: (report: T) => Counts, remove = file): Counts | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return count(JSON.parse(readFileSync(file, 'utf8')) as T);
  } catch {
    return undefined;
  } finally {
    rmSync(remove, { recursive: true, force: true });
  }
}

const readCounts = (file: string) =>
  readReport<VitestReport>(file, (report) => ({
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    // Files that failed without a failing test (import error, hook failure).
    brokenFiles: (report.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length,
  }));

/** Each benchmark group counts as one test. */
const readBenchCounts = (file: string) =>
  readReport<{ groups?: { failed?: string }[] }>(
    file,
    ({ groups = [] }) => ({ passed: groups.filter((g) => !g.failed).length, failed: groups.filter((g) => g.failed).length, skipped: 0, brokenFiles: 0 }),
    path.dirname(file),
  );

const bar = (text: string) => console.log(`\n==> ${text}`);
const secs = (ms: number) => Math.round(ms / 100) / 10;

const results: Result[] = [];
let failedStage = false;
const totalStart = performance.now();

for (const stage of stages) {
  if (failedStage || interrupted) {
    results.push({ stage, status: 'skipped', seconds: 0 });
    continue;
  }
  bar(`[${stage.name}] starting`);
  const started = performance.now();
  const result: Result = { stage, status: 'passed', seconds: 0 };
  for (const step of stage.steps) {
    bar(`[${stage.name}] ${step.label}`);
    const code = await run(step);
    if (step.report) {
      const counts = readCounts(step.report);
      if (counts) result.counts = counts;
    }
    if (step.benchReport) {
      const counts = readBenchCounts(step.benchReport);
      if (counts) result.counts = counts;
    }
    if (interrupted) {
      result.status = 'failed';
      result.note = 'interrupted';
      break;
    }
    if (code !== 0) {
      result.status = 'failed';
      result.note = `${step.label} exited with code ${code}`;
      break;
    }
  }
  if (result.status === 'passed' && stage.countsTests) {
    const c = result.counts;
    if (!c) {
      result.status = 'failed';
      result.note = 'no test report was written';
    } else if (c.passed + c.failed === 0) {
      result.status = 'failed';
      result.note = 'ran no tests: a test stage with nothing in it does not count as passing';
    }
  }
  result.seconds = secs(performance.now() - started);
  bar(`[${stage.name}] ${result.status === 'passed' ? 'passed' : 'FAILED'} in ${result.seconds} s${result.note ? ` (${result.note})` : ''}`);
  results.push(result);
  if (result.status === 'failed') failedStage = true;
}

// Summary. A failing stage with no failing test in it (type errors, a file that does not load,
// no tests at all) still counts as one failure, so the closing line never reads "0 failed" on red.
let passed = 0;
let failed = 0;
const rows: string[] = [];
for (const r of results) {
  const c = r.counts;
  let failures = c ? c.failed + c.brokenFiles : 0;
  if (r.status === 'failed' && failures === 0) failures = 1;
  if (r.status !== 'skipped') {
    passed += c?.passed ?? 0;
    failed += failures;
  }
  const detail = c
    ? `${c.passed} passed, ${c.failed} failed${c.brokenFiles ? `, ${c.brokenFiles} file(s) broken` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}`
    : '';
  const status = r.status === 'passed' ? 'passed' : r.status === 'failed' ? 'FAILED' : 'skipped';
  rows.push(
    `  ${r.stage.name.padEnd(12)} ${status.padEnd(8)} ${(r.status === 'skipped' ? '' : `${r.seconds.toFixed(1)} s`).padStart(8)}  ${detail}${r.note ? `  (${r.note})` : ''}`.trimEnd(),
  );
}
console.log('\n==> summary');
console.log(rows.join('\n'));
console.log(`  ${'total'.padEnd(12)} ${''.padEnd(8)} ${`${secs(performance.now() - totalStart).toFixed(1)} s`.padStart(8)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(interrupted ? 130 : failedStage ? 1 : 0);
