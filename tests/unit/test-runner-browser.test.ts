import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// A machine without a usable browser gets one line saying what to do, never a stack trace.
describe('npm test without a usable browser', () => {
  it('stops the e2e stage with one clear line and the failure counted', () => {
    const result = spawnSync(process.execPath, ['scripts/test.ts', 'e2e'], {
      env: { ...process.env, CHROME_PATH: '/nonexistent/chromium', STAGETRACKER_NO_INSTALL: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CHROME_PATH is set to /nonexistent/chromium, but no file exists there.');
    expect(result.stderr + result.stdout).not.toMatch(/^\s+at /m);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });
});
