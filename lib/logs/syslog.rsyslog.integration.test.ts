import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syslogLogSourceSchema } from './config';
import { LogIngest, type IngestBatch } from './ingest';
import { requireSystemTool } from './testing/system-tool';
import { waitFor } from './testing/wait';

/**
 * The real Debian rsyslogd, with its own config, pid file and work directory,
 * tails two log files with imfile and forwards them with omfwd over TCP to the
 * receiver on 127.0.0.1 — once octet-counted, once newline-framed. The
 * receiver's port is the OS's choice (port 0), so nothing collides.
 */

const rsyslogd = requireSystemTool('rsyslogd', 'rsyslog');

let dir: string;
let daemon: ChildProcess | null = null;
let ingest: LogIngest | null = null;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-rsyslog-'));
  mkdirSync(path.join(dir, 'work'));
});
afterEach(async () => {
  if (daemon && daemon.exitCode === null) {
    const exited = new Promise((resolve) => daemon?.once('exit', resolve));
    daemon.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  }
  daemon = null;
  await ingest?.stop();
  ingest = null;
  rmSync(dir, { recursive: true, force: true });
});

function startRsyslog(port: number, framing: 'octet-counted' | 'traditional'): ChildProcess {
  const config = path.join(dir, 'rsyslog.conf');
  writeFileSync(
    config,
    [
      `global(workDirectory="${dir}/work" localHostName="db-host-7")`,
      // Polling, so the test does not depend on inotify limits of a shared machine.
      'module(load="imfile" mode="polling" PollingInterval="1")',
      `input(type="imfile" File="${dir}/pika.log" Tag="pika" Severity="info" Facility="local0" freshStartTail="off")`,
      `input(type="imfile" File="${dir}/go-quai.log" Tag="go-quai" Severity="info" Facility="local0" freshStartTail="off")`,
      `action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp" TCP_Framing="${framing}" template="RSYSLOG_SyslogProtocol23Format"`,
      '       action.resumeRetryCount="-1" action.resumeInterval="1" queue.type="LinkedList" queue.size="10000")',
      '',
    ].join('\n'),
  );
  const child = spawn(rsyslogd, ['-n', '-f', config, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[rsyslogd] ${chunk}`));
  return child;
}

function syslogSource(allowFrom: string[]) {
  return syslogLogSourceSchema.parse({
    type: 'syslog',
    listen: '127.0.0.1:1', // replaced below: the OS picks the port
    protocol: 'tcp',
    allowFrom,
    format: 'raw',
    map: [
      { appName: 'pika', target: 'pika-1' },
      { hostname: 'db-host-7', appName: 'go-quai', target: 'quai-1' },
    ],
  });
}

async function startIngest(allowFrom: string[]) {
  const batches: IngestBatch[] = [];
  const source = { ...syslogSource(allowFrom), listen: '127.0.0.1:0' };
  ingest = new LogIngest({ sources: [source], onBatch: (batch) => batches.push(batch) });
  await ingest.start();
  const status = ingest.status()[0];
  expect(status.state).toBe('ok');
  const port = Number(status.syslog?.address?.split(':').pop());
  return { batches, port };
}

const PIKA_LINES = Array.from({ length: 200 }, (_, i) => `W20240617 02:46:${String(i % 60).padStart(2, '0')}.710453 297 pika_server.cc:745] Slave Already Exist, ip_port: 10.0.0.12:9221 #${i}`);
const QUAI_LINES = Array.from({ length: 200 }, (_, i) => `ERROR  [05-29|16:52:10.892] Error reading the key from the peer db        key="[47 49 50 68]" n=${i}`);

describe.each(['octet-counted', 'traditional'] as const)('rsyslog imfile → omfwd (%s framing) → receiver', (framing) => {
  it('every line arrives, attributed to the right target', async () => {
    const { batches, port } = await startIngest(['127.0.0.1']);
    writeFileSync(path.join(dir, 'pika.log'), '');
    writeFileSync(path.join(dir, 'go-quai.log'), '');
    daemon = startRsyslog(port, framing);
    for (let i = 0; i < PIKA_LINES.length; i++) {
      appendFileSync(path.join(dir, 'pika.log'), `${PIKA_LINES[i]}\n`);
      appendFileSync(path.join(dir, 'go-quai.log'), `${QUAI_LINES[i]}\n`);
    }
    const linesOf = (target: string) => batches.filter((batch) => batch.target === target).flatMap((batch) => batch.lines.map((line) => line.message));
    await waitFor('every forwarded line', () => linesOf('pika-1').length >= PIKA_LINES.length && linesOf('quai-1').length >= QUAI_LINES.length, 30_000, 100);
    expect(linesOf('pika-1')).toEqual(PIKA_LINES);
    expect(linesOf('quai-1')).toEqual(QUAI_LINES);
    const status = ingest?.status()[0];
    expect(status).toMatchObject({ state: 'ok', lines: 400, unattributed: 0 });
    expect(status?.syslog).toMatchObject({ refused: 0, messages: 400 });
  }, 60_000);
});

describe('rsyslog sender not in the allow list', () => {
  it('is refused and counted, and nothing it sends is taken', async () => {
    const { batches, port } = await startIngest(['10.0.0.0/8']);
    writeFileSync(path.join(dir, 'pika.log'), `${PIKA_LINES[0]}\n`);
    writeFileSync(path.join(dir, 'go-quai.log'), '');
    daemon = startRsyslog(port, 'octet-counted');
    await waitFor('rsyslog to be refused', () => (ingest?.status()[0].syslog?.refused ?? 0) >= 1, 30_000, 100);
    const status = ingest?.status()[0];
    expect(status?.syslog?.refusedFrom).toContain('127.0.0.1');
    expect(status?.syslog?.messages).toBe(0);
    expect(batches).toEqual([]);
  }, 60_000);
});
