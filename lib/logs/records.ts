import { stripAnsi } from './formats/text';
import type { SplitLine } from './line-splitter';

/**
 * Joins the lines of one Go panic (or fatal error) into one record, so its
 * goroutine dump stays together instead of becoming hundreds of raw lines.
 * Every other line is a record of its own: only lines that look like a Go
 * trace continue a panic, so an unrelated line is never swallowed.
 */

export type LogRecord = {
  text: string;
  truncated: boolean;
  receivedAt: number;
  /** A Go runtime crash report (`panic:` / `fatal error:` and its trace). */
  goPanic: boolean;
  /** Bytes the record took in the source (for position accounting). */
  bytes: number;
};

const PANIC_START = /^(?:panic: |fatal error: )/;
const TRACE_LINE = [
  /^$/,
  /^\s/, // "\t/src/main.go:10 +0x1d"
  /^\[signal /,
  /^goroutine \d+ \[[^\]]*\]:?$/,
  /^created by /,
  /^exit status \d+$/,
  /^\.\.\.additional frames elided\.\.\.$/,
  /^panic: /, // nested panics, "[recovered]"
  /^runtime stack:$/,
  /^[\w$.*/()[\]{}-]+\(.*\)$/, // a frame: "main.main()", "github.com/x/y.(*T).f(0xc000…)"
];

const MAX_PANIC_LINES = 2000;
const MAX_PANIC_BYTES = 1024 * 1024;
const PANIC_CUT_MARKER = '\n…[cut: trace longer than the limit]';

export class RecordAssembler {
  private panic: { lines: string[]; bytes: number; receivedAt: number; truncated: boolean; sourceBytes: number } | null = null;

  /** Records completed by this line (none while a panic is still being read). */
  push(line: SplitLine, receivedAt: number): LogRecord[] {
    const plain = stripAnsi(line.text);
    const out: LogRecord[] = [];
    if (this.panic) {
      if (!PANIC_START.test(plain) && TRACE_LINE.some((pattern) => pattern.test(plain))) {
        this.extendPanic(plain, line);
        return out;
      }
      out.push(this.takePanic());
    }
    if (PANIC_START.test(plain)) {
      this.panic = { lines: [plain], bytes: plain.length, receivedAt, truncated: line.truncated, sourceBytes: line.bytes };
      return out;
    }
    out.push({ text: line.text, truncated: line.truncated, receivedAt, goPanic: false, bytes: line.bytes });
    return out;
  }

  /** Ends a panic still being read (the stream went quiet or is closing). */
  flush(): LogRecord[] {
    return this.panic ? [this.takePanic()] : [];
  }

  pending(): boolean {
    return this.panic !== null;
  }

  private extendPanic(plain: string, line: SplitLine): void {
    const panic = this.panic as NonNullable<typeof this.panic>;
    panic.sourceBytes += line.bytes;
    if (panic.truncated && panic.lines.length >= MAX_PANIC_LINES) return;
    if (panic.lines.length >= MAX_PANIC_LINES || panic.bytes + plain.length > MAX_PANIC_BYTES) {
      panic.truncated = true;
      return;
    }
    panic.lines.push(plain);
    panic.bytes += plain.length + 1;
    if (line.truncated) panic.truncated = true;
  }

  private takePanic(): LogRecord {
    const panic = this.panic as NonNullable<typeof this.panic>;
    this.panic = null;
    // Trailing blank lines belong to nobody.
    while (panic.lines.length > 1 && panic.lines[panic.lines.length - 1] === '') panic.lines.pop();
    const text = panic.lines.join('\n') + (panic.truncated ? PANIC_CUT_MARKER : '');
    return { text, truncated: panic.truncated, receivedAt: panic.receivedAt, goPanic: true, bytes: panic.sourceBytes };
  }
}
