import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTail } from './file-tail';
import { requireSystemTool } from './testing/system-tool';
import { waitFor } from './testing/wait';

/**
 * The real Debian logrotate, with its own config and state file in a temp
 * directory, rotates a file by rename and then by copytruncate while a writer
 * appends numbered lines. Every line that exists in any file afterwards must
 * have been read exactly once.
 */

const run = promisify(execFile);
const logrotate = requireSystemTool('logrotate', 'logrotate');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-logrotate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reopenFlag(): string {
  return path.join(dir, 'reopen');
}

function writeConfig(file: string, mode: 'rename' | 'copytruncate'): string {
  const config = path.join(dir, `${mode}.conf`);
  // nocompress: copies stay readable; dateext off: numbered copies (.1, .2 …) as Debian's default.
  // rename: a daemon told by postrotate to reopen its log (as nginx or rsyslog are); copytruncate: one that never reopens.
  const how = mode === 'rename' ? `create 0644\n  postrotate\n    touch ${reopenFlag()}\n  endscript` : 'copytruncate';
  writeFileSync(config, `${file} {\n  rotate 100\n  nocompress\n  missingok\n  ${how}\n}\n`, { mode: 0o644 });
  return config;
}

async function rotate(config: string): Promise<void> {
  await run(logrotate, ['--force', '--state', path.join(dir, 'logrotate.state'), config], { timeout: 10_000 });
}

describe('FileTail with the real logrotate', () => {
  it('loses and repeats no line across rotation by rename and by copytruncate', async () => {
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '');
    const received: string[] = [];
    const tail = new FileTail({
      paths: [file],
      startAt: 'beginning',
      pollIntervalMs: 100,
      maxLineBytes: 1024 * 1024,
      onLines: (_file, lines) => received.push(...lines.map((line) => line.text)),
    });
    await tail.start();

    const written: string[] = [];
    /** [first, last) indexes of lines written while a copytruncate ran. */
    const copytruncateWindows: Array<[number, number]> = [];
    let writing = true;
    // A writer that keeps its file open (O_APPEND) and reopens the path when postrotate tells it to;
    // what it writes between the rename and the reopen lands in the renamed file.
    const writer = (async () => {
      let fd = openSync(file, 'a');
      try {
        for (let n = 0; writing && n < 100_000; n++) {
          const line = `line ${String(n).padStart(6, '0')} ${'x'.repeat(n % 50)}`;
          writeSync(fd, `${line}\n`);
          written.push(line);
          if (n % 10 === 0 && existsSync(reopenFlag())) {
            rmSync(reopenFlag());
            closeSync(fd);
            fd = openSync(file, 'a');
          }
          if (n % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
          if (n % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        }
      } finally {
        closeSync(fd);
      }
    })();

    try {
      const renameConfig = writeConfig(file, 'rename');
      const truncateConfig = writeConfig(file, 'copytruncate');
      // Rotations come far apart compared with the tail's checks, as in production (hours vs. a second):
      // each waits until the tail has read lines written after the previous one.
      const caughtUp = async () => {
        const target = written.length + 200;
        await waitFor('lines to be written', () => written.length > target);
        await waitFor('the tail to read past the last rotation', () => received.length > target - 100);
      };
      for (let round = 0; round < 3; round++) {
        await caughtUp();
        await rotate(renameConfig);
      }
      for (let round = 0; round < 3; round++) {
        await caughtUp();
        const start = written.length;
        await rotate(truncateConfig);
        copytruncateWindows.push([start, written.length]);
      }
    } finally {
      writing = false;
      await writer;
    }

    const onDisk = new Set<string>();
    expect(readdirSync(dir).filter((entry) => entry.includes('backup'))).toEqual([]); // logrotate never found its new file taken
    for (const name of readdirSync(dir).filter((entry) => entry.startsWith('app.log'))) {
      for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) if (line) onDisk.add(line);
    }
    const receivedSet = new Set(received);
    await waitFor('every line on disk to be read', () => [...onDisk].every((line) => receivedSet.has(line)) || (received.forEach((line) => receivedSet.add(line)), false), 15_000).catch((error: Error) => {
      const missing = [...onDisk].filter((line) => !receivedSet.has(line));
      const where = readdirSync(dir).filter((name) => name.startsWith('app.log')).map((name) => `${name}: ${readFileSync(path.join(dir, name), 'utf8').split('\n').filter((line) => missing.includes(line)).length}`);
      throw new Error(`${error.message}: ${missing.length} lines on disk never read (first ${missing[0]}); by file ${where.join(', ')}; tail ${JSON.stringify(tail.status())}`);
    });
    const status = tail.status();
    await tail.stop();

    expect(readdirSync(dir).filter((entry) => /^app\.log\.\d+$/.test(entry))).toHaveLength(6);
    expect(new Set(received).size).toBe(received.length); // nothing read twice
    expect([...onDisk].filter((line) => !receivedSet.has(line))).toEqual([]); // nothing on disk missed
    const writtenSet = new Set(written);
    expect(received.filter((line) => !writtenSet.has(line))).toEqual([]);
    expect(status[0]).toMatchObject({ state: 'ok', rotations: 3 });
    // Under load two truncations can fall between two checks and count once; the lines are what must be right.
    expect(status[0].truncations).toBeGreaterThanOrEqual(2);
    // Lines that reached no reader can only be those written while copytruncate ran: it drops what
    // comes between its copy and its truncate, from the disk too. Everything else arrived.
    const unread = written.map((line, index) => [line, index] as const).filter(([line]) => !receivedSet.has(line));
    const inWindow = (index: number) => copytruncateWindows.some(([first, last]) => index >= first && index < last);
    expect(unread.filter(([, index]) => !inWindow(index))).toEqual([]);
    console.log(`logrotate: ${written.length} lines written, ${received.length} read once each, ${unread.length} dropped by copytruncate's own copy/truncate window, ${written.length - onDisk.size} in no file`);
  }, 60_000);
});
