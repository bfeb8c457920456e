import { SEVERITY_RANK, type Condition, type FindingKind } from '@/lib/contract/findings';
import { pausesAt, type Steps } from './steps';
import type { LinkState, NodeReport, NodeStatus, ReplicationLink } from '@/lib/contract/report';
import { formatAge, formatBytes } from './sync-text';
import { statusInCycle } from './node-status';
import { stepToEnd, type Analyzer, type AnalyzerResult, type CycleInput } from './types';
import { SyncSampleRing } from './sync-samples';

/**
 * Replication links: what each node claims about a link, checked against the
 * evidence (offsets over time, last I/O, the primary's own report). A link is
 * never OK by default: a missing state is `unknown`, retries exhausted is an
 * error whatever the state says, and "in_sync" with a frozen offset is stalled.
 *
 * Both ends of a link report it under the same id (`primary->replica`, or with
 * a `/db0` suffix for per-db links); each node's report is a "view" of the link
 * and is judged on its own (the finding's subject node is the reporting node).
 */

/** Samples kept per link for charts and evidence. */
export const SYNC_SAMPLE_LIMIT = 60;
/** Registration outcomes remembered per view (distinct `at`). */
export const REGISTRATION_RING = 64;
/** Links tracked at most; the longest-unseen are dropped first. */
export const LINK_TRACK_LIMIT = 20_000;
/** A link no node has reported for this many polls is forgotten. */
const FORGET_AFTER_POLLS = 60;

/** States in which a link claims to be replicating normally. */
const HEALTHY_CLAIMS: ReadonlySet<LinkState> = new Set<LinkState>(['in_sync', 'incremental']);
/** Registration results that are not rejections. */
const ACCEPTED_RESULTS: ReadonlySet<string> = new Set(['accepted', 'ok', 'success', 'succeeded', 'registered']);

export type SyncSample = {
  at: number;
  /** The state as reported by the best current view; `stale` when no current report exists. */
  state: LinkState | 'stale';
  reportedState: string | null;
  reportedBy: string | null;
  /** Best known: the primary's own report when it has one. */
  primaryOffset: number | null;
  replicaOffset: number | null;
  lag: number | null;
  lastIoAgeMs: number | null;
};

export type RegistrationSeen = {
  /** Collector clock (ms), converted from the node's clock. */
  at: number;
  /** As the node wrote it: the identity of one registration. */
  atText: string;
  result: string;
  message: string | null;
};

/** The replica offset has stayed at `offset` since `since` (for `polls` polls after the first). */
export type OffsetFreeze = {
  offset: number;
  since: number;
  polls: number;
  primaryOffsetAtStart: number | null;
  /**
   * Polls since the primary's offset first moved past `primaryOffsetAtStart` (0 = not moved yet).
   * An idle replica is not stalled just because the primary wrote once: Redis
   * masters write a PING every 10 s and the replica acknowledges it up to 1 s later.
   */
  pollsSincePrimaryMoved: number;
};

/** One node's report of one link. */
export type LinkView = {
  key: string;
  reporter: string;
  link: ReplicationLink;
  /** fetchedAt of the report the link came from. */
  reportedAt: number;
  /** Collector clock minus the node's clock at that report (0 when the node did not say). */
  nodeClockOffsetMs: number;
  /** From an ok report of this cycle, not older than 3 intervals. */
  fresh: boolean;
  reporterStatus: NodeStatus;
  freeze: OffsetFreeze | null;
  registrations: readonly RegistrationSeen[];
};

export type LinkSeries = {
  id: string;
  primary: string;
  replica: string;
  lastSeenAt: number;
  /** Appended in place each cycle (the previous state shares it: only the newest state is read). */
  samples: SyncSampleRing;
};

export type SyncState = {
  pollIntervalMs: number;
  lastStepAt: number | null;
  views: ReadonlyMap<string, LinkView>;
  series: ReadonlyMap<string, LinkSeries>;
  /** What was wrong at the last step (the collector turns these into findings). */
  conditions: readonly Condition[];
  /** Condition id → when this analyzer first saw it (active ones only). */
  since: ReadonlyMap<string, number>;
};

