import { BlockList } from 'node:net';
import { ipVersion, parseCidr } from './credential-allow-entry';
import { splitHostPort } from './info';

/**
 * Which discovered members may receive the seed's credentials. A hostile or
 * misconfigured seed can list any address in CLUSTER NODES; without this list
 * it would collect the password by listing itself. Entries: credential-allow-entry.ts.
 */

/** True when `address` ("host:port" as CLUSTER NODES reports it) is covered by an entry of the list. */
export function credentialsAllowedFor(address: string, allowList: readonly string[]): boolean {
  const { host, port } = splitHostPort(address);
  const hostLower = host.toLowerCase();
  const version = ipVersion(host);
  for (const entry of allowList) {
    const block = entry.includes('/') ? parseCidr(entry) : null;
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
