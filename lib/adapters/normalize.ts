import { KNOWN_LINK_STATES, type KnownLinkState, type ReplicationLinkWire } from '@/lib/contract/admin-v1';
import type { LinkState, ReplicationLink } from '@/lib/contract/report';

const KNOWN = new Set<string>(KNOWN_LINK_STATES);

/** A state the node did not give, or that nobody knows, is `unknown` — never a guess. */
export function normalizeLinkState(reported: string | undefined | null): LinkState {
  if (reported === undefined || reported === null) return 'unknown';
  const lower = reported.trim().toLowerCase();
  return KNOWN.has(lower) ? (lower as KnownLinkState) : 'unknown';
}

export function normalizeLink(wire: ReplicationLinkWire): ReplicationLink {
  return {
    id: wire.id,
    primary: wire.primary,
    replica: wire.replica,
    state: normalizeLinkState(wire.state),
    reportedState: wire.state ?? null,
    attempts: wire.attempts ?? null,
    maxAttempts: wire.maxAttempts ?? null,
    lastError: wire.lastError ?? null,
    primaryOffset: wire.primaryOffset ?? null,
    replicaOffset: wire.replicaOffset ?? null,
    lag: wire.lag ?? null,
    lastIoAt: wire.lastIoAt ?? null,
    registration: wire.registration ?? null,
  };
}
