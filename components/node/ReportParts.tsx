import { badgeLook } from '@/components/ui/badge-status';
import { REPORT_PARTS, type NodeReport, type ReportPart } from '@/lib/contract/report';

type PartState = 'present' | 'unavailable' | 'missing';

/** Which parts of a report this node's source gives; "not available from this source" is never shown as empty or healthy. */
export function ReportParts({ report }: { report: NodeReport }) {
  return (
    <>
      {report.status !== 'ok' ? (
        <p className="parts-note">
          The last poll failed ({badgeLook(report.status).text}), so it carries no parts.
        </p>
      ) : null}
      <ul className="parts-list" aria-label="Report parts">
        {REPORT_PARTS.map((part) => {
          const state = partState(report, part);
          return (
            <li key={part}>
              <span className="mono">{part}</span>
              <span className={state === 'present' ? undefined : 'muted'}>{describe(state, report, part)}</span>
            </li>
          );
        })}
      </ul>
      {report.warnings?.length ? (
        <ul className="parts-list" aria-label="Report warnings">
          {report.warnings.map((warning, index) => (
            <li key={index}>{warning}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function partState(report: NodeReport, part: ReportPart): PartState {
  if (report.unavailable.includes(part)) return 'unavailable';
  if (part === 'routing' && report.tables) return 'present';
  return report[part] === null ? 'missing' : 'present';
}

function describe(state: PartState, report: NodeReport, part: ReportPart): string {
  switch (state) {
    case 'unavailable':
      return 'not available from this source';
    case 'missing':
      return 'not in the last report';
    case 'present':
      return count(report, part);
    default:
      return assertNever(state);
  }
}

function count(report: NodeReport, part: ReportPart): string {
  switch (part) {
    case 'peers':
      return plural(report.peers?.peers.length ?? 0, 'peer');
    case 'sync':
      return plural(report.sync?.links.length ?? 0, 'link');
    case 'routing':
      if (report.tables) {
        // Sources with many tables (Pegasus): one routing table per table.
        const partitions = report.tables.reduce((sum, table) => sum + table.partitions.length, 0);
        return `${plural(report.tables.length, 'table')}, ${plural(partitions, 'partition')}`;
      }
      return plural(report.routing?.partitions.length ?? 0, 'partition');
    case 'logs':
      return plural(report.logs?.entries.length ?? 0, 'new line');
    default:
      return assertNever(part);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled ${String(value)}`);
}
