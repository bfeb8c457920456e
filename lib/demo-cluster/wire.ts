import {
  ADMIN_V1_PATHS,
  type LogsDoc,
  type NodeInfo,
  type NodeReportWire,
  type PeerEntry,
  type PeersDoc,
  type ReplicationLinkWire,
  type RoutingDoc,
  type SyncDoc,
} from '@/lib/contract/admin-v1';
import { isoTime } from './clock';
import { LOGS_DEFAULT_LIMIT, LOGS_MAX_LIMIT } from './log-ring';
import { CLIENT_ID, CLUSTER_NAME, COORDINATOR, PARTITION_COUNT, ownedCount } from './topology';
import { PEER_CATEGORIES, type SimLink, type World } from './world';

/** What a simulated node answers: the HTTP layer only serializes it. */
export type AdminAnswer = {
  status: number;
  body: unknown;
  /** Sent as is instead of JSON (simulators of systems that answer plain text or empty bodies). */
  text?: string;
  headers?: Record<string, string>;
};

const MAX_ATTEMPTS = 5;

export function nodeInfo(world: World, nodeId: string): NodeInfo {
  const node = world.node(nodeId);
  return {
    id: node.id,
    cluster: CLUSTER_NAME,
    role: node.role,
    version: node.version,
    startedAt: isoTime(node.startedAt),
    now: isoTime(world.now()),
  };
}

export function peersDoc(world: World, nodeId: string): PeersDoc | null {
  const book = world.node(nodeId).peers;
  if (!book) return null;
  const peers: PeerEntry[] = [];
  for (const category of PEER_CATEGORIES) {
    for (const peer of book.peers) {
      if (peer.category !== category && peer.alsoIn !== category) continue;
      peers.push({ id: peer.id, address: peer.address, category, score: peer.score, since: isoTime(peer.since) });
    }
  }
  return { categories: [...PEER_CATEGORIES], peers, readErrors: book.readErrors.map((error) => ({ ...error })) };
}

/** One link as one of its two ends describes it. */
export function linkAsSeenBy(world: World, link: SimLink, side: 'primary' | 'replica'): ReplicationLinkWire {
  const otherId = side === 'primary' ? link.replica : link.primary;
  const other = world.node(otherId);
  const primaryOffset = side === 'primary' ? link.primaryOffset : link.primaryOffsetSeenByReplica;
  const wire: ReplicationLinkWire = {
    id: link.id,
    primary: link.primary,
    replica: link.replica,
    state: 'in_sync',
    attempts: 0,
    maxAttempts: MAX_ATTEMPTS,
    primaryOffset,
    replicaOffset: link.replicaOffset,
    lag: Math.max(0, primaryOffset - link.replicaOffset),
    lastIoAt: isoTime(link.lastIoAt),
    registration: {
      at: isoTime(link.registration.at),
      result: link.registration.result,
      ...(link.registration.message !== undefined ? { message: link.registration.message } : {}),
    },
  };
  if (!other.up && other.downSince !== null) {
    // The honest answer about a peer that is gone: still trying, and why it fails.
    const address = world.addresses.get(otherId) ?? otherId;
    wire.state = 'connecting';
    wire.attempts = Math.floor((world.now() - other.downSince) / 2000) + 1;
    delete wire.maxAttempts;
    wire.lastError = {
      code: 'ECONNREFUSED',
      message: `dial ${otherId} (${address}): connect: connection refused`,
      at: isoTime(world.now()),
    };
  }
  const claims = link.claims[side];
  if (claims) {
    for (const [key, value] of Object.entries(claims) as [keyof typeof claims, unknown][]) {
      if (value === undefined) delete wire[key];
      else (wire as Record<string, unknown>)[key] = value;
    }
  }
  return wire;
}

export function syncDoc(world: World, nodeId: string): SyncDoc | null {
  if (nodeId === CLIENT_ID) return null;
  const links: ReplicationLinkWire[] = [];
  for (const link of world.links) {
    if (link.primary === nodeId) links.push(linkAsSeenBy(world, link, 'primary'));
    else if (link.replica === nodeId) links.push(linkAsSeenBy(world, link, 'replica'));
  }
  return { links };
}

