import type { Dispatcher } from 'undici';

/** How one GET ended: a 2xx body, another status, too large, no complete answer in time, or a socket error. */
export type FetchResult =
  | { kind: 'body'; body: Buffer }
  | { kind: 'status'; statusCode: number }
  | { kind: 'oversize'; declared: number | null }
  | { kind: 'timeout' }
  | { kind: 'error'; error: unknown };

export type FetchRequest = {
  path: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** A body past this many bytes is not read: the request is aborted (and its connection torn down). */
  maxBytes: number;
  /** Close the connection after this answer (`connection: close`) instead of keeping it for the next. */
  reset?: boolean;
};

const CONTENT_LENGTH = 'content-length';

/**
 * One GET on undici's dispatcher, the body collected into one Buffer within a
 * size cap and a time limit.
 *
 * Why not `client.request`: every answer then came as a readable stream (with
 * its own buffering, events and close handling), behind an `AbortController`,
 * its signal's listener and an async-resource scope, only to be read whole
 * into one buffer. At 5,000 nodes a poll each, that machinery cost about as
 * much CPU as parsing the answer. A dispatch handler gets the same callbacks
 * the stream is built from; one timer covers connect, headers and body.
 */
export function fetchBody(client: Dispatcher, request: FetchRequest): Promise<FetchResult> {
  return new Promise((resolve) => {
    const handler = new BodyHandler(request.maxBytes, resolve);
    handler.timer = setTimeout(() => handler.timeOut(), request.timeoutMs);
    try {
      client.dispatch({ path: request.path, method: 'GET', headers: request.headers as Record<string, string>, reset: request.reset ?? false }, handler);
    } catch (error) {
      handler.onError(error as Error);
    }
  });
}

/** Undici's dispatch callbacks (one object per request, methods shared), settling once. */
class BodyHandler implements Dispatcher.DispatchHandler {
  timer: NodeJS.Timeout | null = null;
  private abortRequest: ((reason?: Error) => void) | null = null;
  private settled = false;
  /** Null while a non-2xx answer's body is drained and ignored (the connection stays usable). */
  private chunks: Buffer[] | null = [];
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly resolve: (result: FetchResult) => void,
  ) {}

  onConnect(abort: (reason?: Error) => void): void {
    this.abortRequest = abort;
    // Timed out while still waiting for a connection: the request goes no further.
    if (this.settled) abort(new Error('request abandoned'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (this.settled || statusCode < 200) return true;
    if (statusCode > 299) {
      // Answered at once; the body is drained and dropped, so the connection can serve the next poll.
      this.chunks = null;
      this.settle({ kind: 'status', statusCode });
      return true;
    }
    const declared = contentLength(rawHeaders);
    if (declared !== null && declared > this.maxBytes) this.refuse({ kind: 'oversize', declared });
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled || this.chunks === null) return true;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.refuse({ kind: 'oversize', declared: null });
      return true;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const chunks = this.chunks;
    if (this.settled || chunks === null) return;
    this.settle({ kind: 'body', body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.size) });
  }

  onError(error: Error): void {
    this.settle({ kind: 'error', error });
  }

  timeOut(): void {
    this.timer = null;
    if (this.settled) return;
    this.refuse({ kind: 'timeout' });
  }

  /** Settles, and stops the request: what is still coming is not wanted. */
  private refuse(result: FetchResult): void {
    this.settle(result);
    this.chunks = null;
    this.abortRequest?.(new Error('request abandoned'));
  }

  private settle(result: FetchResult): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.resolve(result);
  }
}

/** The Content-Length header's value, from undici's raw [name, value, name, value …] list; null when absent or unreadable. */
function contentLength(rawHeaders: Buffer[]): number | null {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === CONTENT_LENGTH.length && name.toString('latin1').toLowerCase() === CONTENT_LENGTH) {
      const value = Number(rawHeaders[i + 1].toString('latin1'));
      return Number.isFinite(value) ? value : null;
    }
  }
  return null;
}
