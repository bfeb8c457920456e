import type { ChangeEntry } from '@/lib/adapters/redis/change-log';

/**
 * Olric's `cluster.events` pub/sub messages (events/cluster_events.go): JSON with
 * `kind`, `source` (the member that saw it), `timestamp` (int64 ns) and
 * kind-specific fields. Every member publishes to every subscriber, so each
 * adapter keeps only the events its own member is the source of.
 */
export const CLUSTER_EVENTS_CHANNEL = 'cluster.events';
const MAX_EVENT_BYTES = 16 * 1024;

export type ClusterEvent =
  | { kind: 'node-join-event'; source: string; at: number; node: string }
  | { kind: 'node-left-event'; source: string; at: number; node: string }
  | { kind: 'fragment-migration-event'; source: string; at: number; target: string; partition: number; dataStructure: string; identifier: string; isBackup: boolean; length: number }
  | { kind: 'fragment-received-event'; source: string; at: number; partition: number; dataStructure: string; identifier: string; isBackup: boolean; length: number };

const text = (value: unknown): string | null => (typeof value === 'string' && value.length <= 256 ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);

/** Parses one message; anything else (not JSON, unknown kind, wrong types) is null. */
export function parseClusterEvent(message: string): ClusterEvent | null {
  if (message.length > MAX_EVENT_BYTES) return null;
  let json: unknown;
  try {
    // The ns timestamp exceeds 2^53; quote it so the millisecond part stays exact.
    json = JSON.parse(message.replace(/("timestamp"\s*:\s*)(\d+)/, '$1"$2"'));
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const event = json as Record<string, unknown>;
  const source = text(event.source);
  const stamp = typeof event.timestamp === 'string' && /^\d{1,19}$/.test(event.timestamp) ? Number(BigInt(event.timestamp) / 1_000_000n) : null;
  if (source === null || stamp === null) return null;
  const base = { source, at: stamp };
  switch (event.kind) {
    case 'node-join-event': {
      const node = text(event.node_join);
      return node === null ? null : { kind: 'node-join-event', ...base, node };
    }
    case 'node-left-event': {
      const node = text(event.node_left);
      return node === null ? null : { kind: 'node-left-event', ...base, node };
    }
    case 'fragment-migration-event':
    case 'fragment-received-event': {
      const partition = count(event.partition_id);
      const dataStructure = text(event.data_structure);
      const identifier = text(event.identifier);
      const length = count(event.length);
      if (partition === null || dataStructure === null || identifier === null || length === null || typeof event.is_backup !== 'boolean') return null;
      const fragment = { ...base, partition, dataStructure, identifier, isBackup: event.is_backup, length };
      if (event.kind === 'fragment-received-event') return { kind: 'fragment-received-event', ...fragment };
      const target = text(event.target);
      return target === null ? null : { kind: 'fragment-migration-event', ...fragment, target };
    }
    default:
      return null;
  }
}

/** One event as a log line of the member it came from; names become target ids where known. */
export function eventLogEntry(event: ClusterEvent, idFor: (hostPort: string) => string): ChangeEntry {
  const ts = new Date(event.at).toISOString();
  const subject = idFor(event.source);
  switch (event.kind) {
    case 'node-join-event':
      return { ts, level: 'info', component: 'cluster', code: 'node_join', subject: idFor(event.node), message: `${idFor(event.node)} joined the cluster (seen by ${subject})` };
    case 'node-left-event':
      return { ts, level: 'warn', component: 'cluster', code: 'node_left', subject: idFor(event.node), message: `${idFor(event.node)} left the cluster (seen by ${subject})` };
    case 'fragment-migration-event':
      return {
        ts,
        level: 'info',
        component: 'partitions',
        code: 'fragment_migration',
        subject: `partition ${event.partition}`,
        message: `${subject} moved ${event.isBackup ? 'backup ' : ''}partition ${event.partition} (${event.dataStructure} "${event.identifier}", ${event.length} entries) to ${idFor(event.target)}`,
      };
    case 'fragment-received-event':
      return {
        ts,
        level: 'info',
        component: 'partitions',
        code: 'fragment_received',
        subject: `partition ${event.partition}`,
        message: `${subject} received ${event.isBackup ? 'backup ' : ''}partition ${event.partition} (${event.dataStructure} "${event.identifier}", ${event.length} entries)`,
      };
    default: {
      const never: never = event;
      return never;
    }
  }
}