export function viewKey(reporter: string, linkId: string): string {
  return `${reporter}|${linkId}`;
}

export function conditionId(kind: FindingKind, node: string, linkId: string): string {
  return `${kind}:link:${node}:${linkId}`;
}

export function isExhausted(link: ReplicationLink): boolean {
  return link.attempts !== null && link.maxAttempts !== null && link.maxAttempts > 0 && link.attempts >= link.maxAttempts;
}

export function isRejection(result: string): boolean {
  return !ACCEPTED_RESULTS.has(result.trim().toLowerCase());
}

/** Age of a node-written timestamp on the collector's clock, correcting for the node's clock offset. */
export function nodeTimeAgeMs(at: string | null | undefined, view: Pick<LinkView, 'nodeClockOffsetMs'>, now: number): number | null {
  if (!at) return null;
  const parsed = Date.parse(at);
  if (Number.isNaN(parsed)) return null;
  return now - (parsed + view.nodeClockOffsetMs);
}

function clockOffset(report: NodeReport): number {
  const nodeNow = report.node ? Date.parse(report.node.now) : Number.NaN;
  return Number.isNaN(nodeNow) ? 0 : report.fetchedAt - nodeNow;
}

function sameLink(a: ReplicationLink, b: ReplicationLink): boolean {
  return a.id === b.id || (a.primary === b.primary && a.replica === b.replica);
}

/** The primary's own, current report of this link, if it has one. */
export function primaryViewOf(views: ReadonlyMap<string, LinkView>, link: ReplicationLink): LinkView | null {
  const own = views.get(viewKey(link.primary, link.id));
  return own && own.fresh ? own : null;
}

/** The primary's own offset when it reports the link, else what this view says. */
function bestPrimaryOffset(views: ReadonlyMap<string, LinkView>, view: LinkView): number | null {
  const own = primaryViewOf(views, view.link);
  return own?.link.primaryOffset ?? view.link.primaryOffset;
}

type CurrentLink = { reporter: string; link: ReplicationLink; report: NodeReport; fresh: boolean; status: NodeStatus };

/** Every link every node reports: this cycle's ok report, or its last ok one (then not fresh). */
function currentLinks(input: CycleInput): CurrentLink[] {
  const found: CurrentLink[] = [];
  for (const target of input.targetIds) {
    const latest = input.reports.get(target);
    const status = statusInCycle(input, target);
    const source = latest?.status === 'ok' ? latest : input.lastOk.get(target);
    if (!source?.sync) continue;
    // Fresh: this cycle's answer is ok and not stale by the one rule.
    const fresh = latest?.status === 'ok' && status === 'ok';
    for (const link of source.sync.links) found.push({ reporter: target, link, report: source, fresh, status });
  }
  return found;
}

function recordRegistration(previous: readonly RegistrationSeen[], link: ReplicationLink, offsetMs: number): readonly RegistrationSeen[] {
  const registration = link.registration;
  if (!registration) return previous;
  const parsed = Date.parse(registration.at);
  if (Number.isNaN(parsed)) return previous;
  if (previous.some((seen) => seen.atText === registration.at && seen.result === registration.result)) return previous;
  const next = [
    ...previous,
    { at: parsed + offsetMs, atText: registration.at, result: registration.result, message: registration.message ?? null },
  ];
  next.sort((a, b) => a.at - b.at);
  return next.length > REGISTRATION_RING ? next.slice(next.length - REGISTRATION_RING) : next;
}

function nextFreeze(previous: OffsetFreeze | null, replicaOffset: number | null, at: number, primaryOffset: number | null): OffsetFreeze | null {
  if (replicaOffset === null) return null;
  if (!previous || previous.offset !== replicaOffset) {
    return { offset: replicaOffset, since: at, polls: 0, primaryOffsetAtStart: primaryOffset, pollsSincePrimaryMoved: 0 };
  }
  const primaryOffsetAtStart = previous.primaryOffsetAtStart ?? primaryOffset;
  const moved = previous.pollsSincePrimaryMoved > 0 || (primaryOffset !== null && primaryOffsetAtStart !== null && primaryOffset > primaryOffsetAtStart);
  return {
    ...previous,
    polls: previous.polls + 1,
    primaryOffsetAtStart,
    pollsSincePrimaryMoved: moved ? previous.pollsSincePrimaryMoved + 1 : 0,
  };
}

