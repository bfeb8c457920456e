import { describe, expect, it } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import { alertingConfigSchema, displayUrl, parseHeadersEnv } from './config';

describe('alertingConfigSchema', () => {
  it('fills defaults and reads durations', () => {
    expect(alertingConfigSchema.parse(undefined)).toEqual({ alertmanagers: [], webhooks: [], resendInterval: 60_000, timeout: 5000 });
    expect(alertingConfigSchema.parse({ resendInterval: '30s', alertmanagers: ['http://am:9093'] })).toMatchObject({ resendInterval: 30_000 });
  });

  it('rejects unknown keys, URLs with credentials, and header values written in the config', () => {
    expect(alertingConfigSchema.safeParse({ alertmanager: ['http://am:9093'] }).success).toBe(false);
    expect(alertingConfigSchema.safeParse({ alertmanagers: ['http://user:pw@am:9093'] }).success).toBe(false);
    expect(alertingConfigSchema.safeParse({ alertmanagers: ['file:///etc/passwd'] }).success).toBe(false);
    expect(alertingConfigSchema.safeParse({ webhooks: [{ url: 'https://chat/hook', headersEnv: 'Bearer abc' }] }).success).toBe(false);
    expect(alertingConfigSchema.safeParse({ webhooks: [{ url: 'https://chat/hook', headers: {} }] }).success).toBe(false);
  });
});

describe('parseHeadersEnv', () => {
  it('reads a JSON object or "Name: value" lines', () => {
    expect(parseHeadersEnv('H', { H: '{"Authorization":"Bearer x","X-Team":"db"}' })).toEqual({ ok: true, headers: { Authorization: 'Bearer x', 'X-Team': 'db' } });
    expect(parseHeadersEnv('H', { H: 'Authorization: Bearer a:b\n\nX-Team: db\n' })).toEqual({ ok: true, headers: { Authorization: 'Bearer a:b', 'X-Team': 'db' } });
  });

  it('refuses what would change the request, and never echoes the value', () => {
    const cases = [undefined, '', '{"A":1}', '[1]', '{"Content-Length":"0"}', 'no colon here', 'Bad Name: x', '{"X":"a\\r\\nHost: evil"}'];
    for (const value of cases) {
      const result = parseHeadersEnv('HOOK_HEADERS', value === undefined ? {} : { HOOK_HEADERS: value });
      expect(result.ok, String(value)).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain('HOOK_HEADERS');
        if (value) expect(result.message).not.toContain('evil');
      }
    }
  });
});

describe('displayUrl', () => {
  it('drops the query and fragment', () => {
    expect(displayUrl('https://hooks.example/x/y?token=abc#frag')).toBe('https://hooks.example/x/y');
    expect(displayUrl('http://127.0.0.1:9093/')).toBe('http://127.0.0.1:9093');
  });
});

describe('alerting in the dashboard config', () => {
  const target = { id: 'n1', kind: 'native', url: 'http://127.0.0.1:9100' };

  it('is a process-wide setting in both file forms', () => {
    const single = validateClusterConfig({ cluster: 'a', targets: [target], alerting: { alertmanagers: ['http://127.0.0.1:9093'] } }, 'single.yaml');
    expect(single.ok && single.config.alerting.alertmanagers).toEqual(['http://127.0.0.1:9093']);
    const multi = validateClusterConfig({ clusters: [{ name: 'a', targets: [target] }], alerting: { webhooks: [{ url: 'https://chat.example/hook' }] } }, 'multi.yaml');
    expect(multi.ok && multi.config.alerting.webhooks).toEqual([{ url: 'https://chat.example/hook' }]);
    const none = validateClusterConfig({ cluster: 'a', targets: [target] }, 'plain.yaml');
    expect(none.ok && none.config.alerting).toMatchObject({ alertmanagers: [], webhooks: [] });
  });

  it('is not accepted inside one cluster of several, and a bad URL names its path', () => {
    const inside = validateClusterConfig({ clusters: [{ name: 'a', targets: [target], alerting: {} }] }, 'multi.yaml');
    expect(inside.ok).toBe(false);
    const bad = validateClusterConfig({ cluster: 'a', targets: [target], alerting: { alertmanagers: ['am:9093'] } }, 'single.yaml');
    expect(!bad.ok && bad.message).toContain('alerting.alertmanagers[0]');
  });
});
