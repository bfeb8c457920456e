import { describe, expect, it } from 'vitest';
import { credentialAllowEntry, ipVersion, parseCidr } from './credential-allow-entry';

describe('allow-list entries, checked without node:net', () => {
  it('tells IPv4, IPv6 and host names apart', () => {
    expect(['10.0.0.1', '255.255.255.255', 'fd00::1', '::ffff:1.2.3.4', '::'].map(ipVersion)).toEqual([4, 4, 6, 6, 6]);
    expect(['256.1.1.1', '10.0.0', 'cache-1.internal', 'fd00::g', ':::', ''].map(ipVersion)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('accepts valid CIDR blocks only', () => {
    expect(parseCidr('10.0.0.0/24')).toEqual({ network: '10.0.0.0', prefix: 24, family: 'ipv4' });
    expect(parseCidr('fd00::/64')).toEqual({ network: 'fd00::', prefix: 64, family: 'ipv6' });
    expect([parseCidr('10.0.0.0/33'), parseCidr('host/8'), parseCidr('fd00::/129')]).toEqual([null, null, null]);
    expect(credentialAllowEntry.safeParse('10.0.0.0/33').success).toBe(false);
    expect(credentialAllowEntry.safeParse('cache-1.internal:6379').success).toBe(true);
  });
});