export function routingDoc(world: World, nodeId: string): RoutingDoc {
  const node = world.node(nodeId);
  const { table, initialized, ownedCountSkew } = node.routing;
  const doc: RoutingDoc = {
    version: table.version,
    initialized,
    coordinator: COORDINATOR,
    partitionCount: PARTITION_COUNT,
    partitions: table.partitions.map((partition) => ({
      id: partition.id,
      owners: [...partition.owners],
      backups: [...partition.backups],
      ...(partition.ballot !== undefined ? { ballot: partition.ballot } : {}),
    })),
  };
  // A client caches the table; it owns nothing, so it reports no count.
  if (nodeId !== CLIENT_ID) doc.ownedCount = Math.max(0, ownedCount(table, nodeId) + ownedCountSkew);
  return doc;
}

function errorAnswer(status: number, code: string, message: string): AdminAnswer {
  return { status, body: { error: { code, message } } };
}

/** A non-negative integer query parameter, or the default when absent; null when malformed. */
function intParam(params: URLSearchParams, name: string, fallback: number, max: number): number | null {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,15}$/.test(raw)) return null;
  const value = Number(raw);
  return value <= max ? value : null;
}

type LogsRead = { ok: true; logs: LogsDoc } | { ok: false; answer: AdminAnswer };

/** `/logs` takes after/limit; `/report` takes logsEpoch/logsAfter/logsLimit. */
function readLogs(world: World, nodeId: string, params: URLSearchParams, inReport: boolean): LogsRead {
  const afterName = inReport ? 'logsAfter' : 'after';
  const limitName = inReport ? 'logsLimit' : 'limit';
  const ring = world.node(nodeId).logs;
  let after = intParam(params, afterName, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(params, limitName, LOGS_DEFAULT_LIMIT, LOGS_MAX_LIMIT);
  if (after === null) return { ok: false, answer: errorAnswer(400, 'bad_request', `${afterName} must be a non-negative integer cursor`) };
  if (limit === null || limit < 1) {
    return { ok: false, answer: errorAnswer(400, 'bad_request', `${limitName} must be an integer from 1 to ${LOGS_MAX_LIMIT}`) };
  }
  // A cursor from another epoch means nothing here: start from the oldest entry held.
  if (inReport && params.get('logsEpoch') !== ring.epoch) after = 0;
  return { ok: true, logs: ring.read(after, limit) };
}

/** Routes one admin API v1 request to the simulated node's state. */
export function answerAdmin(world: World, nodeId: string, method: string, rawUrl: string): AdminAnswer {
  const url = new URL(rawUrl, 'http://demo.invalid');
  const isClient = nodeId === CLIENT_ID;
  const known = Object.values(ADMIN_V1_PATHS) as string[];
  const exposed = isClient ? known.filter((path) => path !== ADMIN_V1_PATHS.peers && path !== ADMIN_V1_PATHS.sync) : known;
  if (!exposed.includes(url.pathname)) return errorAnswer(404, 'not_found', `no such endpoint: ${url.pathname}`);
  if (method !== 'GET') return errorAnswer(405, 'method_not_allowed', `only GET is allowed on ${url.pathname}`);

  switch (url.pathname) {
    case ADMIN_V1_PATHS.node:
      return { status: 200, body: nodeInfo(world, nodeId) };
    case ADMIN_V1_PATHS.peers:
      return { status: 200, body: peersDoc(world, nodeId) };
    case ADMIN_V1_PATHS.sync:
      return { status: 200, body: syncDoc(world, nodeId) };
    case ADMIN_V1_PATHS.routing:
      return { status: 200, body: routingDoc(world, nodeId) };
    case ADMIN_V1_PATHS.logs: {
      const read = readLogs(world, nodeId, url.searchParams, false);
      return read.ok ? { status: 200, body: read.logs } : read.answer;
    }
    case ADMIN_V1_PATHS.report: {
      const read = readLogs(world, nodeId, url.searchParams, true);
      if (!read.ok) return read.answer;
      const report: NodeReportWire = { node: nodeInfo(world, nodeId), routing: routingDoc(world, nodeId), logs: read.logs };
      const peers = peersDoc(world, nodeId);
      const sync = syncDoc(world, nodeId);
      if (peers) report.peers = peers;
      if (sync) report.sync = sync;
      return { status: 200, body: report };
    }
    default:
      return errorAnswer(404, 'not_found', `no such endpoint: ${url.pathname}`);
  }
}
