import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { NodeReportWire } from '@/lib/contract/admin-v1';

export type FakeNodeBehaviour =
  | { kind: 'ok' }
  | { kind: 'hang' }
  | { kind: 'slow'; ms: number }
  | { kind: 'garbage' }
  | { kind: 'oversize'; bytes: number }
  | { kind: 'invalid' }
  | { kind: 'status'; code: number };

export function sampleReport(id: string): NodeReportWire {
  const now = new Date().toISOString();
  return {
    node: { id, cluster: 'test', role: 'primary', version: '1.0.0', startedAt: now, now },
    sync: { links: [{ id: `${id}->r`, primary: id, replica: 'r', state: 'in_sync', primaryOffset: 10, replicaOffset: 10, lag: 0 }] },
    logs: { epoch: 'e1', entries: [], nextCursor: 0, hasMore: false, dropped: 0 },
  };
}

/**
 * A minimal admin API v1 node for collector tests: a real HTTP server on
 * 127.0.0.1 whose behaviour a test switches (hang, slow, garbage …).
 */
export class FakeNode {
  behaviour: FakeNodeBehaviour = { kind: 'ok' };
  requests = 0;
  /** Connections accepted so far (a kept-alive connection counts once). */
  connections = 0;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Set<http.ServerResponse>();

  private constructor(readonly id: string) {
    this.server = http.createServer((request, response) => this.answer(response));
    this.server.on('connection', (socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(id: string): Promise<FakeNode> {
    const node = new FakeNode(id);
    await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
    return node;
  }

  /** Connections open right now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const response of this.pending) response.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(response: http.ServerResponse): void {
    this.requests += 1;
    const behaviour = this.behaviour;
    const sendJson = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    switch (behaviour.kind) {
      case 'ok':
        return sendJson(sampleReport(this.id));
      case 'hang':
        this.pending.add(response);
        response.on('close', () => this.pending.delete(response));
        return;
      case 'slow': {
        const timer = setTimeout(() => sendJson(sampleReport(this.id)), behaviour.ms);
        response.on('close', () => clearTimeout(timer));
        return;
      }
      case 'garbage':
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end('<html>502 Bad Gateway</html>');
      case 'oversize': {
        // Streamed without a content-length, so the cap must be enforced while reading.
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < behaviour.bytes) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('error', () => undefined);
        return pump();
      }
      case 'invalid':
        return sendJson({ node: { id: this.id, role: 'primary' }, sync: { links: 'not a list' } });
      case 'status':
        response.writeHead(behaviour.code, { 'content-type': 'text/plain' });
        return void response.end('unavailable');
      default: {
        const exhausted: never = behaviour;
        throw new Error(`unhandled behaviour ${JSON.stringify(exhausted)}`);
      }
    }
  }
}
