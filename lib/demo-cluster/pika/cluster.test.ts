import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@/lib/logs/testing/wait';
import { startPikaDemo, type PikaDemo } from './cluster';

/** The Pika simulator's RESP answers and glog files, over real sockets on ports the OS picks. */

let pika: PikaDemo | null = null;
let dir: string | null = null;
afterEach(async () => {
  await pika?.close();
  pika = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** Sends raw bytes and collects what comes back until `done` says it is complete (bounded by a timeout). */
async function exchange(address: string, bytes: string, done: (text: string) => boolean): Promise<string> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const socket = net.connect(port, host);
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  socket.write(bytes);
  try {
    await waitFor('the answer', () => done(text) || socket.destroyed, 5000);
  } finally {
    socket.destroy();
  }
  return text;
}

const command = (...args: string[]) => `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;

describe('Pika simulator', () => {
  it('answers PING, refuses CLUSTER and LATENCY as Pika does, and AUTH without a password set', async () => {
    pika = await startPikaDemo({ tickMs: 1000 });
    const address = pika.targets[0].address;
    const text = await exchange(address, command('PING') + command('CLUSTER', 'NODES') + command('LATENCY', 'LATEST') + command('AUTH', 'x'), (got) => got.split('\r\n').length >= 5);
    expect(text).toBe('+PONG\r\n-ERR unknown command "cluster"\r\n-ERR unknown command "latency"\r\n-ERR Client sent AUTH, but no password is set\r\n');
  });

  it('answers INFO replication as a bulk string in the node version\'s format', async () => {
    pika = await startPikaDemo({ tickMs: 1000 });
    const v35 = pika.targets.find((target) => target.id === 'pika-3');
    const text = await exchange(v35?.address ?? '', command('INFO', 'replication'), (got) => /binlog_offset=.*\r\n.*binlog_offset=.*\r\n\r\n$/s.test(got));
    expect(text).toMatch(/^\$\d+\r\n# Replication\(SLAVE\)\r\nrole:slave\r\nmaster_host:127\.0\.0\.1\r\n/);
    expect(text).toContain('\r\ndb0 binlog_offset=');
    expect(text).not.toContain('repl_connect_status');
  });

  it('closes the connection on bytes that are not RESP, and keeps serving others', async () => {
    pika = await startPikaDemo({ tickMs: 1000 });
    const address = pika.targets[0].address;
    expect(await exchange(address, '!garbage\r\n', () => false)).toBe('');
    expect(await exchange(address, command('PING'), (got) => got.endsWith('\r\n'))).toBe('+PONG\r\n');
  });

  it('writes the seed loop to both nodes\' glog WARNING files; the fixed behaviour writes one rejection', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-pika-sim-'));
    pika = await startPikaDemo({ logDir: dir, tickMs: 20, metaSyncRetryMs: 50 });
    pika.start('registration-loop', 'seed');
    const master = pika.logPath('pika-1') as string;
    const replica = pika.logPath('pika-2') as string;
    await waitFor('three rejections on each side', () => readFileSync(replica, 'utf8').split('\n').filter(Boolean).length >= 3, 5000);
    expect(readFileSync(master, 'utf8').split('\n')[0]).toMatch(/^W\d{8} \d{2}:\d{2}:\d{2}\.\d{6} \d+ pika_server\.cc:\d+\] Slave Already Exist, ip_port: 127\.0\.0\.1:\d+$/);
    expect(readFileSync(replica, 'utf8').split('\n')[0]).toMatch(/^W\d{8} \d{2}:\d{2}:\d{2}\.\d{6} \d+ pika_repl_client_conn\.cc:\d+\] Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg$/);
    pika.reset();
    const before = readFileSync(replica, 'utf8').split('\n').filter(Boolean).length;
    pika.start('registration-loop', 'fixed');
    expect(pika.describe().find((scenario) => scenario.name === 'registration-loop')?.running).toBe(true);
    // An absence cannot be waited for: watch eight retry periods, in which the fixed run logs exactly one rejection.
    const until = Date.now() + 400;
    await waitFor('several retry periods', () => Date.now() >= until, 2000);
    expect(readFileSync(replica, 'utf8').split('\n').filter(Boolean).length - before).toBe(1);
    expect(pika.describe()).toEqual([
      { name: 'full-sync-retries-exhausted', running: false, mode: null },
      { name: 'registration-loop', running: true, mode: 'fixed' },
    ]);
    expect(pika.start('nope')).toMatchObject({ ok: false, code: 'unknown_scenario' });
    expect(pika.start('registration-loop', 'loud')).toMatchObject({ ok: false, code: 'bad_mode' });
  });
});