/** Fold this cycle's reports into the per-view trackers. */
/** Link views read or judged between two pauses of the analyzer's step (~5 ms at 5,000 nodes). */
const VIEWS_PER_STEP = 2000;

function* updateViews(previous: ReadonlyMap<string, LinkView>, input: CycleInput): Steps<Map<string, LinkView>> {
  const found = currentLinks(input);
  const views = new Map<string, LinkView>();
  const updated: LinkView[] = [];
  for (const [index, { reporter, link, report, fresh, status }] of found.entries()) {
    if (pausesAt(index, VIEWS_PER_STEP)) yield;
    const key = viewKey(reporter, link.id);
    const before = previous.get(key);
    const isNewReport = !before || report.fetchedAt > before.reportedAt;
    const nodeClockOffsetMs = clockOffset(report);
    const view: LinkView = {
      key,
      reporter,
      link,
      reportedAt: report.fetchedAt,
      nodeClockOffsetMs,
      fresh,
      reporterStatus: status,
      freeze: before?.freeze ?? null,
      registrations: isNewReport
        ? recordRegistration(before?.registrations ?? [], link, nodeClockOffsetMs)
        : (before?.registrations ?? []),
    };
    views.set(key, view);
    if (isNewReport && fresh) updated.push(view);
  }
  // Offsets are compared with the primary's own report of the same cycle, so freezes are updated last.
  yield;
  for (const [index, view] of updated.entries()) {
    if (pausesAt(index, VIEWS_PER_STEP)) yield;
    view.freeze = nextFreeze(view.freeze, view.link.replicaOffset, view.reportedAt, bestPrimaryOffset(views, view));
  }
  return views;
}

/** What the node claims: the normalized state, with its own words when they differ (e.g. Redis fields). */
function claimText(link: ReplicationLink): string {
  if (link.reportedState === null || link.reportedState === link.state) return link.state;
  return `${link.state} ("${link.reportedState}")`;
}

function lastErrorText(link: ReplicationLink): string {
  const error = link.lastError;
  if (!error) return 'no last error given';
  return `last error ${error.code ? `${error.code}: ` : ''}${error.message}`;
}

/**
 * How far the replica's own position is behind its primary's, from the
 * primary's report of the same cycle (Pika: binlog positions, Redis: repl
 * offsets, both bytes); null when either is unknown or this is not the replica.
 */
function behindPrimary(view: LinkView, views: ReadonlyMap<string, LinkView>): number | null {
  if (view.reporter !== view.link.replica || view.link.replicaOffset === null) return null;
  const primaryOffset = bestPrimaryOffset(views, view);
  return primaryOffset === null ? null : primaryOffset - view.link.replicaOffset;
}

function errorCondition(view: LinkView, views: ReadonlyMap<string, LinkView>, now: number): Condition | null {
  const { link } = view;
  const exhausted = isExhausted(link);
  if (link.state !== 'error' && !exhausted) return null;
  const behind = behindPrimary(view, views);
  const attemptsText = link.attempts !== null && link.maxAttempts !== null ? `${link.attempts}/${link.maxAttempts}` : null;
  const what = exhausted ? `retries exhausted (${attemptsText})` : 'in state error';
  const claim = link.state === 'error' ? '' : ` although it reports ${claimText(link)}`;
  return {
    kind: 'sync.error',
    severity: 'critical',
    subject: { type: 'link', id: link.id, node: view.reporter },
    summary: `${link.id}: ${view.reporter} ${what}${claim}; ${lastErrorText(link)}${behind !== null && behind > 0 ? `; ${formatBytes(behind)} behind the primary` : ''}`,
    evidence: {
      reportedState: link.reportedState,
      replicaOffset: link.replicaOffset,
      primaryOffset: bestPrimaryOffset(views, view),
      behindPrimaryBytes: behind,
      state: link.state,
      attempts: attemptsText,
      retriesExhausted: exhausted,
      lastError: link.lastError
        ? { code: link.lastError.code ?? null, message: link.lastError.message, at: link.lastError.at ?? null }
        : null,
      lastErrorAgeMs: nodeTimeAgeMs(link.lastError?.at, view, now),
    },
  };
}

