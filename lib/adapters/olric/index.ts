import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SourceKind } from '../kind';
import { cappedPipeline, oversizeMessage } from '../resp-pipeline';
import { classifyNetworkError } from '@/lib/adapters/errors';
import { LogRing, type ChangeEntry } from '@/lib/adapters/redis/change-log';
import type { AdapterContext, PollOptions, SourceAdapter } from '@/lib/adapters/types';
import { failedReport, type NodeReport, type PollReason, type PollStatus, type ReportPart } from '@/lib/contract/report';
import { errorReplyReason, ownerChanges, readOlricNode, type CommandReply, type OlricReading, type OlricReplies } from './build-report';
import { openOlricClient, rootCause } from './connection';
import { CLUSTER_EVENTS_CHANNEL, eventLogEntry, parseClusterEvent, type ClusterEvent } from './events';
import { parseMembers } from './replies';
import type { OlricTargetConfig } from './target';
import { settled, within } from '../within';
import { answerWork } from '../turn-budget';
import { processDescriptorBudget, type ConnectionSlot, type DescriptorBudget } from '../descriptor-budget';

/** Events held between polls; past this the oldest are dropped and counted. */
export const MAX_PENDING_EVENTS = 2000;
/** Members remembered as `missing` after they leave this member's view. */
const MAX_REMEMBERED_MEMBERS = 1000;
/** Owner-change lines name at most this many partitions each. */
const PARTITIONS_PER_LINE = 30;

type Failure = { status: Exclude<PollStatus, 'ok'>; reason: PollReason };
type Exchange = { kind: 'answered'; replies: OlricReplies } | { kind: 'failed'; failure: Failure };

function toReply([error, value]: [Error | null, unknown]): CommandReply {
  return error === null ? { ok: true, value } : { ok: false, message: error.message };
}

function classify(error: unknown, address: string): Failure {
  const err = error as { name?: unknown; message?: unknown } | null;
  const message = typeof err?.message === 'string' ? err.message : String(error);
  if (err?.name === 'ReplyError') return { status: 'bad_response', reason: errorReplyReason('the member', message) };
  if (err?.name === 'ParserError') return { status: 'bad_response', reason: { code: 'protocol', message: `not a RESP answer: ${message}` } };
  return classifyNetworkError(error, address);
}

class OlricMemberAdapter implements SourceAdapter {
  private client: Redis | null = null;
  private subscriber: Redis | null = null;
  private closed = false;
  private previous: OlricReading | null = null;
  /** Every member name this adapter has seen in CLUSTER.MEMBERS (bounded), for `missing`. */
  private readonly seenMembers = new Set<string>();
  private pendingEvents: ClusterEvent[] = [];
  private droppedEvents = 0;
  private readonly logRing = new LogRing(`olric-${randomUUID().slice(0, 8)}`);
  private lastFailure: string | null = null;
  private unavailable: ReportPart[] = ['sync'];

  /** Whether the poll connection and the cluster.events subscription may stay open (the process's descriptor budget). */
  private readonly connections: ConnectionSlot;

  constructor(
    private readonly target: OlricTargetConfig,
    private readonly context: AdapterContext,
    budget: DescriptorBudget = processDescriptorBudget(),
  ) {
    this.connections = budget.claim(2);
  }

  private readonly idFor = (hostPort: string): string => this.context.targetIdForAddress(hostPort) ?? hostPort;

  async poll(options: PollOptions): Promise<NodeReport> {
    const started = options.now();
    if (this.closed) return this.failed(options, started, null, { status: 'unreachable', reason: { code: 'network', message: 'the adapter was closed' } });
    const outcome = await within(this.exchange(options), options.timeoutMs);
    // No place in the descriptor budget: the next poll connects again.
    if (!this.connections.kept) this.dropClient();
    const fetchedAt = options.now();
    if (outcome === 'timeout') {
      // A hung member must not collect one more queued pipeline per poll.
      this.dropClient();
      return this.failed(options, fetchedAt, null, {
        status: 'timeout',
        reason: { code: 'timeout', message: `no complete answer from ${this.target.address} within ${options.timeoutMs} ms` },
      });
    }
    const latencyMs = fetchedAt - started;
    if (outcome.kind === 'failed') return this.failed(options, fetchedAt, latencyMs, outcome.failure);
    // Parsed within the event loop's per-turn budget: a burst of answers must not hold requests back (turn-budget.ts).
    const replies = outcome.replies;
    return answerWork.run(() => this.readAnswer(replies, fetchedAt, latencyMs, options));
  }

