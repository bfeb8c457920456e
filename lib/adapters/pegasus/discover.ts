import type { DiscoverOptions, Discovered } from '../kind';
import { PegasusHttp } from './http';
import { readNodes } from './replies';
import type { PegasusTargetConfig } from './target';

const DISCOVERY_MAX_BYTES = 8 * 1024 * 1024;

/** Target id of one member: the cluster target's id, the role and the address ("pegasus.replica.10.0.0.7:34801"). */
export function memberId(clusterId: string, role: 'meta' | 'replica', address: string): string {
  // Target ids allow letters, digits, ".", "_", ":" and "-": an IPv6 address loses its brackets.
  return `${clusterId}.${role}.${address.replace(/[^A-Za-z0-9._:-]/g, '')}`.slice(0, 128);
}

/**
 * Expands a Pegasus cluster target into one target per server: every
 * configured meta server, and the replica servers the config lists or, when it
 * lists none, those the meta leader reports in /meta/nodes (only addresses the
 * meta server itself reports). A target pinned to one server passes through.
 * Never throws: without an answer the meta servers are still watched.
 */
export async function discoverPegasusMembers(target: PegasusTargetConfig, options: DiscoverOptions): Promise<Discovered<PegasusTargetConfig>> {
  if (target.server) return { targets: [target], error: null };
  const member = (role: 'meta' | 'replica', address: string): PegasusTargetConfig => ({
    ...target,
    id: memberId(target.id, role, address),
    server: { role, address },
  });
  const metas = target.metaServers.map((address) => member('meta', address));
  if (target.replicaServers) return { targets: [...metas, ...target.replicaServers.map((address) => member('replica', address))], error: null };

  const http = new PegasusHttp(new Set(target.metaServers));
  const errors: string[] = [];
  try {
    for (const meta of target.metaServers) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      const exchange = await http.get(meta, '/meta/nodes', controller.signal, DISCOVERY_MAX_BYTES, options.timeoutMs).finally(() => clearTimeout(timer));
      if (exchange.kind === 'failed') {
        errors.push(exchange.reason.message);
        continue;
      }
      if (exchange.statusCode !== 200) {
        errors.push(`HTTP ${exchange.statusCode} from ${exchange.address} for /meta/nodes`);
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(exchange.body);
      } catch {
        errors.push(`/meta/nodes from ${exchange.address} is not JSON`);
        continue;
      }
      const nodes = readNodes(json);
      if (typeof nodes === 'string') {
        errors.push(nodes);
        continue;
      }
      const replicas = nodes.nodes.map((node) => member('replica', node.address));
      return { targets: [...metas, ...replicas], error: null };
    }
  } finally {
    await http.close();
  }
  return { targets: metas, error: `cannot list replica servers from any meta server: ${errors.join('; ')}` };
}
