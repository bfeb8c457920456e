import { describe, expect, it } from 'vitest';
import { nodeStatusNote, reasonText } from './reason-text';

describe('reasonText', () => {
  it('adds the schema path when the answer failed validation', () => {
    expect(reasonText({ code: 'schema', message: 'expected a string', path: 'node.version' })).toBe('expected a string (at node.version)');
    expect(reasonText({ code: 'refused', message: 'connection refused' })).toBe('connection refused');
    expect(reasonText(null)).toBeNull();
  });
});

describe('nodeStatusNote', () => {
  it('explains unknown and stale instead of leaving them bare', () => {
    expect(nodeStatusNote('unknown', null)).toBe('not polled yet');
    expect(nodeStatusNote('stale', null)).toMatch(/no fresh report/);
    expect(nodeStatusNote('ok', null)).toBeNull();
  });

  it('prefers the poll reason when there is one', () => {
    expect(nodeStatusNote('stale', { code: 'timeout', message: 'no answer' })).toBe('no answer');
  });
});
