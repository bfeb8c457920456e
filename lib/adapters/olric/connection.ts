import 'server-only';
import { Redis } from 'ioredis';
import { splitHostPort } from '@/lib/adapters/redis/info';

/**
 * One ioredis client for one Olric member. Olric speaks RESP on its client
 * port, so ioredis sends its commands as they are (`call('CLUSTER.MEMBERS')`).
 * Integers arrive as text (stringNumbers): birthdates are int64 nanoseconds and
 * would lose digits as JS numbers. Like the Redis source it never queues while
 * offline and never reconnects on its own: the next poll reconnects.
 */
export function openOlricClient(address: string, timeoutMs: number): Redis {
  const { host, port } = splitHostPort(address);
  const client = new Redis({
    host,
    port,
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    // Olric knows neither CLIENT SETINFO nor SETNAME.
    disableClientInfo: true,
    stringNumbers: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    connectTimeout: timeoutMs,
  });
  client.on('error', (error: Error) => socketErrors.set(client, error));
  return client;
}

const socketErrors = new WeakMap<Redis, Error>();

/** The most telling error for a failed exchange: the socket's own error over a generic "closed". */
export function rootCause(error: unknown, client: Redis | null): unknown {
  const socketError = client === null ? undefined : socketErrors.get(client);
  const generic = error instanceof Error && /Connection is closed|Stream isn't writeable/i.test(error.message);
  return generic && socketError !== undefined ? socketError : error;
}
