import type { LogSourcesView } from '@/lib/contract/views';
import type { LogSourceStatus } from '@/lib/logs/ingest';

/** The log-sources answer from LogIngest's status: states pass through as they are, so nothing reads ok unless it is. */
export function logSourcesView(statuses: readonly LogSourceStatus[], generatedAt: number): LogSourcesView {
  return {
    generatedAt,
    sources: statuses.map((status) => ({
      source: status.source,
      type: status.type,
      where: status.where,
      targets: status.targets,
      state: status.state,
      reason: status.reason,
      lines: status.lines,
      bytes: status.bytes,
      unparsed: status.unparsed,
      unattributed: status.unattributed,
      refused: status.syslog ? status.syslog.refused : null,
      refusedFrom: status.syslog?.refusedFrom ?? [],
      files: (status.files ?? []).map((file) => ({ path: file.path, state: file.state, reason: file.reason, lines: file.lines, bytes: file.bytes })),
    })),
  };
}
