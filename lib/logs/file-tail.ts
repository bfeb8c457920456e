import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { LineSplitter, type SplitLine } from './line-splitter';

/**
 * Follows log files like `tail -F`, with bounded memory:
 * - appends are read as they come (fs.watch for promptness, a poll as the fallback
 *   that network mounts and missed events need);
 * - rotation by rename: the old file stays open until its last bytes are read,
 *   then the new file at the path is read from its start;
 * - rotation by copytruncate: a file that shrank is read from its start again;
 *   what was written after our last read and before the truncation is read from
 *   the rotated copy beside it, when one with the same first bytes is there;
 * - globs are expanded again on every check, so new files are picked up;
 * - a file that disappears or cannot be read is a visible error in `status()`.
 * Positions are exposed (`positions()`) and accepted back, so they can be persisted.
 */

export type FilePosition = { dev: number; ino: number; offset: number };

export type TailedFileStatus = {
  path: string;
  state: 'ok' | 'error';
  /** Why the file cannot be read now (missing, permission denied, …); null when it can. */
  reason: string | null;
  lines: number;
  bytes: number;
  rotations: number;
  truncations: number;
  lastReadAt: number | null;
};

export type FileTailOptions = {
  /** Paths or globs (absolute, or relative to the process's working directory). */
  paths: readonly string[];
  startAt: 'end' | 'beginning' | { lastLines: number };
  pollIntervalMs: number;
  maxLineBytes: number;
  /** Complete lines read from one file, in order. */
  onLines: (file: string, lines: SplitLine[], receivedAt: number) => void;
  /** A check found nothing new in this file (a multi-line record still open may be ended). */
  onQuiet?: (file: string) => void;
  /** Positions from an earlier run: a file with the same inode resumes where it was. */
  initialPositions?: Readonly<Record<string, FilePosition>>;
  now?: () => number;
  /** Files followed at once, at most (a glob matching thousands is a config mistake). */
  maxFiles?: number;
};

const READ_CHUNK = 64 * 1024;
/** Bytes read from one file per check, so one busy file cannot starve the others. */
const MAX_BYTES_PER_CHECK = 8 * 1024 * 1024;
/** Bytes compared to recognise the rotated copy of a truncated file. */
const HEAD_BYTES = 256;
const DEFAULT_MAX_FILES = 1000;

type Tracked = {
  path: string;
  handle: FileHandle | null;
  dev: number;
  ino: number;
  offset: number;
  /** First bytes of the file as we first read them, to find its rotated copy. */
  head: Buffer;
  splitter: LineSplitter;
  status: TailedFileStatus;
  /**
   * Files rotated away by rename, still open: a writer keeps writing to its old
   * file until it reopens, so each is read until it has been quiet for a while.
   */
  retired: Retired[];
};

type Retired = { handle: FileHandle; offset: number; splitter: LineSplitter; quietChecks: number; since: number };

/** A rotated-away file is let go after this many quiet checks and this long. */
const RETIRE_AFTER_CHECKS = 3;
const RETIRE_AFTER_MS = 2000;

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

function blankStatus(file: string): TailedFileStatus {
  return { path: file, state: 'ok', reason: null, lines: 0, bytes: 0, rotations: 0, truncations: 0, lastReadAt: null };
}

/** Byte offset where the last `count` lines of the file begin (scans backwards in chunks, bounded memory). */
async function offsetOfLastLines(handle: FileHandle, size: number, count: number): Promise<number> {
  const buffer = Buffer.alloc(READ_CHUNK);
  let end = size;
  // A final newline ends the last line; it does not start another.
  let newlines = 0;
  let skipFinal = true;
  while (end > 0) {
    const start = Math.max(0, end - READ_CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buffer[i] !== 0x0a) {
        skipFinal = false;
        continue;
      }
      if (skipFinal) {
        skipFinal = false;
        continue;
      }
      newlines++;
      if (newlines === count) return start + i + 1;
    }
    end = start;
  }
  return 0;
}

export class FileTail {
  private readonly files = new Map<string, Tracked>();
  /** Paths that matched nothing, or failed before we could follow them. */
  private readonly problems = new Map<string, TailedFileStatus>();
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private firstCheck = true;
  private readonly now: () => number;

