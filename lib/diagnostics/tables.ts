import type { Condition } from '@/lib/contract/findings';
import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { NodeReport } from '@/lib/contract/report';
import type { Analyzer, CycleInput } from './types';

/**
 * Sources with many tables (Pegasus) report each table apart, with its own
 * partition count and ballots. Every routing-minded analyzer judges one table
 * at a time: it sees each report with `routing` set to that table, so the
 * single-table logic stays as it is and single-table sources are unchanged.
 */

/** The name under which a report's own `routing` (a source with one table) is judged. */
export const DEFAULT_TABLE = '';

/** Named tables any report carries, sorted. */
export function tableNamesOf(reports: Iterable<NodeReport>): string[] {
  const names = new Set<string>();
  for (const report of reports) for (const doc of report.tables ?? []) if (doc.table) names.add(doc.table);
  return [...names].sort();
}

export function tableDocOf(report: NodeReport, table: string): RoutingDoc | null {
  if (table === DEFAULT_TABLE) return report.routing;
  return report.tables?.find((doc) => doc.table === table) ?? null;
}

/** The report as the analyzers of one table see it: that table as its routing. */
export function withTable(report: NodeReport, table: string): NodeReport {
  if (table === DEFAULT_TABLE) return report;
  const routing = tableDocOf(report, table);
  return routing === report.routing ? report : { ...report, routing };
}

function projectMap(reports: ReadonlyMap<string, NodeReport>, table: string): Map<string, NodeReport> {
  const projected = new Map<string, NodeReport>();
  for (const [id, report] of reports) projected.set(id, withTable(report, table));
  return projected;
}

export function inputForTable(input: CycleInput, table: string): CycleInput {
  if (table === DEFAULT_TABLE) return input;
  return { ...input, reports: projectMap(input.reports, table), lastOk: projectMap(input.lastOk, table) };
}

/** A condition of one named table: its subject, summary and evidence say which table. */
export function conditionOfTable(condition: Condition, table: string): Condition {
  if (table === DEFAULT_TABLE) return condition;
  return {
    ...condition,
    subject: { ...condition.subject, id: `${table}/${condition.subject.id}` },
    summary: `Table ${table}: ${condition.summary}`,
    evidence: { table, ...condition.evidence },
  };
}

/** State of a per-table analyzer: the wrapped analyzer's state per table name (DEFAULT_TABLE for single-table sources). */
export type PerTableState<State> = ReadonlyMap<string, State>;

/**
 * Runs `base` once per table. The default table always runs (single-table
 * sources as before); a named table runs from the first cycle it is seen and
 * keeps its state after, so a table that stops being reported does not
 * silently resolve what was wrong with it.
 */
export function perTable<State>(base: Analyzer<State>): Analyzer<PerTableState<State>> {
  return {
    name: base.name,
    initial: () => new Map([[DEFAULT_TABLE, base.initial()]]),
    step(state, input) {
      const names = new Set([DEFAULT_TABLE, ...state.keys(), ...tableNamesOf(input.reports.values())]);
      const next = new Map<string, State>();
      const conditions: Condition[] = [];
      for (const table of names) {
        const result = base.step(state.get(table) ?? base.initial(), inputForTable(input, table));
        next.set(table, result.state);
        for (const condition of result.conditions) conditions.push(conditionOfTable(condition, table));
      }
      return { state: next, conditions };
    },
  };
}

/** The state of one table (the default table's when `table` is not known). */
export function stateOfTable<State>(state: PerTableState<State>, table: string | null, initial: () => State): State {
  return state.get(table ?? DEFAULT_TABLE) ?? initial();
}
