import { blankLink, type ReplicationLink } from '@/lib/contract/report';
import { isoOrUnknown } from '@/lib/contract/node-time';
import { intField, joinHostPort, parseCommaPairs } from './info';

/** Maps an address a node reports to the configured target id (or keeps "host:port"). */
export type AddressToId = (hostPort: string) => string;

function secondsAgo(seconds: number | null, now: number): string | null {
  // Redis writes -1 when it has no such moment (e.g. never connected).
  if (seconds === null || seconds < 0) return null;
  return isoOrUnknown(now - seconds * 1000);
}

/**
 * The replica's own view of its link to its primary (Redis / Valkey `INFO replication`).
 *
 * - up and not syncing → in_sync (what the replica claims; diagnostics weigh it against the evidence)
 * - master_sync_in_progress:1 → full_sync
 * - down → connecting (Redis keeps retrying forever; how long it has been down is in lastError.at)
 * - any field missing or unrecognized → unknown, never in_sync
 *
 * primaryOffset stays null: a Redis replica's own master_repl_offset is its *own* processed offset,
 * not the primary's, so using it would always show lag 0. The primary's side of the link carries it.
 */
export function replicaSideLink(
  fields: Map<string, string>,
  self: string,
  idFor: AddressToId,
  now: number,
): ReplicationLink | null {
  const host = fields.get('master_host');
  const port = fields.get('master_port');
  const primary = host !== undefined && port !== undefined ? idFor(joinHostPort(host, port)) : 'unknown-primary';
  const link = blankLink(primary, self);
  const linkStatus = fields.get('master_link_status');
  const syncInProgress = fields.get('master_sync_in_progress');
  link.replicaOffset = intField(fields, 'slave_repl_offset');

  if (linkStatus === undefined || syncInProgress === undefined) {
    link.reportedState = linkStatus === undefined ? null : `master_link_status:${linkStatus}`;
    link.state = 'unknown';
    link.lastIoAt = secondsAgo(intField(fields, 'master_last_io_seconds_ago'), now);
    return link;
  }
  link.reportedState = `master_link_status:${linkStatus} master_sync_in_progress:${syncInProgress}`;
  if (syncInProgress === '1') {
    link.state = 'full_sync';
    link.lastIoAt = secondsAgo(intField(fields, 'master_sync_last_io_seconds_ago'), now);
    const left = intField(fields, 'master_sync_left_bytes');
    if (left !== null && left >= 0) link.lag = left;
    return link;
  }
  link.lastIoAt = secondsAgo(intField(fields, 'master_last_io_seconds_ago'), now);
  if (syncInProgress !== '0') {
    link.state = 'unknown';
  } else if (linkStatus === 'up') {
    link.state = 'in_sync';
  } else if (linkStatus === 'down') {
    link.state = 'connecting';
    const downFor = intField(fields, 'master_link_down_since_seconds');
    link.lastError = {
      code: 'master_link_down',
      message:
        downFor !== null && downFor >= 0
          ? `master_link_status:down for ${downFor} s`
          : 'master_link_status:down (never connected since start)',
      ...(downFor !== null && downFor >= 0 ? { at: isoOrUnknown(now - downFor * 1000) } : {}),
    };
  } else {
    link.state = 'unknown';
  }
  return link;
}

const REDIS_REPLICA_STATES: Record<string, ReplicationLink['state']> = {
  online: 'in_sync',
  wait_bgsave: 'full_sync',
  send_bulk: 'full_sync',
};

/** The primary's view of each attached replica: one link per `slaveN:` line. */
export function primarySideLinks(
  fields: Map<string, string>,
  self: string,
  idFor: AddressToId,
  now: number,
): ReplicationLink[] {
  const primaryOffset = intField(fields, 'master_repl_offset');
  const links: ReplicationLink[] = [];
  for (const [key, value] of fields) {
    if (!/^slave\d+$/.test(key)) continue;
    const pairs = parseCommaPairs(value);
    const ip = pairs.get('ip');
    const port = pairs.get('port');
    if (ip === undefined || port === undefined) continue;
    const link = blankLink(self, idFor(joinHostPort(ip, port)));
    const reported = pairs.get('state');
    link.reportedState = reported === undefined ? null : `state=${reported}`;
    link.state = reported === undefined ? 'unknown' : (REDIS_REPLICA_STATES[reported] ?? 'unknown');
    link.primaryOffset = primaryOffset;
    const offset = pairs.get('offset');
    link.replicaOffset = offset !== undefined && /^\d+$/.test(offset) ? Number(offset) : null;
    if (link.primaryOffset !== null && link.replicaOffset !== null) {
      link.lag = Math.max(0, link.primaryOffset - link.replicaOffset);
    }
    // In a slaveN line, lag= is seconds since the replica's last REPLCONF ACK, not bytes.
    const ackSeconds = pairs.get('lag');
    link.lastIoAt = ackSeconds !== undefined && /^\d+$/.test(ackSeconds) ? secondsAgo(Number(ackSeconds), now) : null;
    links.push(link);
  }
  return links;
}