  constructor(private readonly options: FileTailOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.check();
    this.firstCheck = false;
    this.timer = setInterval(() => void this.check(), this.options.pollIntervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.checking;
    for (const file of this.files.values()) {
      await file.handle?.close().catch(() => {});
      for (const retired of file.retired) await retired.handle.close().catch(() => {});
    }
    this.files.clear();
  }

  /** Runs one check now (tests and the poll timer); checks never overlap, a request during one runs right after it. */
  check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.again = false;
          await this.checkOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  positions(): Record<string, FilePosition> {
    const out: Record<string, FilePosition> = {};
    for (const file of this.files.values()) out[file.path] = { dev: file.dev, ino: file.ino, offset: file.offset };
    return out;
  }

  status(): TailedFileStatus[] {
    return [...[...this.files.values()].map((file) => ({ ...file.status })), ...[...this.problems.values()].map((problem) => ({ ...problem }))];
  }

  private async expand(): Promise<string[]> {
    const found: string[] = [];
    for (const pattern of this.options.paths) {
      if (!isDynamicPattern(pattern)) {
        found.push(path.resolve(/*turbopackIgnore: true*/ pattern));
        continue;
      }
      const matched = await glob([pattern], { absolute: true, onlyFiles: true, dot: true });
      const key = `glob:${pattern}`;
      // Shown, so an operator sees a pattern that matches nothing (a typo, or a service that has not logged yet).
      if (matched.length === 0) this.problems.set(key, { ...blankStatus(pattern), state: 'error', reason: 'no file matches this pattern' });
      else this.problems.delete(key);
      found.push(...matched);
    }
    return [...new Set(found)].sort().slice(0, this.options.maxFiles ?? DEFAULT_MAX_FILES);
  }

  private async checkOnce(): Promise<void> {
    if (this.stopped) return;
    let paths: string[];
    try {
      paths = await this.expand();
    } catch (error) {
      this.problems.set('glob', { ...blankStatus('(globs)'), state: 'error', reason: errorReason(error) });
      return;
    }
    this.problems.delete('glob');
    const wanted = new Set(paths);
    for (const file of paths) {
      if (this.stopped) return;
      await this.checkFile(file);
    }
    // Files no glob matches any more (renamed by rotation, removed): read what is left and any late
    // writes, then let go once nothing is open.
    for (const [file, tracked] of [...this.files]) {
      if (wanted.has(file)) continue;
      await this.checkFile(file);
      if (!tracked.handle && tracked.retired.length === 0) {
        this.files.delete(file);
        this.unwatch(file);
      }
    }
  }

  private async checkFile(file: string): Promise<void> {
    const tracked = this.files.get(file);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
      if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: info.isDirectory() ? 'EISDIR' : 'EINVAL' });
    } catch (error) {
      if (tracked) {
        await this.drainRetired(tracked);
        if (tracked.handle) {
          await this.drain(tracked, false);
          tracked.retired.push({ handle: tracked.handle, offset: tracked.offset, splitter: tracked.splitter, quietChecks: 0, since: this.now() });
          tracked.splitter = new LineSplitter(this.options.maxLineBytes);
          tracked.handle = null;
        }
        tracked.status = { ...tracked.status, state: 'error', reason: `${errorReason(error)} (file disappeared; waiting for it to come back)` };
      } else {
        this.problems.set(file, { ...blankStatus(file), state: 'error', reason: errorReason(error) });
      }
      return;
    }

    if (tracked) await this.drainRetired(tracked);
    if (tracked && tracked.handle && (tracked.dev !== info.dev || tracked.ino !== info.ino)) {
      // Rotation by rename: read the old file to its end and keep it open a while for late writes,
      // then follow the new one from its start.
      await this.drain(tracked, false);
      tracked.retired.push({ handle: tracked.handle, offset: tracked.offset, splitter: tracked.splitter, quietChecks: 0, since: this.now() });
      tracked.handle = null;
      tracked.splitter = new LineSplitter(this.options.maxLineBytes);
      tracked.status.rotations++;
      await this.follow(file, info, 0, tracked);
      return;
    }
    if (tracked && !tracked.handle) {
      // It came back (a new file at the path, or the same one readable again): read it from its start.
      const resumeAt = tracked.dev === info.dev && tracked.ino === info.ino && info.size >= tracked.offset ? tracked.offset : 0;
      if (resumeAt === 0) tracked.status.rotations++;
      await this.follow(file, info, resumeAt, tracked);
      return;
    }
    if (!tracked) {
      await this.follow(file, info, null, null);
      return;
    }
    // copytruncate: the file shrank under us, or was truncated and has already grown past our
    // offset again, which only its first bytes tell (they are not the ones we saw).
    let head: Buffer;
    try {
      head = await this.readHead(tracked.handle as FileHandle);
    } catch (error) {
      tracked.status = { ...tracked.status, state: 'error', reason: errorReason(error) };
      return;
    }
    const sameStart = head.subarray(0, tracked.head.length).equals(tracked.head);
    if (info.size < tracked.offset || !sameStart) {
      // Lines written since our last read are in the copy.
      tracked.status.truncations++;
      await this.readMissedFromCopy(tracked);
      tracked.splitter.reset();
      tracked.offset = 0;
      tracked.head = Buffer.alloc(0);
    }
    await this.drain(tracked, false);
  }

  /** Starts following a file: from `offset`, or (null) from where startAt / saved positions say. */
  private async follow(file: string, info: { dev: number; ino: number; size: number }, offset: number | null, existing: Tracked | null): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (existing) existing.status = { ...existing.status, state: 'error', reason: errorReason(error) };
      else this.problems.set(file, { ...blankStatus(file), state: 'error', reason: errorReason(error) });
      return;
    }
    this.problems.delete(file);
    let start = offset;
    if (start === null) {
      const saved = this.options.initialPositions?.[file];
      if (saved && saved.dev === info.dev && saved.ino === info.ino && saved.offset <= info.size) start = saved.offset;
      else if (!this.firstCheck) start = 0; // a file that appeared while we run is new: all of it
      else if (this.options.startAt === 'beginning') start = 0;
      else if (this.options.startAt === 'end') start = info.size;
      else start = await offsetOfLastLines(handle, info.size, this.options.startAt.lastLines);
    }
    const tracked: Tracked = existing ?? {
      path: file,
      handle: null,
      dev: info.dev,
      ino: info.ino,
      offset: start,
      head: Buffer.alloc(0),
      splitter: new LineSplitter(this.options.maxLineBytes),
      status: blankStatus(file),
      retired: [],
    };
    tracked.handle = handle;
    tracked.dev = info.dev;
    tracked.ino = info.ino;
    tracked.offset = start;
    // Read from the start: the first bytes are taken as they are consumed. From the middle: as they are now.
    tracked.head = start === 0 ? Buffer.alloc(0) : (await this.readHead(handle)).subarray(0, Math.min(start, HEAD_BYTES));
    tracked.status = { ...tracked.status, state: 'ok', reason: null };
    this.files.set(file, tracked);
    this.watchFile(file);
    await this.drain(tracked, false);
  }

  /** Reads late writes to rotated-away files; closes each once it has been quiet long enough. */
  private async drainRetired(tracked: Tracked): Promise<void> {
    const keep: Retired[] = [];
    for (const retired of tracked.retired) {
      const view: Tracked = { ...tracked, handle: retired.handle, offset: retired.offset, splitter: retired.splitter, retired: [] };
      const before = view.offset;
      const quietLongEnough = retired.quietChecks >= RETIRE_AFTER_CHECKS && this.now() - retired.since >= RETIRE_AFTER_MS;
      await this.drain(view, quietLongEnough || this.stopped, true);
      tracked.status = view.status;
      retired.offset = view.offset;
      retired.quietChecks = view.offset === before ? retired.quietChecks + 1 : 0;
      if (quietLongEnough || this.stopped) await retired.handle.close().catch(() => {});
      else keep.push(retired);
    }
    tracked.retired = keep;
  }

  private async readHead(handle: FileHandle): Promise<Buffer> {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    return head.subarray(0, bytesRead);
  }

  /** Reads from the tracked offset to the end of the open handle; `final` also ends a last line without newline. */
  private async drain(tracked: Tracked, final: boolean, rotatedAway = false): Promise<void> {
    const handle = tracked.handle;
    if (!handle) return;
    const buffer = Buffer.alloc(READ_CHUNK);
    let readThisCheck = 0;
    let any = false;
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, tracked.offset);
        if (bytesRead === 0) break;
        // The first bytes are remembered from the very read that consumed them, so they always
        // describe the content our offset counts (a separate look could see a newer truncation).
        if (!rotatedAway && tracked.offset === tracked.head.length && tracked.head.length < HEAD_BYTES) {
          tracked.head = Buffer.concat([tracked.head, buffer.subarray(0, Math.min(bytesRead, HEAD_BYTES - tracked.head.length))]);
        }
        tracked.offset += bytesRead;
        readThisCheck += bytesRead;
        any = true;
        this.emit(tracked, tracked.splitter.push(buffer.subarray(0, bytesRead)));
        if (!final && readThisCheck >= MAX_BYTES_PER_CHECK) {
          this.again = true;
          break;
        }
      }
    } catch (error) {
      tracked.status = { ...tracked.status, state: 'error', reason: errorReason(error) };
      return;
    }
    if (final) {
      const last = tracked.splitter.flush();
      if (last) this.emit(tracked, [last]);
    }
    if (!any && !final && !rotatedAway) this.options.onQuiet?.(tracked.path);
    if (!rotatedAway && tracked.status.state === 'error') tracked.status = { ...tracked.status, state: 'ok', reason: null };
  }

  private emit(tracked: Tracked, lines: SplitLine[]): void {
    if (lines.length === 0) return;
    const now = this.now();
    tracked.status.lines += lines.length;
    for (const line of lines) tracked.status.bytes += line.bytes;
    tracked.status.lastReadAt = now;
    this.options.onLines(tracked.path, lines, now);
  }

  /**
   * After a copytruncate, the bytes between our offset and the moment of the
   * copy are in the rotated copy (file.1, file-20240617, …): the newest sibling
   * that starts with the same bytes and is long enough.
   */
  private async readMissedFromCopy(tracked: Tracked): Promise<void> {
    if (tracked.head.length === 0) return;
    const dir = path.dirname(tracked.path);
    const base = path.basename(tracked.path);
    let candidates: string[];
    try {
      candidates = await glob([`${escapeGlob(base)}[.-]*`], { cwd: dir, absolute: true, onlyFiles: true, dot: true });
    } catch {
      return;
    }
    const withTimes: Array<{ file: string; mtime: number; size: number }> = [];
    for (const file of candidates) {
      if (/\.(gz|bz2|xz|zst|lz4|zip)$/.test(file)) continue;
      try {
        const info = await stat(file);
        if (info.size >= tracked.offset) withTimes.push({ file, mtime: info.mtimeMs, size: info.size });
      } catch {
        // Gone already: nothing to read from it.
      }
    }
    withTimes.sort((a, b) => b.mtime - a.mtime);
    for (const candidate of withTimes) {
      let handle: FileHandle | null = null;
      try {
        handle = await open(candidate.file, 'r');
        const head = await this.readHead(handle);
        if (!head.subarray(0, tracked.head.length).equals(tracked.head)) continue;
        const copy: Tracked = { ...tracked, handle };
        await this.drain(copy, true);
        tracked.status = copy.status;
        return;
      } catch {
        // Unreadable copy: nothing more to recover.
      } finally {
        await handle?.close().catch(() => {});
      }
    }
  }

  private watchFile(file: string): void {
    if (this.watchers.has(file)) return;
    try {
      const watcher = watch(file, { persistent: false }, () => void this.check());
      watcher.on('error', () => this.unwatch(file));
      this.watchers.set(file, watcher);
    } catch {
      // Not watchable here (some network mounts): the poll covers it.
    }
  }

  private unwatch(file: string): void {
    this.watchers.get(file)?.close();
    this.watchers.delete(file);
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]{}()!\\]/g, '\\$&');
}
