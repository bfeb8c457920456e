import { describe, expect, it } from 'vitest';
import { authConfigSchema } from './config';
import { isLoopbackBind, resolveAuthPolicy } from './policy';

const oidc = (overrides: Record<string, unknown> = {}) =>
  authConfigSchema.parse({
    mode: 'oidc',
    issuer: 'https://sso.example.com/realms/ops',
    clientId: 'clusterscope',
    clientSecretEnv: 'OIDC_SECRET',
    externalUrl: 'https://clusterscope.example.com/',
    sessionKeyEnv: 'SESSION_KEY',
    ...overrides,
  });
const secrets = { OIDC_SECRET: 's3cret', SESSION_KEY: 'x'.repeat(32) };

describe('when sign-in may be off', () => {
  it('allows none on loopback, for the demo anywhere, and when the config says so; refuses an exposed config without auth', () => {
    expect(resolveAuthPolicy({ auth: undefined, file: null, env: { HOSTNAME: '0.0.0.0' } })).toEqual({ ok: true, policy: { mode: 'none', mark: 'demo' } });
    for (const HOSTNAME of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
      expect(resolveAuthPolicy({ auth: undefined, file: 'c.yaml', env: { HOSTNAME } })).toEqual({ ok: true, policy: { mode: 'none', mark: 'no-sign-in' } });
    }
    for (const HOSTNAME of ['0.0.0.0', '::', '10.0.0.5', 'dash.internal', undefined]) {
      const result = resolveAuthPolicy({ auth: undefined, file: '/etc/c.yaml', env: { HOSTNAME } });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/Refusing to start without sign-in.*\/etc\/c\.yaml.*auth: \{ mode: none \}/s);
    }
    expect(resolveAuthPolicy({ auth: authConfigSchema.parse({ mode: 'none' }), file: 'c.yaml', env: { HOSTNAME: '0.0.0.0' } }).ok).toBe(true);
    expect(isLoopbackBind('127.0.0.1.evil.example')).toBe(false);
  });
});

describe('oidc settings', () => {
  it('reads secrets from the named variables and uses __Host- Secure cookies on https', () => {
    const result = resolveAuthPolicy({ auth: oidc(), file: 'c.yaml', env: secrets });
    expect(result.ok && result.policy.mode === 'oidc' && result.policy.oidc).toMatchObject({
      secureCookies: true,
      sessionCookie: '__Host-clusterscope-session',
      redirectUri: 'https://clusterscope.example.com/auth/callback',
      clientSecret: 's3cret',
    });
  });

  it('names every missing or weak secret and plain http off loopback', () => {
    const result = resolveAuthPolicy({
      auth: oidc({ externalUrl: 'http://dash.internal', issuer: 'http://sso.internal', tokens: [{ name: 'prom', tokenEnv: 'PROM_TOKEN', clusters: ['*'] }] }),
      file: 'c.yaml',
      env: { SESSION_KEY: 'short', PROM_TOKEN: 'short' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('OIDC_SECRET');
    expect(result.message).toContain('SESSION_KEY must hold at least 32 characters');
    expect(result.message).toContain('PROM_TOKEN must hold a token of at least 16 characters');
    expect(result.message).toContain('auth.externalUrl: http://dash.internal is plain http');
    expect(result.message).toContain('auth.issuer: http://sso.internal is plain http');
  });

  it('refuses a secret written where its variable name belongs, and unknown modes', () => {
    expect(authConfigSchema.safeParse({ mode: 'oidc', issuer: 'https://a', clientId: 'c', clientSecretEnv: 'abc def!', externalUrl: 'https://b', sessionKeyEnv: 'K' }).success).toBe(false);
    expect(authConfigSchema.safeParse({ mode: 'basic' }).success).toBe(false);
    expect(authConfigSchema.safeParse({ mode: 'proxy', proxyAddresses: ['not-an-ip'] }).success).toBe(false);
  });
});

describe('auth in the config file', () => {
  it('names an access rule or token that points at a cluster the file does not have', async () => {
    const { parseClusterConfigText } = await import('@/lib/config/load');
    const text = [
      'clusters:',
      '  - { name: alpha, targets: [{ id: a, kind: native, url: "http://10.0.0.1:8080" }] }',
      'auth:',
      '  mode: proxy',
      '  proxyAddresses: ["10.0.0.2"]',
      '  access: [{ group: ops, clusters: [alpha, alpah] }]',
      '  tokens: [{ name: prom, tokenEnv: PROM, clusters: ["*"] }]',
    ].join('\n');
    const result = parseClusterConfigText(text, 'c.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('auth.access[0].clusters[1]: no cluster named "alpah" in this file');
    const fixed = parseClusterConfigText(text.replace('alpah', 'alpha'), 'c.yaml');
    expect(fixed.ok && fixed.config.auth).toMatchObject({ mode: 'proxy', userHeader: 'x-forwarded-user' });
    const single = parseClusterConfigText('cluster: solo\ntargets: [{ id: a, kind: native, url: "http://10.0.0.1:8080" }]\nauth: { mode: none }\n', 'c.yaml');
    expect(single.ok && single.config.auth).toEqual({ mode: 'none' });
  });
});
