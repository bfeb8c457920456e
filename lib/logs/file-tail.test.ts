import { appendFileSync, chmodSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTail, type FileTailOptions } from './file-tail';
import { waitFor } from './testing/wait';

let dir: string;
let tails: FileTail[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-tail-'));
});
afterEach(async () => {
  for (const tail of tails) await tail.stop();
  tails = [];
  rmSync(dir, { recursive: true, force: true });
});

function tailOf(options: Partial<FileTailOptions> & { paths: string[] }) {
  const lines: Array<{ file: string; text: string; truncated: boolean }> = [];
  const tail = new FileTail({
    startAt: 'end',
    pollIntervalMs: 50,
    maxLineBytes: 1024 * 1024,
    onLines: (file, batch) => lines.push(...batch.map((line) => ({ file, text: line.text, truncated: line.truncated }))),
    ...options,
  });
  tails.push(tail);
  return { tail, lines, texts: () => lines.map((line) => line.text) };
}

describe('FileTail', () => {
  it('starts at the end and follows appends, holding a partial line until its newline', async () => {
    const file = path.join(dir, 'a.log');
    writeFileSync(file, 'old 1\nold 2\n');
    const { tail, texts } = tailOf({ paths: [file] });
    await tail.start();
    appendFileSync(file, 'new 1\nnew ');
    await tail.check();
    expect(texts()).toEqual(['new 1']);
    appendFileSync(file, '2\n');
    await waitFor('the completed line', () => texts().length === 2);
    expect(texts()).toEqual(['new 1', 'new 2']);
    expect(tail.positions()[file].offset).toBe(Buffer.byteLength('old 1\nold 2\nnew 1\nnew 2\n'));
  });

  it('starts at the last N lines when asked', async () => {
    const file = path.join(dir, 'a.log');
    writeFileSync(file, Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const { tail, texts } = tailOf({ paths: [file], startAt: { lastLines: 3 } });
    await tail.start();
    expect(texts()).toEqual(['line 7', 'line 8', 'line 9']);
  });

  it('survives rotation by rename: the old file is finished, the new one read from its start', async () => {
    const file = path.join(dir, 'a.log');
    writeFileSync(file, '');
    const { tail, texts } = tailOf({ paths: [file] });
    await tail.start();
    appendFileSync(file, 'before\n');
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, 'late write to the old file\n');
    writeFileSync(file, 'after\n');
    await tail.check();
    expect(texts()).toEqual(['before', 'late write to the old file', 'after']);
    expect(tail.status()[0]).toMatchObject({ state: 'ok', rotations: 1 });
  });

  it('survives copytruncate, reading what was written before the truncation from the copy', async () => {
    const file = path.join(dir, 'a.log');
    writeFileSync(file, 'head line that identifies the file\n');
    const { tail, texts } = tailOf({ paths: [file], startAt: 'beginning' });
    await tail.start();
    appendFileSync(file, 'written just before the copy\n');
    // logrotate copytruncate: copy, then truncate in place; the tail has not read the last line yet.
    writeFileSync(`${file}.1`, 'head line that identifies the file\nwritten just before the copy\n');
    truncateSync(file, 0);
    appendFileSync(file, 'after truncation\n');
    await tail.check();
    expect(texts()).toEqual(['head line that identifies the file', 'written just before the copy', 'after truncation']);
    expect(tail.status()[0]).toMatchObject({ truncations: 1 });
  });

  it('a file that disappears or cannot be read is a visible error, and is read again when it returns', async () => {
    const file = path.join(dir, 'a.log');
    const { tail, texts } = tailOf({ paths: [file] });
    await tail.start();
    expect(tail.status()).toEqual([expect.objectContaining({ path: file, state: 'error', reason: 'no such file' })]);
    writeFileSync(file, 'first\n');
    await tail.check();
    expect(texts()).toEqual(['first']);
    rmSync(file);
    await tail.check();
    expect(tail.status()[0]).toMatchObject({ state: 'error' });
    expect(tail.status()[0].reason).toMatch(/no such file/);
    writeFileSync(file, 'back\n');
    await tail.check();
    expect(texts()).toEqual(['first', 'back']);
    expect(tail.status()[0]).toMatchObject({ state: 'ok', reason: null });
    if (process.getuid?.() !== 0) {
      // Root reads anything: the permission case only means something for other users.
      chmodSync(file, 0);
      const other = tailOf({ paths: [file] });
      await other.tail.start();
      expect(other.tail.status()[0]).toMatchObject({ state: 'error', reason: 'permission denied' });
    }
  });

  it('re-evaluates globs: a new file is read from its start; a glob matching nothing is shown', async () => {
    const { tail, texts, lines } = tailOf({ paths: [path.join(dir, '*.log')] });
    await tail.start();
    expect(tail.status()).toEqual([expect.objectContaining({ state: 'error', reason: 'no file matches this pattern' })]);
    writeFileSync(path.join(dir, 'b.log'), 'b1\n');
    await tail.check();
    expect(texts()).toEqual(['b1']);
    expect(lines[0].file).toBe(path.join(dir, 'b.log'));
    expect(tail.status()).toEqual([expect.objectContaining({ state: 'ok', lines: 1 })]);
  });

  it('resumes from a saved position of the same file', async () => {
    const file = path.join(dir, 'a.log');
    writeFileSync(file, 'read before\n');
    const first = tailOf({ paths: [file], startAt: 'beginning' });
    await first.tail.start();
    const saved = first.tail.positions();
    await first.tail.stop();
    appendFileSync(file, 'written while stopped\n');
    const second = tailOf({ paths: [file], initialPositions: saved });
    await second.tail.start();
    expect(second.texts()).toEqual(['written while stopped']);
  });

  it('reads a large file with bounded memory and cuts a 2 MB line', async () => {
    const file = path.join(dir, 'a.log');
    writeFileSync(file, '');
    const { tail, lines } = tailOf({ paths: [file] });
    await tail.start();
    appendFileSync(file, `${'x'.repeat(2 * 1024 * 1024)}\nshort\n`);
    await waitFor('both lines', () => lines.length === 2);
    expect(lines[0].truncated).toBe(true);
    expect(lines[0].text.length).toBe(1024 * 1024);
    expect(lines[1]).toMatchObject({ text: 'short', truncated: false });
  });
});
