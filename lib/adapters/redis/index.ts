import 'server-only';
import { isoOrUnknown } from '@/lib/contract/node-time';
import type { SourceKind } from '../kind';
import { cappedPipeline, oversizeMessage } from '../resp-pipeline';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AdapterContext, PollOptions, SourceAdapter } from '@/lib/adapters/types';
import { failedReport, type NodeReport, type PollReason, type PollStatus, type ReportPart } from '@/lib/contract/report';
import type { RedisTargetConfig } from '@/lib/adapters/redis/target';
import { readNode, type CommandReply, type NodeReading, type NodeReplies } from './build-report';
import { changesBetween, firstSight, LogRing, type ChangeEntry } from './change-log';
import { parseClusterNodes } from './cluster-nodes';
import { credentialsAllowedFor } from './credential-allow-list';
import { classifyFailure, connectAndAuthenticate, openClient, rootCause, type ConnectionFailure } from './connection';
import { settled, within } from '../within';
import { answerWork } from '../turn-budget';
import { processDescriptorBudget, type ConnectionSlot, type DescriptorBudget } from '../descriptor-budget';

type Exchange =
  | { kind: 'answered'; replies: NodeReplies; latency: unknown }
  | { kind: 'failed'; failure: ConnectionFailure };

function toReply([error, value]: [Error | null, unknown]): CommandReply {
  return error === null ? { ok: true, value } : { ok: false, message: error.message };
}

/** A reply error from the server (a command refused) versus the connection itself failing. */
function isServerReply(error: Error | null): boolean {
  return error === null || error.name === 'ReplyError';
}

class RedisNodeAdapter implements SourceAdapter {
  private client: Redis | null = null;
  private closed = false;
  private previous: NodeReading | null = null;
  private logRing: LogRing | null = null;
  private generation = 0;
  private unavailable: ReportPart[] = [];
  private latencySeen = new Map<string, number>();
  /** New per adapter instance, so a dashboard restart never reuses an old log epoch. */
  private readonly instance = randomUUID().slice(0, 8);

  /** Whether the connection may stay open between polls (the process's descriptor budget). */
  private readonly connection: ConnectionSlot;

  constructor(
    private readonly target: RedisTargetConfig,
    private readonly context: AdapterContext,
    budget: DescriptorBudget = processDescriptorBudget(),
  ) {
    this.connection = budget.claim(1);
  }

  private readonly idFor = (hostPort: string): string => this.context.targetIdForAddress(hostPort) ?? hostPort;

  async poll(options: PollOptions): Promise<NodeReport> {
    const started = options.now();
    if (this.closed) {
      return this.failedReport(options.now(), null, 'unreachable', { code: 'network', message: 'the adapter was closed' });
    }
    const outcome = await within(this.exchange(options), options.timeoutMs);
    // No place in the descriptor budget: the next poll connects again.
    if (!this.connection.kept) this.dropClient();
    const fetchedAt = options.now();
    if (outcome === 'timeout') {
      // Drop the socket: a hung node must not collect one more queued pipeline per poll.
      this.dropClient();
      return this.failedReport(fetchedAt, null, 'timeout', {
        code: 'timeout',
        message: `no complete answer from ${this.target.address} within ${options.timeoutMs} ms`,
      });
    }
    const latencyMs = fetchedAt - started;
    if (outcome.kind === 'failed') return this.failedReport(fetchedAt, latencyMs, outcome.failure.status, outcome.failure.reason);

    // Parsed within the event loop's per-turn budget: a burst of answers must not hold requests back (turn-budget.ts).
    const replies = outcome.replies;
    return answerWork.run(() => this.readAnswer(replies, outcome.latency, fetchedAt, latencyMs, options));
  }

