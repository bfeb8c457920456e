import type { HistoryStore, RetentionResult, StoreSize } from './types';

/** Whether the last write (or retention pass) succeeded. */
export type StorageState = 'ok' | 'failing';

export type StorageStatus = {
  engine: HistoryStore['engine'];
  location: string;
  state: StorageState;
  schemaVersion: number | null;
  lastError: { message: string; at: number } | null;
  lastWrite: { at: number; durationMs: number; cluster: string } | null;
  cyclesWritten: number;
  cyclesFailed: number;
  cyclesDropped: number;
  /** Cycles refused because another replica had taken the cluster over (high availability). */
  cyclesFenced: number;
  queued: number;
  size: (StoreSize & { at: number }) | null;
  maxBytes: number;
  lastRetention: { at: number; durationMs: number; result: RetentionResult } | null;
};

