import type { NodeReport } from '@/lib/contract/report';

/** Where the collector is in a node's log stream; null before the first read. */
export type LogPosition = { epoch: string; cursor: number } | null;

export type PollOptions = {
  timeoutMs: number;
  maxResponseBytes: number;
  logsAfter: LogPosition;
  logsLimit: number;
  /** The collector's clock (ms since epoch); injectable for tests. */
  now: () => number;
};

/**
 * One adapter instance per target, kept for the life of the collector so it
 * can reuse its connection. `poll` never throws: a node that is down, hangs or
 * answers garbage yields a report that says so.
 */
export interface SourceAdapter {
  poll(options: PollOptions): Promise<NodeReport>;
  close(): Promise<void>;
}

/** What an adapter may know about the rest of the configured cluster. */
export type AdapterContext = {
  /**
   * Maps a "host:port" that a node reports (its primary, a cluster member) to
   * the configured target id, so links and owners name targets consistently.
   * Null when the address is not a configured target.
   */
  targetIdForAddress(hostPort: string): string | null;
  /** Every credential value the process knows (all targets'), scrubbed from this adapter's reports. */
  secrets?: readonly string[];
};
