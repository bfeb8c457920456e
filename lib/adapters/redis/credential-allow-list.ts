import { BlockList, isIP } from 'node:net';
import { z } from '@/lib/contract/zod';
import { splitHostPort } from './info';

/**
 * Which discovered members may receive the seed's credentials. A hostile or
 * misconfigured seed can list any address in CLUSTER NODES; without this list
 * it would collect the password by listing itself. Entries: "host:port",
 * "host" (any port), or a CIDR block "10.0.0.0/24" / "fd00::/64" (any port).
 */
export const credentialAllowEntry = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$|^[0-9a-fA-F.:]+\/\d{1,3}$/, {
    error: 'expected "host:port", "host" or a CIDR block like "10.0.0.0/24"',
  })
  .refine((entry) => !entry.includes('/') || cidr(entry) !== null, { error: 'expected a valid CIDR block like "10.0.0.0/24" or "fd00::/64"' });

function cidr(entry: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [network, prefixText] = entry.split('/');
  const version = isIP(network);
  const prefix = Number(prefixText);
  if (version === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (version === 4 ? 32 : 128)) return null;
  return { network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** True when `address` ("host:port" as CLUSTER NODES reports it) is covered by an entry of the list. */
export function credentialsAllowedFor(address: string, allowList: readonly string[]): boolean {
  const { host, port } = splitHostPort(address);
  const hostLower = host.toLowerCase();
  const version = isIP(host);
  for (const entry of allowList) {
    const block = entry.includes('/') ? cidr(entry) : null;
    if (block !== null) {
      if (version === 0 || (version === 4) !== (block.family === 'ipv4')) continue;
      const list = new BlockList();
      list.addSubnet(block.network, block.prefix, block.family);
      if (list.check(host, block.family)) return true;
      continue;
    }
    // A bare IPv6 host is always bracketed, so a trailing ":digits" after "]" or a plain host is a port.
    const hasPort = /(\]|^[A-Za-z0-9.-]+):\d{1,5}$/.test(entry);
    const wanted = hasPort ? splitHostPort(entry) : { host: entry.replace(/^\[(.*)\]$/, '$1'), port: null };
    if (wanted.host.toLowerCase() === hostLower && (wanted.port === null || wanted.port === port)) return true;
  }
  return false;
}
