import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeReplies } from './build-report';

/** Captured answers under lib/adapters/redis/fixtures, read as a poll would have received them (tests only). */
export const FIXTURES = path.join(__dirname, 'fixtures');

const CLUSTER_DISABLED = { ok: false as const, message: 'ERR This instance has cluster support disabled' };

export function redisReplies(scenario: string, port: number): NodeReplies {
  const read = (command: string) => {
    const file = path.join(FIXTURES, 'redis-7.0', scenario, `${port}.${command}.txt`);
    return { ok: true as const, value: readFileSync(file, 'utf8') };
  };
  return {
    infoServer: read('info-server'),
    infoReplication: read('info-replication'),
    clusterInfo: read('cluster-info'),
    clusterNodes: read('cluster-nodes'),
  };
}

export function redisPortsIn(scenario: string): number[] {
  return [7301, 7302, 7303, 7304, 7305, 7306].filter((port) =>
    existsSync(path.join(FIXTURES, 'redis-7.0', scenario, `${port}.info-server.txt`)),
  );
}

/** Pika answers INFO server and INFO replication from one capture; CLUSTER is an unknown command (src/pika_client_conn.cc). */
export function pikaReplies(file: string): NodeReplies {
  const text = readFileSync(path.join(FIXTURES, 'pika', file), 'utf8');
  const replicationAt = text.indexOf('# Replication');
  const server = replicationAt > 0 ? text.slice(0, replicationAt) : text;
  const replication = replicationAt >= 0 ? text.slice(replicationAt) : '';
  return {
    // The constructed 4.x files carry only the replication section.
    infoServer: { ok: true, value: replicationAt > 0 ? server : '# Server\npika_version:4.0.0\nuptime_in_seconds:60\n' },
    infoReplication: { ok: true, value: replication },
    clusterInfo: { ok: false, message: 'ERR unknown command "cluster"' },
    clusterNodes: { ok: false, message: 'ERR unknown command "cluster"' },
  };
}

export const STANDALONE_CLUSTER_REPLIES = { clusterInfo: CLUSTER_DISABLED, clusterNodes: CLUSTER_DISABLED };
