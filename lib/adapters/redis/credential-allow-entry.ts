import { z } from '@/lib/contract/zod';

/**
 * One entry of `discoverCredentialsFor`: "host:port", "host" (any port), or a
 * CIDR block "10.0.0.0/24" / "fd00::/64" (any port). Pure (no node:net): the
 * config schema, and with it the report contract, is also loaded in the browser.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 or 6 for an IP address, 0 for anything else (a hostname). */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (IPV4.test(text)) return 4;
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return 0;
  try {
    // The URL parser is a full IPv6 validator, in Node and in the browser.
    new URL(`http://[${text}]/`);
    return 6;
  } catch {
    return 0;
  }
}

export type Cidr = { network: string; prefix: number; family: 'ipv4' | 'ipv6' };

export function parseCidr(entry: string): Cidr | null {
  const [network, prefixText] = entry.split('/');
  const version = ipVersion(network);
  const prefix = Number(prefixText);
  if (version === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (version === 4 ? 32 : 128)) return null;
  return { network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export const credentialAllowEntry = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$|^[0-9a-fA-F.:]+\/\d{1,3}$/, {
    error: 'expected "host:port", "host" or a CIDR block like "10.0.0.0/24"',
  })
  .refine((entry) => !entry.includes('/') || parseCidr(entry) !== null, { error: 'expected a valid CIDR block like "10.0.0.0/24" or "fd00::/64"' });
