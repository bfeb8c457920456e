import 'server-only';
import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';
import type { PollReason } from '@/lib/contract/report';
import type { RedisTargetConfig } from '@/lib/adapters/redis/target';
import { classifyNetworkError } from '@/lib/adapters/errors';
import { authReason } from './build-report';
import { splitHostPort } from './info';

export type ConnectionFailure = { status: 'unreachable' | 'timeout' | 'bad_response'; reason: PollReason };

/**
 * One ioredis client for one node, talking to that node only (no cluster
 * redirects), connecting lazily, never queueing commands while offline and
 * never reconnecting on its own: the next poll reconnects, so a dead node
 * costs one connect attempt per poll instead of a retry storm.
 */
export type OpenedClient = {
  client: Redis;
  /**
   * AUTH arguments, sent by the caller right after connecting and checked before any read:
   * if ioredis sent AUTH itself, a refused AUTH would leave the connection running as the
   * default user, and the poll would silently succeed with someone else's permissions.
   */
  auth: string[] | null;
};

export function openClient(target: RedisTargetConfig, timeoutMs: number): { ok: true; opened: OpenedClient } | { ok: false; failure: ConnectionFailure } {
  let password: string | undefined;
  if (target.passwordEnv !== undefined) {
    password = process.env[target.passwordEnv];
    if (password === undefined) {
      return {
        ok: false,
        failure: {
          status: 'bad_response',
          reason: { code: 'auth', message: `passwordEnv names ${target.passwordEnv}, but that environment variable is not set on the dashboard's server.` },
        },
      };
    }
  }
  let tls: ConnectionOptions | undefined;
  if (target.tls === true) tls = {};
  if (typeof target.tls === 'object') {
    tls = { rejectUnauthorized: target.tls.rejectUnauthorized };
    if (target.tls.servername !== undefined) tls.servername = target.tls.servername;
    if (target.tls.caFile !== undefined) {
      try {
        tls.ca = readFileSync(target.tls.caFile);
      } catch {
        return { ok: false, failure: { status: 'unreachable', reason: { code: 'tls', message: `cannot read the CA file ${target.tls.caFile}` } } };
      }
    }
  }
  const { host, port } = splitHostPort(target.address);
  const options: RedisOptions = {
    host,
    port,
    tls,
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    // No CLIENT SETINFO / SETNAME: a read-only ACL user may not run them.
    disableClientInfo: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    autoResendUnfulfilledCommands: false,
    connectTimeout: timeoutMs,
  };
  const client = new Redis(options);
  // The socket's own error (ECONNREFUSED, a TLS failure) arrives as an event, while the pending
  // command only sees "Connection is closed."; keep the event's error to say what really happened.
  client.on('error', (error: Error) => socketErrors.set(client, error));
  const auth = password === undefined ? null : target.username !== undefined ? [target.username, password] : [password];
  return { ok: true, opened: { client, auth } };
}

/** Connects and authenticates; rejects with the server's own error when AUTH is refused. */
export async function connectAndAuthenticate({ client, auth }: OpenedClient): Promise<void> {
  await client.connect();
  if (auth !== null) await client.call('AUTH', ...auth);
}

const socketErrors = new WeakMap<Redis, Error>();

/** The most telling error for a failed exchange: the socket's own error over a generic "closed". */
export function rootCause(error: unknown, client: Redis | null): unknown {
  const socketError = client === null ? undefined : socketErrors.get(client);
  const generic = error instanceof Error && /Connection is closed|Stream isn't writeable/i.test(error.message);
  return generic && socketError !== undefined ? socketError : error;
}

/** Sorts a connection-level error into the report's vocabulary; the message never carries credentials. */
export function classifyFailure(error: unknown, target: RedisTargetConfig): ConnectionFailure {
  const err = error as { name?: unknown; message?: unknown } | null;
  const message = typeof err?.message === 'string' ? err.message : String(error);
  const auth = authReason(message, target.username);
  if (auth !== null) return { status: 'bad_response', reason: auth };
  if (err?.name === 'ReplyError') return { status: 'bad_response', reason: { code: 'protocol', message: `the server answered with an error: ${message}` } };
  if (err?.name === 'ParserError') return { status: 'bad_response', reason: { code: 'protocol', message: `not a RESP answer: ${message}` } };
  return classifyNetworkError(error, target.address);
}
