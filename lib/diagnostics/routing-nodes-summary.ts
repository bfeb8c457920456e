import type { NodeStatus } from '@/lib/contract/report';
import type { RoutingTableSummary } from './routing-tables-view';
import type { RoutingNodeRow, RoutingView } from './routing-view';

/**
 * What the routing page needs of every node at once, so the per-node table
 * can come a page at a time: how many node views answered, the nodes whose
 * tables are unknown now (named up to a bound), and the view picker's choices.
 * Bounded at any cluster size.
 */
export type RoutingNodesSummary = {
  /** Every configured target. */
  total: number;
  /** Servers (not clients) whose table is this poll's: the views the verdicts speak for. */
  answering: number;
  /** Servers not answering, whose tables are left out of the consensus; the first of them named. */
  unseen: { count: number; named: { id: string; status: NodeStatus; table: RoutingNodeRow['table'] }[] };
  /** Nodes with a table to show (fresh or stale). */
  withTables: number;
  /** The view picker's choices; null when there are too many to list (the node is typed then). */
  choices: { id: string; isClient: boolean; stale: boolean }[] | null;
};

/** Nodes named as unseen; the count says the rest. */
export const NAMED_UNSEEN = 50;
/** More choices than this are typed, not picked (components/ui/ChoiceOrText.tsx lists up to as many). */
export const LISTED_CHOICES = 200;

export function summarizeRoutingNodes(rows: readonly RoutingNodeRow[]): RoutingNodesSummary {
  const unseen = rows.filter((row) => row.table !== 'fresh' && !row.isClient && row.status !== 'ok');
  const withTables = rows.filter((row) => row.table !== 'none');
  return {
    total: rows.length,
    answering: rows.filter((row) => row.table === 'fresh' && !row.isClient).length,
    unseen: { count: unseen.length, named: unseen.slice(0, NAMED_UNSEEN).map((row) => ({ id: row.id, status: row.status, table: row.table })) },
    withTables: withTables.length,
    choices: withTables.length <= LISTED_CHOICES ? withTables.map((row) => ({ id: row.id, isClient: row.isClient, stale: row.table === 'stale' })) : null,
  };
}

/** Members named per version and reporters per table; the counts say the rest. */
export const NAMED_MEMBERS = 12;

/** A version with its first members named and all of them counted. */
export type BoundedVersion = { version: string; nodes: string[]; nodeCount: number };
/** A table summary with its first reporters named and all of them counted. */
export type BoundedTableSummary = RoutingTableSummary & { reportedByCount: number };

/**
 * The view's other lists of every node (each version's members, each table's
 * reporters) as the first names and a count, so an answer stays bounded at
 * any cluster size.
 */
export function boundMemberLists(versions: RoutingView['versions'], tables: readonly RoutingTableSummary[]): { versions: BoundedVersion[]; tables: BoundedTableSummary[] } {
  return {
    versions: versions.map((entry) => ({ version: entry.version, nodes: entry.nodes.slice(0, NAMED_MEMBERS), nodeCount: entry.nodes.length })),
    tables: tables.map((table) => ({ ...table, reportedBy: table.reportedBy.slice(0, NAMED_MEMBERS), reportedByCount: table.reportedBy.length })),
  };
}
