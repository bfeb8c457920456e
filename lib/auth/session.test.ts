import { describe, expect, it } from 'vitest';
import { seal, sealKeyFrom, unseal } from './sealed-cookie';
import { safeReturnPath } from './session';

const key = sealKeyFrom('k'.repeat(40));

describe('sealed cookies', () => {
  it('open only with the same key and purpose, and never after a change', () => {
    const sealed = seal({ user: 'bob' }, key, 'session');
    expect(unseal(sealed, key, 'session')).toEqual({ user: 'bob' });
    // A login cookie cannot stand in for a session, nor a cookie sealed under another key.
    expect(unseal(sealed, key, 'login')).toBeNull();
    expect(unseal(sealed, sealKeyFrom('j'.repeat(40)), 'session')).toBeNull();
    // The last character may carry only padding bits, so it is left out.
    for (let at = 3; at < sealed.length - 1; at += 7) {
      const changed = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
      expect(unseal(changed, key, 'session'), `changed at ${at}`).toBeNull();
    }
    for (const garbage of [undefined, null, '', 'v1.', 'v1.AAAA', 'v2.' + sealed.slice(3), sealed.slice(0, -4), `v1.${'A'.repeat(9000)}`]) {
      expect(unseal(garbage, key, 'session')).toBeNull();
    }
    expect(seal({ user: 'bob' }, key, 'session')).not.toBe(sealed);
  });
});

describe('where login returns to', () => {
  it('is a path on this dashboard, or the home page', () => {
    expect(safeReturnPath('/clusters/a/sync?link=x')).toBe('/clusters/a/sync?link=x');
    for (const raw of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/auth/callback', '/x\r\nSet-Cookie: a=b', 'clusters']) {
      expect(safeReturnPath(raw)).toBe('/');
    }
  });
});