function unknownStateCondition(view: LinkView): Condition | null {
  const { link } = view;
  if (link.state !== 'unknown') return null;
  const what =
    link.reportedState === null
      ? 'reports no state for it'
      : `reports state "${link.reportedState}", which is not a known replication state`;
  return {
    kind: 'sync.unknown',
    severity: 'warning',
    subject: { type: 'link', id: link.id, node: view.reporter },
    summary: `${link.id}: ${view.reporter} ${what}`,
    evidence: { reportedState: link.reportedState, reason: link.reportedState === null ? 'missing' : 'unrecognized' },
  };
}

function staleCondition(view: LinkView, now: number): Condition {
  const { link } = view;
  const age = now - view.reportedAt;
  return {
    kind: 'sync.unknown',
    severity: 'warning',
    subject: { type: 'link', id: link.id, node: view.reporter },
    summary: `${link.id}: known only from ${view.reporter}'s report of ${formatAge(age)} ago (${view.reporter} is ${view.reporterStatus} now); its state is unknown`,
    evidence: {
      reason: 'stale',
      lastReportedState: claimText(link),
      reportedAt: new Date(view.reportedAt).toISOString(),
      reportAgeMs: age,
      reporterStatus: view.reporterStatus,
    },
  };
}

/** Why the evidence contradicts a link that claims to be healthy; null when it does not. */
function stalledCondition(view: LinkView, views: ReadonlyMap<string, LinkView>, input: CycleInput): Condition | null {
  const { link } = view;
  if (!HEALTHY_CLAIMS.has(link.state)) return null;
  const { now, config } = input;
  const reasons: string[] = [];
  const evidence: Record<string, unknown> = { reportedState: claimText(link) };

  const primaryOffset = bestPrimaryOffset(views, view);
  const freeze = view.freeze;
  evidence.replicaOffset = link.replicaOffset;
  evidence.primaryOffset = primaryOffset;
  // Counted from when the primary moved on, so the replica had stalledAfterPolls polls to follow.
  if (freeze && freeze.pollsSincePrimaryMoved >= config.stalledAfterPolls && primaryOffset !== null && freeze.primaryOffsetAtStart !== null) {
    const advanced = primaryOffset - freeze.primaryOffsetAtStart;
    if (advanced > 0) {
      const frozenFor = now - freeze.since;
      reasons.push(`offset unchanged for ${formatAge(frozenFor)} while primary advanced ${formatBytes(advanced)}`);
      Object.assign(evidence, {
        offsetFrozenForMs: frozenFor,
        offsetFrozenPolls: freeze.polls,
        offsetFrozenSince: new Date(freeze.since).toISOString(),
        primaryAdvancedBy: advanced,
      });
    }
  }

  const lastIoAgeMs = nodeTimeAgeMs(link.lastIoAt, view, now);
  evidence.lastIoAgeMs = lastIoAgeMs;
  const lastIoTooOld = lastIoAgeMs !== null && lastIoAgeMs > config.lastIoMaxAge;
  if (lastIoTooOld) reasons.push(`last I/O ${formatAge(lastIoAgeMs)} ago (limit ${formatAge(config.lastIoMaxAge)})`);

  if (view.reporter !== link.primary) {
    const primaryReport = input.reports.get(link.primary);
    // A primary that is not a configured target (or never polled) cannot be asked: no verdict from it.
    if (primaryReport) {
      const primaryStatus = statusInCycle(input, link.primary);
      const primaryLastOk = input.lastOk.get(link.primary);
      if (primaryStatus !== 'ok') {
        // A node in backoff keeps its last failed report: name the failure, not just "stale".
        const failure = primaryReport.status === 'ok' ? primaryStatus : primaryReport.status;
        const forHowLong = primaryLastOk ? ` for ${formatAge(now - primaryLastOk.fetchedAt)}` : ', never answered';
        reasons.push(`primary ${link.primary} is not answering (${failure}${forHowLong})`);
        Object.assign(evidence, {
          primaryStatus,
          primaryReason: primaryReport.reason?.message ?? null,
          primaryLastOkAt: primaryLastOk ? new Date(primaryLastOk.fetchedAt).toISOString() : null,
        });
      } else if (primaryReport.sync && !primaryReport.sync.links.some((own) => sameLink(own, link))) {
        reasons.push(`primary ${link.primary} does not list ${link.replica} among its replicas`);
        Object.assign(evidence, { primaryStatus, primaryListsReplica: false });
      }
    }
  }

  if (reasons.length === 0) return null;
  if (!lastIoTooOld && lastIoAgeMs !== null) reasons.push(`last I/O ${formatAge(lastIoAgeMs)} ago`);
  const contradiction = `reports ${claimText(link)}, but ${reasons.join('; ')}`;
  evidence.contradiction = contradiction;
  return {
    kind: 'sync.stalled',
    severity: 'critical',
    subject: { type: 'link', id: link.id, node: view.reporter },
    summary: `${link.id}: ${view.reporter} ${contradiction}`,
    evidence,
  };
}