  /** The answered replies → the node's report; never throws. */
  private readAnswer(replies: NodeReplies, latency: unknown, fetchedAt: number, latencyMs: number, options: PollOptions): NodeReport {
    try {
      const result = readNode({ target: this.target, replies, idFor: this.idFor, now: fetchedAt });
      if (!result.ok) return this.failedReport(fetchedAt, latencyMs, result.status, result.reason);
      const reading = result.reading;
      this.unavailable = reading.unavailable;
      this.recordChanges(reading, latency, fetchedAt);
      return {
        targetId: this.target.id,
        kind: 'redis',
        address: this.target.address,
        status: 'ok',
        reason: null,
        fetchedAt,
        latencyMs,
        node: reading.node,
        peers: reading.peers,
        sync: { links: reading.links },
        routing: reading.routing,
        logs: this.logRing === null ? null : this.logRing.page(options.logsAfter, options.logsLimit),
        unavailable: reading.unavailable,
      };
    } catch (error) {
      // A parser bug must not take the collector down: the node answered something we cannot read.
      return this.failedReport(fetchedAt, latencyMs, 'bad_response', {
        code: 'protocol',
        message: `cannot read the answer: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connection.release();
    this.dropClient();
  }

  /** One round trip: INFO server, INFO replication, CLUSTER INFO, CLUSTER NODES, LATENCY LATEST. */
  private async exchange(options: PollOptions): Promise<Exchange> {
    let client: Redis | null = null;
    try {
      if (this.client !== null && this.client.status !== 'ready') this.dropClient();
      client = this.client;
      if (client === null) {
        const opened = openClient(this.target, options.timeoutMs);
        if (!opened.ok) return { kind: 'failed', failure: opened.failure };
        client = opened.opened.client;
        this.client = client;
        await connectAndAuthenticate(opened.opened);
      }
      // A poll that timed out while connecting may have been replaced by a newer one.
      if (this.client !== client) {
        return { kind: 'failed', failure: { status: 'timeout', reason: { code: 'timeout', message: 'superseded by a newer poll' } } };
      }

      const polled = client;
      const answer = await cappedPipeline(
        polled,
        options.maxResponseBytes,
        (pipeline) => pipeline.info('server').info('replication').cluster('INFO').cluster('NODES').call('LATENCY', 'LATEST'),
        () => this.dropClient(polled),
      );
      if (answer.oversize) {
        return { kind: 'failed', failure: { status: 'bad_response', reason: { code: 'oversize', message: oversizeMessage(options.maxResponseBytes) } } };
      }
      const { results } = answer;
      if (results === null || results.length !== 5) {
        this.dropClient(client);
        return { kind: 'failed', failure: { status: 'unreachable', reason: { code: 'network', message: 'the connection closed during the poll' } } };
      }
      const connectionError = results.map(([error]) => error).find((error) => !isServerReply(error));
      if (connectionError) {
        this.dropClient(client);
        return { kind: 'failed', failure: classifyFailure(rootCause(connectionError, client), this.target) };
      }
      const [infoServer, infoReplication, clusterInfo, clusterNodes, latency] = results;
      return {
        kind: 'answered',
        replies: { infoServer: toReply(infoServer), infoReplication: toReply(infoReplication), clusterInfo: toReply(clusterInfo), clusterNodes: toReply(clusterNodes) },
        latency: latency[0] === null ? latency[1] : null,
      };
    } catch (error) {
      if (client !== null) this.dropClient(client);
      return { kind: 'failed', failure: classifyFailure(rootCause(error, client), this.target) };
    }
  }

  /** Closes the connection (only if it is still the current one) so the next poll starts clean. */
  private dropClient(client?: Redis | null): void {
    const victim = client ?? this.client;
    if (victim === null) return;
    if (this.client === victim) this.client = null;
    victim.disconnect();
  }

  private recordChanges(reading: NodeReading, latency: unknown, now: number): void {
    const previous = this.previous;
    // run_id changes at every start; Pika has none, so there a start time that jumped forward says it.
    const restarted =
      previous !== null &&
      (reading.runId !== null || previous.runId !== null
        ? reading.runId !== previous.runId
        : Date.parse(reading.node.startedAt) > Date.parse(previous.node.startedAt) + 5000);
    if (this.logRing === null || restarted) {
      this.generation += 1;
      const runPart = reading.runId !== null ? `-${reading.runId.slice(0, 12)}` : '';
      this.logRing = new LogRing(`${this.instance}.${this.generation}${runPart}`);
      if (restarted) {
        this.logRing.append({ ts: new Date(now).toISOString(), level: 'warn', component: 'node', code: 'restarted', subject: reading.node.id, message: `node restarted (run_id or uptime changed); started at ${reading.node.startedAt}` });
      }
      this.logRing.append(firstSight(reading, now));
    } else if (previous !== null) {
      for (const entry of changesBetween(previous, reading, this.idFor, now)) this.logRing.append(entry);
    }
    for (const entry of this.latencyEvents(latency, reading.node.id, previous === null)) this.logRing.append(entry);
    this.previous = reading;
  }

  /** LATENCY LATEST rows [event, unix seconds, latest ms, max ms]: a newer timestamp is a new spike. */
  private latencyEvents(latency: unknown, subject: string, baseline: boolean): ChangeEntry[] {
    if (!Array.isArray(latency)) return [];
    const entries: ChangeEntry[] = [];
    for (const row of latency) {
      if (!Array.isArray(row) || row.length < 4) continue;
      const [event, seconds, latest, max] = row as [unknown, unknown, unknown, unknown];
      if (typeof event !== 'string' || typeof seconds !== 'number') continue;
      const seen = this.latencySeen.get(event);
      this.latencySeen.set(event, seconds);
      if (baseline || (seen !== undefined && seen >= seconds)) continue;
      entries.push({
        ts: isoOrUnknown(seconds * 1000),
        level: 'warn',
        component: 'latency',
        code: `latency_${event}`,
        subject,
        message: `latency spike "${event}": ${String(latest)} ms (max ${String(max)} ms)`,
      });
    }
    return entries;
  }

  private failedReport(fetchedAt: number, latencyMs: number | null, status: Exclude<PollStatus, 'ok'>, reason: PollReason): NodeReport {
    return failedReport({
      targetId: this.target.id,
      kind: 'redis',
      address: this.target.address,
      status,
      reason,
      fetchedAt,
      latencyMs,
      unavailable: this.unavailable,
    });
  }
}

export function createRedisAdapter(target: RedisTargetConfig, context: AdapterContext, budget?: DescriptorBudget): SourceAdapter {
  return new RedisNodeAdapter(target, context, budget);
}

/** An id the config schema accepts for a discovered "host:port" (IPv6 brackets dropped). */
function discoveredId(address: string): string {
  const bare = address.replace(/^\[(.*)\](:\d+)$/, '$1$2');
  return /^[A-Za-z0-9]/.test(bare) ? bare : `0${bare}`;
}

/**
 * A member the seed reported. It gets the seed's TLS settings, but its credentials only when its
 * address is on the seed's `discoverCredentialsFor` list: the seed's answer is node text, and a
 * hostile seed could otherwise list an address of its own to collect the password.
 */
function discoveredMember(seed: RedisTargetConfig, address: string): RedisTargetConfig {
  const member: RedisTargetConfig = { ...seed, id: discoveredId(address), address, discover: false };
  delete member.discoverCredentialsFor;
  // The seed's log files are the seed's own: a discovered member does not inherit them.
  delete member.logs;
  if (!credentialsAllowedFor(address, seed.discoverCredentialsFor ?? [])) {
    delete member.username;
    delete member.passwordEnv;
  }
  return member;
}

/**
 * Expands a `discover: true` seed into every member the seed's CLUSTER NODES
 * reports (only addresses the cluster itself reports; members still in
 * handshake or without an address are left out). Never throws.
 */
export async function discoverRedisTargets(
  seed: RedisTargetConfig,
  options: { timeoutMs: number },
): Promise<{ targets: RedisTargetConfig[]; error: string | null }> {
  const opened = openClient(seed, options.timeoutMs);
  if (!opened.ok) return { targets: [seed], error: `cannot discover from ${seed.id}: ${opened.failure.reason.message}` };
  const client = opened.opened.client;
  try {
    const answer = await within(settled(connectAndAuthenticate(opened.opened).then(() => client.call('CLUSTER', 'NODES'))), options.timeoutMs);
    if (answer === 'timeout') return { targets: [seed], error: `cannot discover from ${seed.id}: no answer within ${options.timeoutMs} ms` };
    if (!answer.ok) return { targets: [seed], error: `cannot discover from ${seed.id}: ${classifyFailure(rootCause(answer.error, client), seed).reason.message}` };
    const nodes = typeof answer.value === 'string' ? parseClusterNodes(answer.value) : null;
    if (nodes === null) return { targets: [seed], error: `cannot discover from ${seed.id}: CLUSTER NODES answer could not be parsed` };
    const targets: RedisTargetConfig[] = [seed];
    const addresses = new Set([seed.address]);
    for (const node of nodes) {
      if (node.flags.has('myself') || node.address === null || node.flags.has('handshake') || node.flags.has('noaddr')) continue;
      if (addresses.has(node.address)) continue;
      addresses.add(node.address);
      targets.push(discoveredMember(seed, node.address));
    }
    return { targets, error: null };
  } catch (error) {
    return { targets: [seed], error: `cannot discover from ${seed.id}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    client.disconnect();
  }
}

export const redisSource: SourceKind<RedisTargetConfig> = {
  label: 'Redis / Valkey / Pika',
  address: (target) => target.address,
  create: createRedisAdapter,
  discover: (target, options) => (target.discover ? discoverRedisTargets(target, options) : Promise.resolve({ targets: [target], error: null })),
};
