import { ADMIN_V1_PATHS, type NodeReportWire, type RoutingDoc } from '@/lib/contract/admin-v1';
import { LOGS_DEFAULT_LIMIT, LOGS_MAX_LIMIT, type LogRing } from '../log-ring';
import type { AdminAnswer } from '../wire';
import type { PegasusWorld } from './world';

/**
 * A simulated Pegasus Go client that exposes the native admin API v1 (role
 * "client"): its cached partition configuration per table, and its log lines.
 * Real Go clients do not serve this; an operator adds it (or ships the log
 * lines) so stale configurations can be seen. Owners are named by the target
 * ids the dashboard knows the replica servers by.
 */

export type ClientContext = { world: PegasusWorld; clientId: string; logs: LogRing; startedAt: number; now: () => number; idOf: (address: string) => string };

function tablesOf(context: ClientContext): RoutingDoc[] {
  const client = context.world.client(context.clientId);
  return client.tables.flatMap((name) => {
    const cached = client.cache.get(name);
    if (!cached) return [];
    return [
      {
        table: name,
        initialized: true,
        partitionCount: cached.length,
        partitions: cached.map((partition, pidx) => ({
          id: pidx,
          owners: partition.primary ? [context.idOf(partition.primary)] : [],
          backups: partition.secondaries.map(context.idOf),
          ballot: partition.ballot,
        })),
      },
    ];
  });
}

function error(status: number, message: string): AdminAnswer {
  return { status, body: { error: { code: status === 404 ? 'not_found' : 'bad_request', message } } };
}

export function answerClient(context: ClientContext, method: string, rawUrl: string): AdminAnswer {
  const url = new URL(rawUrl, 'http://client.invalid');
  if (url.pathname !== ADMIN_V1_PATHS.report) return error(404, `no such endpoint: ${url.pathname}`);
  if (method !== 'GET') return { status: 405, body: { error: { code: 'method_not_allowed', message: 'only GET' } } };
  const afterRaw = url.searchParams.get('logsAfter') ?? '0';
  const limitRaw = url.searchParams.get('logsLimit') ?? String(LOGS_DEFAULT_LIMIT);
  if (!/^\d{1,15}$/.test(afterRaw)) return error(400, 'logsAfter must be a non-negative integer cursor');
  if (!/^\d{1,6}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > LOGS_MAX_LIMIT) return error(400, `logsLimit must be from 1 to ${LOGS_MAX_LIMIT}`);
  const after = url.searchParams.get('logsEpoch') === context.logs.epoch ? Number(afterRaw) : 0;
  const now = context.now();
  const report: NodeReportWire = {
    node: {
      id: context.clientId,
      cluster: 'pegasus',
      role: 'client',
      version: 'pegasus-go-client 2.5.0',
      startedAt: new Date(context.startedAt).toISOString(),
      now: new Date(now).toISOString(),
    },
    tables: tablesOf(context),
    logs: context.logs.read(after, Number(limitRaw)),
  };
  return { status: 200, body: report };
}
