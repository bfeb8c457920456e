import type { LogEntry } from '@/lib/contract/admin-v1';
import type { Analyzer } from './types';
import { isClientReport } from './routing-table';

/**
 * What a Pegasus Go client's own log lines say about refreshing its partition
 * configuration, per client and table: the last
 * `trigger configuration update of table [T] due to RPC failure [E] to S`
 * (tryConfUpdate, go-client/pegasus/table_connector.go), the last
 * `self update failed [table: T]: …`, and the request errors it keeps
 * returning (`pegasus-go-client <OP> failed: ERR_TIMEOUT [gpid, replica, table=T]`).
 * Evidence beside a stale configuration: a client that timed out again and
 * again and never logged the trigger line is the seed bug.
 */

const TRIGGER = /^trigger configuration update of table \[([^\]]{1,256})\] due to RPC failure \[([^\]]{1,128})\] to (.{1,300})$/;
const SELF_UPDATE_FAILED = /^self update failed \[table: ([^\]]{1,256})\]: (.{0,1000})$/;
const REQUEST_FAILED = /^pegasus-go-client (\S{1,64}) failed: (ERR_[A-Z_]{1,64}).*\btable=([^\]\s]{1,256})\]/;

/** Tables remembered per client; the oldest are dropped past it. */
export const TABLES_PER_CLIENT = 256;

export type ClientTableLog = {
  lastTriggerAt: number | null;
  lastTriggerLine: string | null;
  lastSelfUpdateFailedAt: number | null;
  /** Request errors (e.g. ERR_TIMEOUT) seen since the last trigger line, and the newest. */
  failuresSinceTrigger: number;
  lastFailure: string | null;
  lastFailureAt: number | null;
};

export type ClientRefreshState = {
  byClient: ReadonlyMap<string, ReadonlyMap<string, ClientTableLog>>;
  /** The report each client's lines were last read from: a report seen again (no poll this cycle) is not read twice. */
  readAt: ReadonlyMap<string, number>;
};

const blank = (): ClientTableLog => ({
  lastTriggerAt: null,
  lastTriggerLine: null,
  lastSelfUpdateFailedAt: null,
  failuresSinceTrigger: 0,
  lastFailure: null,
  lastFailureAt: null,
});

/** Folds one log entry into a client's per-table record; entries that say nothing about refreshing are left out. */
export function foldEntry(tables: Map<string, ClientTableLog>, entry: LogEntry): void {
  const at = Date.parse(entry.ts);
  const when = Number.isNaN(at) ? null : at;
  const update = (table: string, change: (log: ClientTableLog) => ClientTableLog) => {
    const previous = tables.get(table) ?? blank();
    tables.delete(table);
    tables.set(table, change(previous));
    if (tables.size > TABLES_PER_CLIENT) tables.delete(tables.keys().next().value!);
  };
  let match = TRIGGER.exec(entry.message);
  if (match) {
    update(match[1], (log) => ({ ...log, lastTriggerAt: when, lastTriggerLine: entry.message, failuresSinceTrigger: 0 }));
    return;
  }
  match = SELF_UPDATE_FAILED.exec(entry.message);
  if (match) {
    update(match[1], (log) => ({ ...log, lastSelfUpdateFailedAt: when }));
    return;
  }
  match = REQUEST_FAILED.exec(entry.message);
  if (match) {
    update(match[3], (log) => ({ ...log, failuresSinceTrigger: log.failuresSinceTrigger + 1, lastFailure: match![2], lastFailureAt: when }));
  }
}

export const clientRefreshLogAnalyzer: Analyzer<ClientRefreshState> = {
  name: 'client-refresh-logs',
  initial: () => ({ byClient: new Map(), readAt: new Map() }),
  step(state, input) {
    let byClient: Map<string, ReadonlyMap<string, ClientTableLog>> | null = null;
    let readAt: Map<string, number> | null = null;
    for (const report of input.reports.values()) {
      if (report.status !== 'ok' || !isClientReport(report) || !report.logs?.entries.length) continue;
      if ((state.readAt.get(report.targetId) ?? -1) >= report.fetchedAt) continue;
      const tables = new Map(state.byClient.get(report.targetId) ?? []);
      for (const entry of report.logs.entries) foldEntry(tables, entry);
      byClient ??= new Map(state.byClient);
      readAt ??= new Map(state.readAt);
      byClient.set(report.targetId, tables);
      readAt.set(report.targetId, report.fetchedAt);
    }
    return { state: byClient && readAt ? { byClient, readAt } : state, conditions: [] };
  },
};
