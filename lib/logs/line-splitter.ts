/**
 * Cuts a byte stream into lines with bounded memory: a line longer than
 * `maxLineBytes` keeps its first `maxLineBytes` bytes, is marked truncated,
 * and the rest up to its newline is skipped (and counted) without being held.
 */

export type SplitLine = { text: string; truncated: boolean; /** Bytes of the line on the wire, newline included. */ bytes: number };

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private skipping = false;
  private skippedBytes = 0;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  /** Bytes waiting for their newline (a partial last line). */
  pendingBytes(): number {
    return this.held + this.skippedBytes;
  }

  push(chunk: Buffer): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      this.hold(chunk.subarray(start, end));
      if (newline === -1) break;
      lines.push(this.take(1));
      start = newline + 1;
    }
    return lines;
  }

  /** The partial last line as a line (at the end of a stream, or when a writer never ends it); null if none. */
  flush(): SplitLine | null {
    if (this.held === 0 && this.skippedBytes === 0) return null;
    return this.take(0);
  }

  /** Forgets any partial line (the file it came from was replaced). */
  reset(): void {
    this.parts = [];
    this.held = 0;
    this.skipping = false;
    this.skippedBytes = 0;
  }

  private hold(piece: Buffer): void {
    if (this.skipping) {
      this.skippedBytes += piece.length;
      return;
    }
    const room = this.maxLineBytes - this.held;
    if (piece.length <= room) {
      // Copy: the caller may reuse its read buffer.
      this.parts.push(Buffer.from(piece));
      this.held += piece.length;
      return;
    }
    this.parts.push(Buffer.from(piece.subarray(0, room)));
    this.held += room;
    this.skipping = true;
    this.skippedBytes += piece.length - room;
  }

  private take(newlineBytes: number): SplitLine {
    let buffer = Buffer.concat(this.parts, this.held);
    // A cut may fall inside a multi-byte character: drop the incomplete tail rather than print a replacement.
    if (this.skipping) buffer = buffer.subarray(0, completeUtf8Length(buffer));
    let text = buffer.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const line = { text, truncated: this.skipping, bytes: this.held + this.skippedBytes + newlineBytes };
    this.reset();
    return line;
  }
}

/** Length of the longest prefix that does not end inside a UTF-8 sequence. */
function completeUtf8Length(buffer: Buffer): number {
  let index = buffer.length - 1;
  let continuation = 0;
  while (index >= 0 && continuation < 4 && (buffer[index] & 0xc0) === 0x80) {
    index--;
    continuation++;
  }
  if (index < 0) return buffer.length;
  const lead = buffer[index];
  const expected = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return expected > continuation ? index : buffer.length;
}
