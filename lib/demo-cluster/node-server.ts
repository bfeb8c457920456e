import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable, pipeline } from 'node:stream';
import type { AdminAnswer } from './wire';

/** How a simulated node misbehaves on purpose, besides crashing. */
export type Fault =
  | { kind: 'none' }
  | { kind: 'hang' }
  | { kind: 'slow'; ms: number }
  | { kind: 'garbage' }
  | { kind: 'oversize' }
  | { kind: 'invalid' };

export const OVERSIZE_BYTES = 8 * 1024 * 1024;
const OVERSIZE_CHUNK = 64 * 1024;
const LISTEN_RETRIES = 20;

/** A body that fails every admin API v1 schema: wrong types in every part. */
const INVALID_BODY = JSON.stringify({
  id: 42,
  node: { id: 42, role: '' },
  categories: 'best',
  peers: 'none',
  links: 'none',
  initialized: 'yes',
  partitionCount: -1,
  epoch: 7,
  entries: 'none',
});

const GARBAGE_BODY = '<html><body>502 upstream hiccup</body></html>\n\u0000\u0001 not json {';

async function* oversizeBody(nodeId: string): AsyncGenerator<string> {
  // Valid JSON, just far too big: only a size cap (not a parser) can stop it.
  yield `{"node":{"id":${JSON.stringify(nodeId)}},"padding":"`;
  const chunk = 'x'.repeat(OVERSIZE_CHUNK);
  for (let sent = 0; sent < OVERSIZE_BYTES; sent += OVERSIZE_CHUNK) yield chunk;
  yield '"}';
}

/**
 * One simulated node's HTTP listener on 127.0.0.1. It knows faults and
 * sockets, not the simulation: `respond` gives the answer.
 */
export class SimNodeServer {
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private fault: Fault = { kind: 'none' };
  private boundPort = 0;
  private down = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly nodeId: string,
    private readonly respond: (method: string, url: string) => AdminAnswer,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  get crashed(): boolean {
    return this.down;
  }

  get currentFault(): Fault {
    return this.fault;
  }

  setFault(fault: Fault): void {
    this.fault = fault;
  }

  /** First listen picks an ephemeral port; every later one reuses it. */
  listen(): Promise<void> {
    return this.enqueue(() => this.bind());
  }

  /**
   * The process dies: the port closes and every open connection is cut. The
   * node counts as down at once; the socket work runs after any listen still
   * in progress, so a crash right after a restore cannot leave a port open.
   */
  crash(): Promise<void> {
    this.down = true;
    return this.enqueue(() => {
      this.shutdown();
    });
  }

  /** The process comes back on the same port with no faults. */
  restore(): Promise<void> {
    this.fault = { kind: 'none' };
    if (!this.down) return this.queue;
    this.down = false;
    return this.enqueue(() => this.bind());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.down = true;
    await this.enqueue(async () => {
      const server = this.shutdown();
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  }

  /** Lifecycle steps run one at a time, in the order they were asked for. */
  private enqueue(step: () => Promise<void> | void): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async bind(): Promise<void> {
    if (this.closed || this.down) return;
    const server = http.createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          server.once('error', onError);
          server.listen(this.boundPort, '127.0.0.1', () => {
            server.off('error', onError);
            resolve();
          });
        });
        break;
      } catch (error) {
        // The old socket of this same port may take a moment to let go.
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= LISTEN_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
  }

  private shutdown(): http.Server | null {
    const server = this.server;
    this.server = null;
    if (server) server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return server;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    const fault = this.fault;
    switch (fault.kind) {
      case 'none':
        this.answer(req, res);
        return;
      case 'hang':
        // Accept and say nothing; the socket is cut on crash, restore or close.
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!res.destroyed) this.answer(req, res);
        }, fault.ms);
        this.timers.add(timer);
        return;
      }
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(GARBAGE_BODY);
        return;
      case 'invalid':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(INVALID_BODY);
        return;
      case 'oversize':
        res.writeHead(200, { 'content-type': 'application/json' });
        pipeline(Readable.from(oversizeBody(this.nodeId)), res, () => undefined);
        return;
      default: {
        const unreachable: never = fault;
        throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    let answer: AdminAnswer;
    try {
      answer = this.respond(req.method ?? 'GET', req.url ?? '/');
    } catch (error) {
      answer = { status: 500, body: { error: { code: 'internal', message: (error as Error).message } } };
    }
    const body = answer.text ?? JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(answer.status === 405 ? { allow: 'GET' } : {}),
      ...answer.headers,
    });
    res.end(body);
  }
}
