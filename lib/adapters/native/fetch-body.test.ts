import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { fetchBody, type FetchRequest } from './fetch-body';

// The server listens on a port the OS picks (port 0), on 127.0.0.1 only.
type Route = (request: IncomingMessage, response: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/ok': (_, response) => response.end(JSON.stringify({ hello: 'world' })),
  '/chunks': (_, response) => {
    response.write('a'.repeat(1000));
    setImmediate(() => response.end('b'.repeat(1000)));
  },
  '/500': (_, response) => {
    response.statusCode = 500;
    response.end('x'.repeat(10_000));
  },
  '/401': (_, response) => {
    response.statusCode = 401;
    response.end();
  },
  '/declared-large': (_, response) => {
    response.setHeader('content-length', '5000');
    response.end('y'.repeat(5000));
  },
  '/chunked-large': (_, response) => {
    for (let i = 0; i < 10; i++) response.write('z'.repeat(1000));
    response.end();
  },
  '/hang': () => undefined,
  '/cut': (request) => request.socket.destroy(),
};

const MAX_BYTES = 4096;
const request = (path: string, timeoutMs = 2000): FetchRequest => ({ path, headers: { accept: 'application/json' }, timeoutMs, maxBytes: MAX_BYTES });

describe('fetchBody', () => {
  let server: Server;
  let origin: string;
  let client: Client;

  beforeAll(async () => {
    server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/ok'])(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new Client(origin, { pipelining: 1, keepAliveTimeout: 30_000 });
  });

  afterAll(async () => {
    await client.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads a body whole, in one chunk or many', async () => {
    const one = await fetchBody(client, request('/ok'));
    expect(one.kind === 'body' && one.body.toString()).toBe('{"hello":"world"}');
    const many = await fetchBody(client, request('/chunks'));
    expect(many.kind === 'body' && many.body.toString()).toBe('a'.repeat(1000) + 'b'.repeat(1000));
  });

  it('answers another status at once and keeps the connection usable', async () => {
    expect(await fetchBody(client, request('/500'))).toEqual({ kind: 'status', statusCode: 500 });
    expect(await fetchBody(client, request('/401'))).toEqual({ kind: 'status', statusCode: 401 });
    expect((await fetchBody(client, request('/ok'))).kind).toBe('body');
  });

  it('refuses a body past the cap, declared or not, and the next request still works', async () => {
    expect(await fetchBody(client, request('/declared-large'))).toEqual({ kind: 'oversize', declared: 5000 });
    expect(await fetchBody(client, request('/chunked-large'))).toEqual({ kind: 'oversize', declared: null });
    expect((await fetchBody(client, request('/ok'))).kind).toBe('body');
  });

  it('times out a node that never answers, and the next request gets a fresh connection', async () => {
    expect(await fetchBody(client, request('/hang', 200))).toEqual({ kind: 'timeout' });
    expect((await fetchBody(client, request('/ok'))).kind).toBe('body');
  });

  it('reports a connection cut before the answer as an error', async () => {
    const cut = await fetchBody(client, request('/cut'));
    expect(cut.kind).toBe('error');
    expect((await fetchBody(client, request('/ok'))).kind).toBe('body');
  });

  it('reports a refused connection as an error carrying ECONNREFUSED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refusing = new Client(`http://127.0.0.1:${port}`);
    try {
      const result = await fetchBody(refusing, request('/ok'));
      expect(result.kind).toBe('error');
      expect(result.kind === 'error' && (result.error as { code?: string }).code).toBe('ECONNREFUSED');
    } finally {
      await refusing.destroy();
    }
  });
});