  /** The answered replies → the member's report; never throws. */
  private readAnswer(replies: OlricReplies, fetchedAt: number, latencyMs: number, options: PollOptions): NodeReport {
    try {
      const result = readOlricNode({
        targetId: this.target.id,
        replies,
        idFor: this.idFor,
        previouslySeen: [...this.seenMembers],
        now: fetchedAt,
        maxResponseBytes: options.maxResponseBytes,
      });
      if (!result.ok) return this.failed(options, fetchedAt, latencyMs, result);
      const reading = result.reading;
      this.recordChanges(reading, fetchedAt);
      this.ensureSubscribed(options.timeoutMs);
      this.unavailable = reading.unavailable;
      this.lastFailure = null;
      return {
        targetId: this.target.id,
        kind: 'olric',
        address: this.target.address,
        status: 'ok',
        reason: null,
        fetchedAt,
        latencyMs,
        node: reading.node,
        peers: reading.peers,
        sync: null,
        routing: reading.routing,
        logs: this.logRing.page(options.logsAfter, options.logsLimit),
        unavailable: reading.unavailable,
      };
    } catch (error) {
      // A reader bug must not take the collector down: the member answered something we cannot read.
      return this.failed(options, fetchedAt, latencyMs, {
        status: 'bad_response',
        reason: { code: 'protocol', message: `cannot read the answer: ${error instanceof Error ? error.message : String(error)}` },
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connections.release();
    this.dropClient();
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  /** One round trip: STATS, CLUSTER.ROUTINGTABLE, CLUSTER.MEMBERS, pipelined on the one connection. */
  private async exchange(options: PollOptions): Promise<Exchange> {
    let client: Redis | null = null;
    try {
      if (this.client !== null && this.client.status !== 'ready') this.dropClient();
      client = this.client;
      if (client === null) {
        client = openOlricClient(this.target.address, options.timeoutMs);
        this.client = client;
        await client.connect();
      }
      if (this.client !== client) {
        return { kind: 'failed', failure: { status: 'timeout', reason: { code: 'timeout', message: 'superseded by a newer poll' } } };
      }
      const polled = client;
      const answer = await cappedPipeline(
        polled,
        options.maxResponseBytes,
        (pipeline) => pipeline.call('STATS').call('CLUSTER.ROUTINGTABLE').call('CLUSTER.MEMBERS'),
        () => this.dropClient(polled),
      );
      if (answer.oversize) {
        return { kind: 'failed', failure: { status: 'bad_response', reason: { code: 'oversize', message: oversizeMessage(options.maxResponseBytes) } } };
      }
      const { results } = answer;
      if (results === null || results.length !== 3) {
        this.dropClient(client);
        return { kind: 'failed', failure: { status: 'unreachable', reason: { code: 'network', message: 'the connection closed during the poll' } } };
      }
      const connectionError = results.map(([error]) => error).find((error) => error !== null && error.name !== 'ReplyError');
      if (connectionError) {
        this.dropClient(client);
        return { kind: 'failed', failure: classify(rootCause(connectionError, client), this.target.address) };
      }
      const [stats, routingTable, members] = results;
      return { kind: 'answered', replies: { stats: toReply(stats), routingTable: toReply(routingTable), members: toReply(members) } };
    } catch (error) {
      if (client !== null) this.dropClient(client);
      return { kind: 'failed', failure: classify(rootCause(error, client), this.target.address) };
    }
  }

  private dropClient(client?: Redis | null): void {
    const victim = client ?? this.client;
    if (victim === null) return;
    if (this.client === victim) this.client = null;
    victim.disconnect();
  }

  /** cluster.events on its own connection (a subscribed connection takes no other commands); reopened by the next good poll. */
  private ensureSubscribed(timeoutMs: number): void {
    // A subscription is a connection kept open: without a place in the descriptor budget, no cluster.events.
    if (this.closed || !this.connections.kept) return;
    if (this.subscriber !== null && ['connecting', 'connect', 'ready'].includes(this.subscriber.status)) return;
    this.subscriber?.disconnect();
    const subscriber = openOlricClient(this.target.address, timeoutMs);
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== CLUSTER_EVENTS_CHANNEL || this.subscriber !== subscriber) return;
      const event = parseClusterEvent(message);
      if (event === null) return;
      // Every member publishes to every subscriber: keep only what this member itself saw.
      if (this.previous !== null && event.source !== this.previous.memberName) return;
      this.pendingEvents.push(event);
      if (this.pendingEvents.length > MAX_PENDING_EVENTS) {
        this.droppedEvents += this.pendingEvents.length - MAX_PENDING_EVENTS;
        this.pendingEvents.splice(0, this.pendingEvents.length - MAX_PENDING_EVENTS);
      }
    });
    subscriber
      .connect()
      .then(() => subscriber.subscribe(CLUSTER_EVENTS_CHANNEL))
      .catch(() => {
        // Not fatal: events are extra evidence; the next good poll subscribes again.
        if (this.subscriber === subscriber) this.subscriber = null;
        subscriber.disconnect();
      });
  }

  /** Log lines for what changed since the last good poll: events, membership, partition owners. */
  private recordChanges(reading: OlricReading, now: number): void {
    const ts = new Date(now).toISOString();
    const self = this.target.id;
    const append = (entry: ChangeEntry) => this.logRing.append(entry);
    const previous = this.previous;
    if (previous === null || previous.birthdate !== reading.birthdate) {
      const restarted = previous !== null;
      append({
        ts,
        level: restarted ? 'warn' : 'info',
        component: 'node',
        code: restarted ? 'restarted' : 'observed',
        subject: self,
        message: `${restarted ? 'member restarted' : 'member observed'}: ${reading.memberName}, ${reading.node.version}, ${reading.members.length} member(s), coordinator ${this.idFor(reading.stats.coordinator.name)}, owns ${reading.stats.partitions.length} of ${reading.table.length} partitions`,
      });
    }
    const events = this.pendingEvents.filter((event) => event.source === reading.memberName);
    this.pendingEvents = [];
    if (this.droppedEvents > 0) {
      append({ ts, level: 'warn', component: 'cluster', code: 'events_dropped', subject: self, message: `${this.droppedEvents} cluster.events message(s) dropped between polls (more than ${MAX_PENDING_EVENTS})` });
      this.droppedEvents = 0;
    }
    for (const event of events.sort((a, b) => a.at - b.at)) append(eventLogEntry(event, this.idFor));
    if (previous !== null) {
      const before = new Set(previous.members.map((member) => member.name));
      const after = new Set(reading.members.map((member) => member.name));
      for (const name of after) if (!before.has(name)) append({ ts, level: 'info', component: 'members', code: 'member_added', subject: this.idFor(name), message: `${this.idFor(name)} is now in ${self}'s CLUSTER.MEMBERS` });
      for (const name of before) if (!after.has(name)) append({ ts, level: 'warn', component: 'members', code: 'member_dropped', subject: this.idFor(name), message: `${this.idFor(name)} is no longer in ${self}'s CLUSTER.MEMBERS` });
      this.ownerChangeLines(previous, reading, ts).forEach(append);
    }
    for (const member of reading.members) {
      if (this.seenMembers.size >= MAX_REMEMBERED_MEMBERS) break;
      this.seenMembers.add(member.name);
    }
    // A member seen again is no longer missing; one that joined and left stays remembered.
    this.previous = reading;
  }

  /** "node-4 took over partitions 3, 17, … (from node-2)": who owns what after a join, a leave or a rebalance. */
  private ownerChangeLines(previous: OlricReading, reading: OlricReading, ts: string): ChangeEntry[] {
    const changes = ownerChanges(previous.table, reading.table);
    const byMove = new Map<string, number[]>();
    for (const change of changes) {
      const key = `${change.to ?? ''}\u0000${change.from ?? ''}`;
      const list = byMove.get(key) ?? [];
      list.push(change.partition);
      byMove.set(key, list);
    }
    const lines: ChangeEntry[] = [];
    for (const [key, partitions] of byMove) {
      const [to, from] = key.split('\u0000');
      const shown = partitions.slice(0, PARTITIONS_PER_LINE).join(', ') + (partitions.length > PARTITIONS_PER_LINE ? ` +${partitions.length - PARTITIONS_PER_LINE} more` : '');
      lines.push({
        ts,
        level: 'info',
        component: 'routing',
        code: to === '' ? 'partitions_unowned' : 'owner_changed',
        subject: to === '' ? 'routing' : this.idFor(to),
        message:
          to === ''
            ? `${partitions.length} partition(s) lost their owner ${from === '' ? '' : this.idFor(from)} in ${this.idFor(reading.stats.coordinator.name)}'s table: ${shown}`
            : `${this.idFor(to)} took over ${partitions.length} partition(s)${from === '' ? '' : ` from ${this.idFor(from)}`} in ${this.idFor(reading.stats.coordinator.name)}'s table: ${shown}`,
      });
    }
    return lines;
  }

  private failed(options: PollOptions, fetchedAt: number, latencyMs: number | null, failure: Failure): NodeReport {
    // One log line per change of failure, so the logs view shows when a member stopped answering and why.
    if (failure.reason.message !== this.lastFailure) {
      this.lastFailure = failure.reason.message;
      this.logRing.append({
        ts: new Date(fetchedAt).toISOString(),
        level: failure.reason.code === 'not_operable' ? 'warn' : 'error',
        component: 'poll',
        code: failure.reason.code === 'not_operable' ? failure.reason.message.split(':')[0].toLowerCase() : failure.status,
        subject: this.target.id,
        message: failure.reason.message,
      });
    }
    return {
      ...failedReport({ targetId: this.target.id, kind: 'olric', address: this.target.address, status: failure.status, reason: failure.reason, fetchedAt, latencyMs, unavailable: this.unavailable }),
      logs: this.logRing.page(options.logsAfter, options.logsLimit),
    };
  }
}

export function createOlricAdapter(target: OlricTargetConfig, context: AdapterContext): SourceAdapter {
  return new OlricMemberAdapter(target, context);
}

/** An id the config schema accepts for a discovered "host:port". */
function discoveredId(address: string): string {
  return /^[A-Za-z0-9]/.test(address) ? address : `0${address}`;
}

/**
 * Expands a `discover: true` seed into every member the seed's CLUSTER.MEMBERS
 * reports (only addresses the cluster itself reports). Never throws; the seed stays.
 */
export async function discoverOlricTargets(seed: OlricTargetConfig, options: { timeoutMs: number }): Promise<{ targets: OlricTargetConfig[]; error: string | null }> {
  const client = openOlricClient(seed.address, options.timeoutMs);
  const fail = (why: string) => ({ targets: [seed], error: `cannot discover from ${seed.id}: ${why}` });
  try {
    const answer = await within(settled(client.connect().then(() => client.call('CLUSTER.MEMBERS'))), options.timeoutMs);
    if (answer === 'timeout') return fail(`no answer within ${options.timeoutMs} ms`);
    if (!answer.ok) return fail(classify(rootCause(answer.error, client), seed.address).reason.message);
    const members = parseMembers(answer.value);
    if (!members.ok) return fail(members.error);
    const targets: OlricTargetConfig[] = [seed];
    const addresses = new Set([seed.address]);
    for (const member of members.value) {
      if (addresses.has(member.name)) continue;
      addresses.add(member.name);
      targets.push({ ...seed, id: discoveredId(member.name), address: member.name, discover: false });
    }
    return { targets, error: null };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  } finally {
    client.disconnect();
  }
}

export const olricSource: SourceKind<OlricTargetConfig> = {
  label: 'Olric',
  address: (target) => target.address,
  create: createOlricAdapter,
  discover: (target, options) => (target.discover ? discoverOlricTargets(target, options) : Promise.resolve({ targets: [target], error: null })),
};
