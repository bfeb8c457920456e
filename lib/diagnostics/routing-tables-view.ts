import type { NodeReport } from '@/lib/contract/report';
import type { ClientRefreshState, ClientTableLog } from './client-refresh-logs';
import type { FailoverState } from './failover';
import { buildFailoverView, type FailoverIncidentView, type FailoverView, type FailoverViewParams } from './failover-view';
import type { TableHealthState } from './partition-health';
import { DEFAULT_TABLE, tableDocOf, tableNamesOf, withTable, type PerTableState } from './tables';

/** The tables a cluster's routing view can show, with counts per table, and the picked one. */

export type RoutingTableSummary = {
  /** "" = the nodes' own single table (sources with one table). */
  name: string;
  partitionCount: number;
  /** Members that reported this table in their latest answer. */
  reportedBy: string[];
  /** Pegasus's rules; null when the source does not say how many replicas a partition should have. */
  unhealthy: number | null;
  writeUnhealthy: number | null;
  readUnhealthy: number | null;
};

export function routingTableSummaries(latest: ReadonlyMap<string, NodeReport>, health: PerTableState<TableHealthState>): RoutingTableSummary[] {
  const reports = [...latest.values()];
  const names = tableNamesOf(reports);
  if (reports.some((report) => report.routing) || names.length === 0) names.unshift(DEFAULT_TABLE);
  return names.map((name) => {
    const reportedBy: string[] = [];
    let partitionCount = 0;
    for (const report of reports) {
      const doc = tableDocOf(report, name);
      if (!doc) continue;
      reportedBy.push(report.targetId);
      partitionCount = Math.max(partitionCount, doc.partitionCount);
    }
    const judged = health.get(name)?.health ?? null;
    return {
      name,
      partitionCount,
      reportedBy,
      unhealthy: judged ? judged.unhealthy.length : null,
      writeUnhealthy: judged ? judged.writeUnhealthy.length : null,
      readUnhealthy: judged ? judged.readUnhealthy.length : null,
    };
  });
}

/** The table to show: the one asked for when it exists, else the first. Null when `asked` names no table. */
export function pickTable(tables: readonly RoutingTableSummary[], asked: string | undefined): string | null {
  if (asked === undefined) return tables[0]?.name ?? DEFAULT_TABLE;
  return tables.some((table) => table.name === asked) ? asked : null;
}

export function projectReports(reports: ReadonlyMap<string, NodeReport>, table: string): Map<string, NodeReport> {
  return new Map([...reports].map(([id, report]) => [id, withTable(report, table)]));
}

export type TableFailoverView = Omit<FailoverView, 'incidents' | 'staleMembers'> & {
  incidents: (FailoverIncidentView & { table: string })[];
  staleMembers: (FailoverView['staleMembers'][number] & {
    table: string;
    /** A client's own log lines about refreshing this table; null when it logged none; absent for single-table sources. */
    refreshLog?: ClientTableLog | null;
  })[];
};

/** Every table's incidents and stale members in one view, each saying its table; newest incidents first. */
export function buildFailoverViewByTable(
  state: PerTableState<FailoverState>,
  now: number,
  params: FailoverViewParams,
  refreshLogs: ClientRefreshState | null = null,
): TableFailoverView {
  const incidents: TableFailoverView['incidents'] = [];
  const staleMembers: TableFailoverView['staleMembers'] = [];
  let graceMs: number | null = null;
  for (const [table, tableState] of state) {
    const view = buildFailoverView(tableState, now, params);
    graceMs ??= view.staleConfigGraceMs;
    incidents.push(...view.incidents.map((incident) => ({ ...incident, table })));
    staleMembers.push(
      ...view.staleMembers.map((member) =>
        table !== '' && member.isClient && refreshLogs ? { ...member, table, refreshLog: refreshLogs.byClient.get(member.member)?.get(table) ?? null } : { ...member, table },
      ),
    );
  }
  incidents.sort((a, b) => b.crashAt - a.crashAt || a.table.localeCompare(b.table));
  return { generatedAt: now, staleConfigGraceMs: graceMs ?? 10_000, incidents, staleMembers };
}