function laggingCondition(view: LinkView, config: CycleInput['config']): Condition | null {
  const { link } = view;
  if (link.lag === null || link.lag <= config.syncLagThreshold) return null;
  return {
    kind: 'sync.lagging',
    severity: 'warning',
    subject: { type: 'link', id: link.id, node: view.reporter },
    summary: `${link.id}: ${view.reporter} reports lag ${formatBytes(link.lag)} (threshold ${formatBytes(config.syncLagThreshold)})`,
    evidence: { lag: link.lag, threshold: config.syncLagThreshold, primaryOffset: link.primaryOffset, replicaOffset: link.replicaOffset },
  };
}

/** The same rejection, again and again, inside the window: a loop, not noise. */
function registrationLoopCondition(view: LinkView, input: CycleInput): Condition | null {
  const { config, now } = input;
  const inWindow = view.registrations.filter((seen) => seen.at >= now - config.registrationLoopWindow);
  const latest = view.registrations[view.registrations.length - 1];
  if (!latest || !isRejection(latest.result)) return null; // an accepted registration ended any loop
  const same = currentRun(
    inWindow.filter((seen) => seen.result === latest.result && seen.message === latest.message),
    input.pollIntervalMs,
  );
  if (same.length < config.registrationLoopCount) return null;
  const first = same[0];
  const periodMs = medianGap(same);
  // It is a loop while it recurs: no repeat for several periods means it stopped.
  if (now - latest.at > Math.max(3 * periodMs, 3 * input.pollIntervalMs)) return null;
  const message = latest.message ?? latest.result;
  return {
    kind: 'sync.registration_loop',
    severity: 'warning',
    class: 'persistent',
    subject: { type: 'link', id: view.link.id, node: view.reporter },
    summary: `${view.link.id}: registration ${latest.result} ${same.length} times in ${formatAge(latest.at - first.at)} (every ~${formatAge(periodMs)}): "${message}"`,
    evidence: {
      count: same.length,
      periodMs: Math.round(periodMs),
      result: latest.result,
      message: latest.message,
      firstAt: first.atText,
      lastAt: latest.atText,
      windowMs: config.registrationLoopWindow,
    },
  };
}

/**
 * The unbroken run of repeats that ends with the latest one: an earlier loop
 * that stopped for a while is not counted into the current one.
 */
