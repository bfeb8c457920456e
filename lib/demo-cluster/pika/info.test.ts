import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '@/lib/adapters/redis/fixture-replies';
import { renderInfo, renderReplication, type PikaInfoState, type ReplState } from './info';

/** The simulator's INFO replication, line for line against the captured and constructed fixtures. */

function fixtureReplication(file: string): string[] {
  const text = readFileSync(path.join(FIXTURES, 'pika', file), 'utf8');
  return text
    .slice(text.indexOf('# Replication'))
    .split(/\r?\n/)
    .map((line) => line.trim())
    // 3.4.2's "consensus last_log" line comes from a build option the simulator does not have.
    .filter((line) => line !== '' && !line.startsWith('consensus '));
}

function lines(text: string): string[] {
  return text.split('\r\n').filter((line) => line !== '');
}

function state(overrides: Partial<PikaInfoState>): PikaInfoState {
  return {
    version: '3.5.0',
    format: 'v3',
    port: 9221,
    startedAtMs: 0,
    runId: 'r',
    replicationId: 'b2f1c0a0d5e34f2a9c1d7e6f5a4b3c2d1e0f9a8b',
    master: null,
    metaSyncDone: true,
    dbStates: new Map(),
    binlog: new Map([['db0', { file: 17794, offset: 8127680 }]]),
    slaves: [],
    ...overrides,
  };
}

const slave82 = (dbState: 'binlog_sync' | 'db_sync') => ({ ip: '192.168.201.82', port: 9221, connFd: 88, dbs: [{ db: 'db0', state: dbState, sent: { file: 17794, offset: 8127680 } }] });

describe('simulated Pika INFO replication matches the fixtures', () => {
  it('3.x master (v3.4.2 / v3.5.0 captures)', () => {
    const text = renderReplication(state({ slaves: [slave82('binlog_sync')] }));
    expect(lines(text)).toEqual(fixtureReplication('v3.5.0-master.info.txt'));
    expect(lines(text)).toEqual(fixtureReplication('v3.4.2-master.info.txt'));
  });

  it('3.x slave (v3.5.0 capture)', () => {
    const text = renderReplication(state({ master: { host: '192.168.201.81', port: 9221 }, dbStates: new Map<string, ReplState>([['db0', 'Connected']]) }));
    expect(lines(text)).toEqual(fixtureReplication('v3.5.0-slave.info.txt'));
  });

  it('4.x master while a slave syncs full (constructed from src/pika_admin.cc; slave_repl_offset as the source prints it)', () => {
    const text = renderReplication(state({ format: 'v4', slaves: [slave82('db_sync')] }));
    expect(lines(text).filter((line) => !line.startsWith('slave_repl_offset:'))).toEqual(fixtureReplication('v4-master-full-syncing.constructed.txt'));
  });

  it('4.x slave whose db is in error', () => {
    const text = renderReplication(
      state({ format: 'v4', master: { host: '192.168.201.81', port: 9221 }, dbStates: new Map<string, ReplState>([['db0', 'Error']]), binlog: new Map([['db0', { file: 0, offset: 0 }]]) }),
    );
    expect(lines(text)).toEqual(fixtureReplication('v4-slave-full-sync-error.constructed.txt'));
  });

  it('Master && SLAVE: both halves, no slave_priority (src/pika_admin.cc falls through to the slave list)', () => {
    const text = renderReplication(state({ format: 'v4', master: { host: '10.0.0.1', port: 9221 }, dbStates: new Map<string, ReplState>([['db0', 'Connected']]), slaves: [slave82('binlog_sync')] }));
    expect(lines(text).slice(0, 2)).toEqual(['# Replication(Master && SLAVE)', 'role:master&&slave']);
    expect(text).not.toContain('slave_priority');
    expect(text).toContain('connected_slaves:1\r\nslave0:ip=192.168.201.82,port=9221,conn_fd=88,lag=(db0:0)\r\n');
  });

  it('INFO server, INFO replication, INFO (all) and an unknown section', () => {
    const node = state({ version: '4.0.1', format: 'v4', startedAtMs: 0 });
    expect(renderInfo(node, 'server', 90_000)).toContain('pika_version:4.0.1\r\n');
    expect(renderInfo(node, 'server', 90_000)).toContain('uptime_in_seconds:90\r\n');
    expect(renderInfo(node, 'REPLICATION', 0)).toMatch(/^# Replication\(MASTER\)/);
    expect(renderInfo(node, undefined, 0)).toMatch(/^# Server[\s\S]*# Replication\(MASTER\)/);
    expect(renderInfo(node, 'nonsense', 0)).toBe('');
  });
});
