import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from '@/proxy';
import { guardUnsupportedMethods } from '@/lib/security/unsupported-methods';
import { ACCESS_HEADER, clustersForGroups, decodeAccess, encodeAccess } from './access';
import { authorizeRequest, type RequestFacts } from './authorize';
import { authConfigSchema } from './config';
import { bearerToken, matchMachineToken } from './machine-tokens';
import { metricsVisibleTo } from './metrics-filter';
import { PEER_HEADER } from './peer-address';
import { resolveAuthPolicy, type AuthPolicy } from './policy';
import { installAuthPolicy } from './runtime';

const PROM_TOKEN = 'prometheus-token-0123456789';
const API_TOKEN = 'api-client-token-abcdefghij';

function proxyPolicy(): AuthPolicy {
  const auth = authConfigSchema.parse({
    mode: 'proxy',
    proxyAddresses: ['127.0.0.1', '::1'],
    access: [
      { group: 'ops', clusters: ['*'] },
      { group: 'team-a', clusters: ['alpha'] },
    ],
    tokens: [
      { name: 'prometheus', tokenEnv: 'PROM_TOKEN', clusters: ['*'] },
      { name: 'team-a-client', tokenEnv: 'API_TOKEN', clusters: ['alpha'] },
    ],
  });
  const result = resolveAuthPolicy({ auth, file: 'c.yaml', env: { PROM_TOKEN, API_TOKEN } });
  if (!result.ok) throw new Error(result.message);
  return result.policy;
}

function facts(pathname: string, headers: Record<string, string>, peerAddress: string | null): RequestFacts {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { pathname, search: '', header: (name) => lower.get(name.toLowerCase()) ?? null, cookie: () => undefined, peerAddress, now: 0 };
}

afterEach(() => installAuthPolicy(resolveAuthPolicy({ auth: undefined, file: null, env: {} })));

describe('proxy mode', () => {
  const policy = proxyPolicy();
  const identity = { 'x-forwarded-user': 'bob', 'x-forwarded-groups': 'team-a, viewers' };

  it('believes the identity headers only from a configured proxy address', () => {
    expect(authorizeRequest(facts('/api/clusters', identity, '127.0.0.1'), policy)).toEqual({ kind: 'allow', access: { user: 'bob', via: 'proxy', clusters: ['alpha'] } });
    expect(authorizeRequest(facts('/api/clusters', identity, '::ffff:127.0.0.1'), policy).kind).toBe('allow');
    for (const peer of ['127.0.0.2', '10.0.0.9', null]) expect(authorizeRequest(facts('/api/clusters', identity, peer), policy).kind).toBe('unauthorized');
    expect(authorizeRequest(facts('/api/clusters', {}, '127.0.0.1'), policy).kind).toBe('unauthorized');
  });
});

describe('machine tokens', () => {
  const policy = proxyPolicy();
  it('accept the right token with its own clusters, refuse a wrong one even where the proxy would vouch', () => {
    expect(authorizeRequest(facts('/metrics', { authorization: `Bearer ${PROM_TOKEN}` }, '10.0.0.9'), policy)).toMatchObject({ kind: 'allow', access: { user: 'prometheus', clusters: '*' } });
    expect(authorizeRequest(facts('/api/findings', { authorization: `bearer ${API_TOKEN}` }, null), policy)).toMatchObject({ access: { user: 'team-a-client', via: 'token', clusters: ['alpha'] } });
    const wrong = { authorization: `Bearer ${PROM_TOKEN.slice(0, -1)}x`, 'x-forwarded-user': 'bob' };
    expect(authorizeRequest(facts('/metrics', wrong, '127.0.0.1'), policy).kind).toBe('unauthorized');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(matchMachineToken('', [{ name: 'n', secret: PROM_TOKEN, clusters: '*' }])).toBeNull();
  });
});

describe('what routes are told', () => {
  it('proxy.ts overwrites an access header and a peer address a client sends', () => {
    installAuthPolicy({ ok: true, policy: proxyPolicy() });
    const forged = encodeAccess({ user: 'mallory', via: 'token', clusters: '*' });
    const refused = proxy(new NextRequest('http://localhost:3000/api/clusters', { headers: { host: 'localhost:3000', [ACCESS_HEADER]: forged, [PEER_HEADER]: '127.0.0.1', 'x-forwarded-user': 'mallory', 'x-forwarded-groups': 'ops' } }));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    const health = proxy(new NextRequest('http://localhost:3000/api/health', { headers: { host: 'localhost:3000', [ACCESS_HEADER]: forged } }));
    expect(decodeAccess(health.headers.get(`x-middleware-request-${ACCESS_HEADER}`))).toEqual({ user: null, via: 'anonymous', clusters: [] });
  });

  it('the HTTP server hook stamps the real peer address over any a client sends', async () => {
    guardUnsupportedMethods();
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.headers[PEER_HEADER]);
      response.end();
    });
    // Port 0: the OS picks a free one.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const localAddress of ['127.0.0.1', '127.0.0.3']) {
        await new Promise<void>((resolve, reject) => {
          const request = http.request({ host: '127.0.0.1', port, localAddress, path: '/', headers: { [PEER_HEADER]: '10.1.1.1' }, agent: false }, (response) => {
            response.resume();
            response.on('end', resolve);
          });
          request.on('error', reject);
          request.end();
        });
      }
      expect(seen).toEqual(['127.0.0.1', '127.0.0.3']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('cluster access', () => {
  it('is the union of the groups’ rules, and filters /metrics samples by their cluster label', () => {
    const rules = [
      { group: 'a', clusters: ['alpha'] },
      { group: 'b', clusters: ['beta', 'alpha'] },
      { group: 'ops', clusters: ['*'] },
    ];
    expect(clustersForGroups(['a', 'b'], rules)).toEqual(['alpha', 'beta']);
    expect(clustersForGroups(['x'], rules)).toEqual([]);
    expect(clustersForGroups(['a', 'ops'], rules)).toBe('*');
    const exposition = [
      '# HELP clusterscope_node_status Status',
      '# TYPE clusterscope_node_status gauge',
      'clusterscope_node_status{cluster="alpha",node="n1",status="ok"} 1',
      'clusterscope_node_status{cluster="beta",node="n1",status="ok"} 1',
      'clusterscope_polls_total{outcome="ok",cluster="beta"} 4',
      'process_cpu_seconds_total 1.5',
    ].join('\n');
    const visible = metricsVisibleTo(exposition, { user: 't', via: 'token', clusters: ['alpha'] });
    expect(visible).toContain('cluster="alpha"');
    expect(visible).not.toContain('cluster="beta"');
    expect(visible).toContain('process_cpu_seconds_total');
    expect(visible).toContain('# HELP clusterscope_node_status');
  });
});