function currentRun<Seen extends { at: number }>(seen: readonly Seen[], pollIntervalMs: number): Seen[] {
  if (seen.length < 2) return [...seen];
  const breakAfter = Math.max(3 * medianGap(seen), 3 * pollIntervalMs);
  let start = seen.length - 1;
  while (start > 0 && seen[start].at - seen[start - 1].at <= breakAfter) start -= 1;
  return seen.slice(start);
}

/** The typical time between repeats (median, so one long pause does not skew it). */
function medianGap(seen: readonly { at: number }[]): number {
  const gaps = seen.slice(1).map((item, index) => item.at - seen[index].at).sort((a, b) => a - b);
  if (gaps.length === 0) return 0;
  const middle = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2;
}

/** The other end of the link answers now and does not list the link any more. */
function otherEndDisowns(view: LinkView, input: CycleInput): boolean {
  const { link } = view;
  const other = view.reporter === link.primary ? link.replica : link.primary;
  const report = input.reports.get(other);
  if (!report || statusInCycle(input, other) !== 'ok' || !report.sync) return false;
  return !report.sync.links.some((own) => sameLink(own, link));
}

function* judge(views: ReadonlyMap<string, LinkView>, input: CycleInput): Steps<Condition[]> {
  const freshIds = new Set<string>();
  for (const view of views.values()) if (view.fresh) freshIds.add(view.link.id);
  const conditions: Condition[] = [];
  let judged = 0;
  for (const view of views.values()) {
    if (pausesAt(judged++, VIEWS_PER_STEP)) yield;
    if (!view.fresh) {
      // A stale report says nothing about now; it matters only when no node reports the link currently
      // and the live other end has not moved on (after a failover the promoted replica drops the link).
      if (!freshIds.has(view.link.id) && !otherEndDisowns(view, input)) conditions.push(staleCondition(view, input.now));
      continue;
    }
    for (const condition of [
      errorCondition(view, views, input.now),
      unknownStateCondition(view),
      stalledCondition(view, views, input),
      registrationLoopCondition(view, input),
      laggingCondition(view, input.config),
    ]) {
      if (condition) conditions.push(condition);
    }
  }
  return withoutEchoedLoops(conditions, views);
}

/**
 * Both ends report the same registration outcome; the loop is the replica's
 * (it is the one retrying), so the primary's echo of it is not a second finding.
 */
function withoutEchoedLoops(conditions: Condition[], views: ReadonlyMap<string, LinkView>): Condition[] {
  const loopOnReplica = new Set<string>();
  for (const condition of conditions) {
    const view = views.get(viewKey(condition.subject.node ?? '', condition.subject.id));
    if (condition.kind === 'sync.registration_loop' && view && view.reporter === view.link.replica) loopOnReplica.add(view.link.id);
  }
  return conditions.filter((condition) => {
    if (condition.kind !== 'sync.registration_loop' || !loopOnReplica.has(condition.subject.id)) return true;
    const view = views.get(viewKey(condition.subject.node ?? '', condition.subject.id));
    return view?.reporter === view?.link.replica;
  });
}

/** The link's best current view: the replica's own, then the primary's, then any. */
export function preferredView(views: readonly LinkView[]): LinkView | null {
  const fresh = views.filter((view) => view.fresh);
  const pool = fresh.length > 0 ? fresh : views;
  return (
    pool.find((view) => view.reporter === view.link.replica) ??
    pool.find((view) => view.reporter === view.link.primary) ??
    pool[0] ??
    null
  );
}

export function viewsByLink(views: ReadonlyMap<string, LinkView>): Map<string, LinkView[]> {
  const byLink = new Map<string, LinkView[]>();
  for (const view of views.values()) {
    const list = byLink.get(view.link.id);
    if (list) list.push(view);
    else byLink.set(view.link.id, [view]);
  }
  return byLink;
}

