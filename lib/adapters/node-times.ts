import { nodeTimeMs, UNKNOWN_TIME } from '@/lib/contract/node-time';
import type { NodeReport, ReplicationLink } from '@/lib/contract/report';

/**
 * Checks every time in a report against the collector's clock when it arrived
 * (`fetchedAt`). An optional time that fails becomes absent (null); a required
 * one becomes "unknown", which no consumer can parse, so it is never computed
 * with. Everything else in the report is kept.
 */
export function validateNodeTimes(report: NodeReport): NodeReport {
  const reference = report.fetchedAt;
  const ok = (text: string | null | undefined) => nodeTimeMs(text, reference) !== null;
  // The usual case, every time fine: checked without copying anything (this runs on every poll of every node).
  if (allTimesValid(report, ok)) return report;
  const required = (text: string) => (ok(text) ? text : UNKNOWN_TIME);
  let changed = false;
  const track = <T>(before: T, after: T): T => {
    if (before !== after) changed = true;
    return after;
  };

  const node = report.node && {
    ...report.node,
    now: track(report.node.now, required(report.node.now)),
    startedAt: track(report.node.startedAt, required(report.node.startedAt)),
  };
  const peers = report.peers && {
    ...report.peers,
    peers: report.peers.peers.map((peer) => {
      if (peer.since === undefined || ok(peer.since)) return peer;
      changed = true;
      const withoutSince = { ...peer };
      delete withoutSince.since;
      return withoutSince;
    }),
    readErrors: report.peers.readErrors.map((error) => (ok(error.at) ? error : track(error, { ...error, at: UNKNOWN_TIME }))),
  };
  const sync = report.sync && { links: report.sync.links.map((link) => track(link, validateLinkTimes(link, ok))) };
  const logs = report.logs && {
    ...report.logs,
    entries: report.logs.entries.map((entry) => (ok(entry.ts) ? entry : track(entry, { ...entry, ts: UNKNOWN_TIME }))),
  };
  return changed ? { ...report, node, peers, sync, logs } : report;
}

function allTimesValid(report: NodeReport, ok: (text: string | null | undefined) => boolean): boolean {
  if (report.node && !(ok(report.node.now) && ok(report.node.startedAt))) return false;
  if (report.peers) {
    for (const peer of report.peers.peers) if (peer.since !== undefined && !ok(peer.since)) return false;
    for (const error of report.peers.readErrors) if (!ok(error.at)) return false;
  }
  for (const link of report.sync?.links ?? []) {
    if (link.lastIoAt !== null && !ok(link.lastIoAt)) return false;
    if (link.lastError?.at !== undefined && !ok(link.lastError.at)) return false;
    if (link.registration !== null && !ok(link.registration.at)) return false;
  }
  for (const entry of report.logs?.entries ?? []) if (!ok(entry.ts)) return false;
  return true;
}

function validateLinkTimes(link: ReplicationLink, ok: (text: string | null | undefined) => boolean): ReplicationLink {
  let next = link;
  if (link.lastIoAt !== null && !ok(link.lastIoAt)) next = { ...next, lastIoAt: null };
  if (link.lastError?.at !== undefined && !ok(link.lastError.at)) {
    const lastError = { ...link.lastError };
    delete lastError.at;
    next = { ...next, lastError };
  }
  if (link.registration !== null && !ok(link.registration.at)) next = { ...next, registration: { ...link.registration, at: UNKNOWN_TIME } };
  return next;
}
