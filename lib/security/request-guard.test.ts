import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from '@/proxy';
import { allowedHostsFrom, isAllowedHost } from './allowed-hosts';
import { contentSecurityPolicy, newNonce } from './csp';
import { refuseRequest } from './request-guard';
import { guardUnsupportedMethods } from './unsupported-methods';

const defaults = allowedHostsFrom({ HOSTNAME: '0.0.0.0' });

describe('allowed hosts', () => {
  it('answers loopback names and the bind name by default, and names from CLUSTERSCOPE_ALLOWED_HOSTS', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST']) expect(isAllowedHost(host, defaults)).toBe(true);
    for (const host of ['evil.example', 'evil.example:3000', '0.0.0.0:3000', '127.0.0.1.evil.example', '', null]) expect(isAllowedHost(host, defaults)).toBe(false);
    const configured = allowedHostsFrom({ HOSTNAME: 'dash.internal', CLUSTERSCOPE_ALLOWED_HOSTS: 'ops.example.com, proxy.example.com:8443' });
    expect(isAllowedHost('dash.internal:3000', configured)).toBe(true);
    expect(isAllowedHost('ops.example.com', configured)).toBe(true);
    expect(isAllowedHost('proxy.example.com:8443', configured)).toBe(true);
    expect(isAllowedHost('proxy.example.com:9000', configured)).toBe(false);
  });
});

describe('refuseRequest', () => {
  const request = (method: string, host: string | null, pathname: string) => refuseRequest({ method, host, pathname }, defaults);
  it('refuses a foreign Host (DNS rebinding) with 421, other methods with 405, an undecodable path with 400', () => {
    expect(request('GET', 'evil.example', '/api/cluster')).toMatchObject({ status: 421, code: 'misdirected' });
    expect(request('DELETE', 'localhost:3000', '/api/cluster')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    expect(request('GET', 'localhost:3000', '/api/nodes/%ZZ')).toMatchObject({ status: 400, code: 'bad_request' });
    expect(request('GET', 'localhost:3000', '/api/nodes/n%201')).toBeNull();
    expect(request('HEAD', '127.0.0.1:3000', '/')).toBeNull();
  });
});

describe('proxy.ts', () => {
  it('gives a page a CSP with a fresh nonce, and passes that nonce on to the render', () => {
    const first = proxy(new NextRequest('http://localhost:3000/sync', { headers: { host: 'localhost:3000' } }));
    const second = proxy(new NextRequest('http://localhost:3000/sync', { headers: { host: 'localhost:3000' } }));
    const policy = first.headers.get('content-security-policy')!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(second.headers.get('content-security-policy')).not.toBe(policy);
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    expect(first.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
  });

  it('answers Host: evil.example and GET /api/nodes/%ZZ in the API error shape', async () => {
    const evil = proxy(new NextRequest('http://evil.example/api/cluster', { headers: { host: 'evil.example' } }));
    expect(evil.status).toBe(421);
    expect(await evil.json()).toMatchObject({ error: { code: 'misdirected' } });
    const undecodable = proxy(new NextRequest('http://localhost:3000/api/nodes/%ZZ', { headers: { host: 'localhost:3000' } }));
    expect(undecodable.status).toBe(400);
    expect(await undecodable.json()).toEqual({ error: { code: 'bad_request', message: 'the path is not valid percent-encoding' } });
  });
});

describe('csp', () => {
  it('allows eval only in development, and nonces are unique', () => {
    expect(contentSecurityPolicy('n', { development: false })).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('n', { development: true })).toContain("'unsafe-eval'");
    expect(new Set(Array.from({ length: 100 }, newNonce)).size).toBe(100);
  });
});

describe('TRACE and other methods Fetch cannot carry', () => {
  it('are answered 405 in the API error shape at the HTTP server, before the application handler', async () => {
    guardUnsupportedMethods();
    let reachedHandler = 0;
    const server = http.createServer((_request, response) => {
      reachedHandler += 1;
      response.end('handler');
    });
    // Port 0: the OS picks a free one.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const send = (method: string) =>
      new Promise<{ status: number; body: string; allow: string | undefined }>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, method, path: '/api/cluster', agent: false }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body, allow: response.headers.allow }));
        });
        request.on('error', reject);
        request.end();
      });
    try {
      const trace = await send('TRACE');
      expect(trace.status).toBe(405);
      expect(trace.allow).toBe('GET, HEAD');
      expect(JSON.parse(trace.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
      expect(reachedHandler).toBe(0);
      expect((await send('GET')).body).toBe('handler');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
