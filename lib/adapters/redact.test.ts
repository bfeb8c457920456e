import { describe, expect, it } from 'vitest';
import { failedReport } from '@/lib/contract/report';
import { configuredSecrets, createRedactor, REDACTED } from './redact';
import { credentialsAllowedFor } from './redis/credential-allow-list';

describe('configuredSecrets', () => {
  it('reads the value of every *Env field of every target, skipping unset and empty variables', () => {
    const env = { A: 'alpha-secret', B: 'beta-token', EMPTY: '' };
    const targets = [
      { id: 'a', passwordEnv: 'A' },
      { id: 'b', bearerTokenEnv: 'B' },
      { id: 'c', passwordEnv: 'EMPTY' },
      { id: 'd', passwordEnv: 'UNSET' },
      { id: 'e', url: 'B' },
    ];
    expect(configuredSecrets(targets, env).sort()).toEqual(['alpha-secret', 'beta-token']);
  });
});

describe('createRedactor', () => {
  const redactor = createRedactor(['p@ss "word"', 'p@ss']);

  it('replaces the raw, URL-encoded and JSON-escaped forms, longest first', () => {
    expect(redactor.text("args beginning with: 'p@ss \"word\"'")).toBe(`args beginning with: '${REDACTED}'`);
    expect(redactor.text(`x=${encodeURIComponent('p@ss "word"')}`)).toBe(`x=${REDACTED}`);
    expect(redactor.text('{"a":"p@ss \\"word\\""}')).toBe(`{"a":"${REDACTED}"}`);
    expect(redactor.text('p@ss and p@ss')).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it('scrubs every string of a report, keys included, and keeps untouched parts as they were', () => {
    const report = {
      ...failedReport({ targetId: 't', kind: 'redis', address: 'h:1', status: 'bad_response', reason: { code: 'auth', message: 'no p@ss' }, fetchedAt: 1 }),
      unavailable: ['peers' as const],
    };
    const scrubbed = redactor.report(report);
    expect(scrubbed.reason?.message).toBe(`no ${REDACTED}`);
    expect(scrubbed.unavailable).toBe(report.unavailable);
    expect(report.reason?.message).toBe('no p@ss');
    const deep = redactor.report({ ...report, node: { nested: { 'p@ss': ['p@ss'] } } } as never) as unknown as { node: unknown };
    expect(deep.node).toEqual({ nested: { [REDACTED]: [REDACTED] } });
  });

  it('with no secrets, returns the very same report', () => {
    const report = failedReport({ targetId: 't', kind: 'native', address: 'h:1', status: 'timeout', reason: null, fetchedAt: 1 });
    expect(createRedactor([]).report(report)).toBe(report);
  });
});

describe('credentialsAllowedFor', () => {
  it.each([
    ['10.0.0.7:6379', ['10.0.0.0/24'], true],
    ['10.0.1.7:6379', ['10.0.0.0/24'], false],
    ['10.0.0.7:6379', ['10.0.0.7'], true],
    ['10.0.0.7:6380', ['10.0.0.7:6379'], false],
    ['redis-1.internal:6379', ['REDIS-1.internal:6379'], true],
    ['[fd00::5]:6379', ['fd00::/64'], true],
    ['[fd00::5]:6379', ['[fd00::5]'], true],
    ['[fd00::5]:6379', ['[fd00::5]:6380'], false],
    ['fd00.evil:6379', ['fd00::/64'], false],
    ['10.0.0.7:6379', [], false],
  ])('%s with %j → %s', (address, list, expected) => {
    expect(credentialsAllowedFor(address, list)).toBe(expected);
  });
});
