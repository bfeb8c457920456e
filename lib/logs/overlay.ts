import type { NodeReport, ReplicationLink } from '@/lib/contract/report';
import type { LogEvidence } from './extractors';

/**
 * Log evidence folded into a node's report before the analyzers read it, so
 * the findings they already raise (peer.read_error, sync.registration_loop,
 * sync.error) also come from what the node only wrote to its logs. Pure. A
 * part the node's own API did not give stays absent: logs add evidence to
 * what is known, they never make a part known (nothing defaults to healthy).
 * Every fact taken from a log says so in its message ("from log", with the
 * line's seq where the fact is one line's own).
 */

export type EvidenceWithLine = LogEvidence & { seq: number };

const FULL_SYNC_FAILED_CODE = 'FULL_SYNC_FAILED';

function atMs(evidence: { at: string }): number {
  return Date.parse(evidence.at);
}

function latest<T extends { at: string }>(items: readonly T[]): T | null {
  let best: T | null = null;
  for (const item of items) if (!best || atMs(item) >= atMs(best)) best = item;
  return best;
}

/** Read errors the node wrote to its log, as the peers doc carries them (the line's seq in the message). */
function withReadErrors(report: NodeReport, evidence: readonly EvidenceWithLine[]): NodeReport['peers'] {
  const errors = evidence.filter((item) => item.kind === 'peer.read_error');
  if (!report.peers || errors.length === 0) return report.peers;
  return {
    ...report.peers,
    readErrors: [
      ...report.peers.readErrors,
      ...errors.map((item) => ({ at: item.at, key: item.key, message: `${item.message} (log line #${item.seq})` })),
    ],
  };
}

/**
 * Replica-side links: the latest registration rejection the replica logged
 * becomes the link's registration outcome when it is newer than what the
 * node's API said; a full sync whose last word in the log is a failure,
 * newer than the node's own last error and any later retry, is an error with
 * its cause and retry count, whatever INFO claims.
 */
function withLinkEvidence(link: ReplicationLink, target: string, evidence: readonly EvidenceWithLine[], failureSinceMs: number): ReplicationLink {
  if (link.replica !== target) return link;
  let next = link;
  const rejection = latest(evidence.filter((item) => item.kind === 'sync.registration_rejected' && item.side === 'replica'));
  if (rejection && (!link.registration || Date.parse(link.registration.at) < atMs(rejection))) {
    // The same words every time, so the analyzer sees one rejection repeating (the line number would make each unique).
    next = { ...next, registration: { at: rejection.at, result: 'rejected', message: `from log: ${rejection.message}` } };
  }
  const failure = fullSyncFailure(link, evidence, failureSinceMs);
  if (failure) {
    const { finalLine, ...fields } = failure;
    next = { ...next, ...fields, reportedState: `${link.reportedState ?? 'no state'}; log: ${finalLine}` };
  }
  return next;
}

/** The db a link is about when its id names one (Pika's links are per db: `primary->replica/db0`). */
function linkDb(link: ReplicationLink): string | null {
  return /\/(db\d+)$/.exec(link.id)?.[1] ?? null;
}

/**
 * A full sync that failed recently (Pika logs no success line, so only the
 * last few poll intervals count), newer than the link's own last error: an
 * error with its retries and cause, whatever INFO claims. Retries logged after
 * the failure are a new round that has not succeeded yet: the link stays in
 * error until failures stop. When the failure lines name dbs, only the named
 * db's link fails (a multi-db replica's other dbs keep their own state); the
 * retries and the copy's cause, which name no db, are its evidence.
 */
function fullSyncFailure(
  link: ReplicationLink,
  evidence: readonly EvidenceWithLine[],
  failureSinceMs: number,
): (Pick<ReplicationLink, 'state' | 'attempts' | 'maxAttempts'> & { lastError: NonNullable<ReplicationLink['lastError']>; finalLine: string }) | null {
  const failures = evidence.filter((item) => item.kind === 'sync.full_sync_failed');
  const db = linkDb(link);
  const namesDbs = failures.some((item) => item.db !== null);
  const last = latest(db !== null && namesDbs ? failures.filter((item) => item.db === db) : failures);
  if (!last || atMs(last) < failureSinceMs) return null;
  if (link.lastError?.at && Date.parse(link.lastError.at) >= atMs(last)) return null;
  // The retries of the round that failed: the last one logged before the failure.
  const lastRetry = latest(evidence.filter((item) => item.kind === 'sync.full_sync_retry' && atMs(item) <= atMs(last)));
  const attempts = lastRetry?.kind === 'sync.full_sync_retry' ? lastRetry.retry : null;
  const cause = latest(failures.filter((item) => item.stage === 'copy_remote_meta' && atMs(item) <= atMs(last)));
  const parts = [
    attempts !== null && lastRetry ? `full sync failed after ${attempts} retries ("${lastRetry.message}", log line #${lastRetry.seq})` : 'full sync failed',
    cause && cause !== last ? `cause: "${cause.message}" (log line #${cause.seq})` : null,
    `"${last.message}" (log line #${last.seq})`,
  ];
  return {
    state: 'error',
    attempts: attempts ?? link.attempts,
    // The log says it gave up after these retries: that count was its limit.
    maxAttempts: attempts ?? link.maxAttempts,
    lastError: { code: FULL_SYNC_FAILED_CODE, message: parts.filter((part) => part !== null).join('; '), at: last.at },
    finalLine: last.message,
  };
}

/**
 * The report the analyzers read: the node's own, with what its logs said
 * since `sinceMs` (e.g. the history window); a full-sync failure counts only
 * when logged since `failureSinceMs` (a few poll intervals: the log never says
 * when it recovered). Reports of other targets and failed polls pass through.
 */
export function overlayLogEvidence(report: NodeReport, evidence: readonly EvidenceWithLine[], sinceMs: number, failureSinceMs = sinceMs): NodeReport {
  const own = evidence.filter((item) => item.target === report.targetId && atMs(item) >= sinceMs);
  if (own.length === 0 || report.status !== 'ok') return report;
  const peers = withReadErrors(report, own);
  const sync = report.sync ? { links: report.sync.links.map((link) => withLinkEvidence(link, report.targetId, own, failureSinceMs)) } : report.sync;
  return peers === report.peers && sync === report.sync ? report : { ...report, peers, sync };
}