function sampleOf(linkViews: readonly LinkView[], views: ReadonlyMap<string, LinkView>, now: number): SyncSample {
  const best = preferredView(linkViews);
  if (!best || !best.fresh) {
    return { at: now, state: 'stale', reportedState: null, reportedBy: null, primaryOffset: null, replicaOffset: null, lag: null, lastIoAgeMs: null };
  }
  return {
    at: now,
    state: best.link.state,
    reportedState: best.link.reportedState,
    reportedBy: best.reporter,
    primaryOffset: bestPrimaryOffset(views, best),
    replicaOffset: best.link.replicaOffset,
    lag: primaryViewOf(views, best.link)?.link.lag ?? best.link.lag,
    lastIoAgeMs: nodeTimeAgeMs(best.link.lastIoAt, best, now),
  };
}

function updateSeries(previous: ReadonlyMap<string, LinkSeries>, views: ReadonlyMap<string, LinkView>, input: CycleInput): Map<string, LinkSeries> {
  const series = new Map(previous);
  for (const [id, linkViews] of viewsByLink(views)) {
    const before = series.get(id);
    const samples = before?.samples ?? new SyncSampleRing(SYNC_SAMPLE_LIMIT);
    samples.push(sampleOf(linkViews, views, input.now));
    const { primary, replica } = linkViews[0].link;
    series.set(id, { id, primary, replica, lastSeenAt: input.now, samples });
  }
  const forgetBefore = input.now - FORGET_AFTER_POLLS * input.pollIntervalMs;
  for (const [id, entry] of series) if (entry.lastSeenAt < forgetBefore) series.delete(id);
  if (series.size > LINK_TRACK_LIMIT) {
    const oldestFirst = [...series.values()].sort((a, b) => a.lastSeenAt - b.lastSeenAt);
    for (const entry of oldestFirst.slice(0, series.size - LINK_TRACK_LIMIT)) series.delete(entry.id);
  }
  return series;
}

function withSince(conditions: Condition[], previous: ReadonlyMap<string, number>, now: number) {
  const since = new Map<string, number>();
  for (const condition of conditions) {
    const id = conditionId(condition.kind, condition.subject.node ?? '', condition.subject.id);
    const first = previous.get(id) ?? now;
    since.set(id, first);
    condition.since = first;
  }
  return since;
}

export const syncAnalyzer: Analyzer<SyncState> = {
  name: 'sync',
  initial: () => ({
    pollIntervalMs: 5000,
    lastStepAt: null,
    views: new Map(),
    series: new Map(),
    conditions: [],
    since: new Map(),
  }),
  stepInSlices: stepSyncInSlices,
  step: (state, input) => stepToEnd(stepSyncInSlices(state, input)),
};

/** Each phase over every link is its own slice: together they were one long task at 5,000 nodes. */
function* stepSyncInSlices(state: SyncState, input: CycleInput): Generator<void, AnalyzerResult<SyncState>, void> {
  const views = yield* updateViews(state.views, input);
  yield;
  const conditions = yield* judge(views, input);
  const since = withSince(conditions, state.since, input.now);
  yield;
  const series = updateSeries(state.series, views, input);
  return {
    state: { pollIntervalMs: input.pollIntervalMs, lastStepAt: input.now, views, series, conditions, since },
    conditions,
  };
}

/** Worst first: what a link's verdict is when several conditions hold. */
export const SYNC_KIND_RANK: Record<string, number> = {
  'sync.error': 0,
  'sync.stalled': 1,
  'sync.unknown': 2,
  'sync.registration_loop': 3,
  'sync.lagging': 4,
};

/** The most severe condition, ties broken by kind (a link's verdict); live conditions and stored findings alike. */
export function worstCondition<Judged extends Pick<Condition, 'severity' | 'kind'>>(conditions: readonly Judged[]): Judged | null {
  const severityRank = SEVERITY_RANK;
  let worst: Judged | null = null;
  for (const condition of conditions) {
    if (
      !worst ||
      severityRank[condition.severity] < severityRank[worst.severity] ||
      (severityRank[condition.severity] === severityRank[worst.severity] &&
        (SYNC_KIND_RANK[condition.kind] ?? 9) < (SYNC_KIND_RANK[worst.kind] ?? 9))
    ) {
      worst = condition;
    }
  }
  return worst;
}
