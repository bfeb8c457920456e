import net from 'node:net';
import type { OlricTargetConfig } from '@/lib/adapters/olric/target';
import { serveResp } from '../resp-connection';
import { encode, type RespReply } from './resp';

/**
 * A simulated Olric cluster for the demo: one RESP server per member on
 * 127.0.0.1, answering STATS, CLUSTER.ROUTINGTABLE, CLUSTER.MEMBERS, PING and
 * SUBSCRIBE cluster.events in the exact shapes olricd v0.5.7 sends (captured in
 * lib/adapters/olric/fixtures; handlers in olric `cluster.go` and `stats.go`).
 *
 * The seed race (olric before v0.5.6: `Start()` wrote the routing table while
 * `setOwnedPartitionCount()` read it): while it runs, one member's own STATS
 * lists the partitions it owned before the table settled, so its count and its
 * partitions disagree with the coordinator's table. `settle()` ends it.
 */

export const PARTITION_COUNT = 271;

export type OlricDemoOptions = {
  members?: number;
  /** Start in the seed race (default) or already settled. */
  mode?: 'seed-race' | 'fixed';
  /** The race settles by itself after this long; 0 = only when settle() is called. */
  raceMs?: number;
  /** Target ids: `${idPrefix}-${index}`. */
  idPrefix?: string;
};

type Member = {
  index: number;
  name: string;
  id: string;
  birthdate: string;
  server: net.Server;
  sockets: Set<net.Socket>;
  subscribers: Set<net.Socket>;
  /** `hang`: accept and never answer; `down`: the port is closed. */
  state: 'up' | 'hang' | 'down';
};

export type OlricDemo = {
  targets: OlricTargetConfig[];
  /** Ends the seed race: every member's STATS agrees with the table again. */
  settle(): void;
  /** Starts the seed race again on `member` (default 1). */
  startRace(member?: number): void;
  racing(): boolean;
  /** Connections subscribed to cluster.events, over all members. */
  subscriberCount(): number;
  /** Makes a member hang (answers nothing) or come back. */
  setHang(member: number, hang: boolean): void;
  close(): Promise<void>;
};

function memberId(index: number): string {
  // uint64 ids as olricd prints them (more digits than a JS number keeps exactly).
  return (13845333717337077911n - BigInt(index) * 1_000_000_007n).toString();
}

export async function startOlricDemo(options: OlricDemoOptions = {}): Promise<OlricDemo> {
  const count = Math.max(2, Math.min(options.members ?? 3, 16));
  const idPrefix = options.idPrefix ?? 'olric';
  const startedAt = Date.now();
  const bornNs = BigInt(startedAt) * 1_000_000n;
  let racer: number | null = options.mode === 'fixed' ? null : 1;
  let raceTimer: NodeJS.Timeout | null = null;
  const members: Member[] = [];

  const ownerOf = (partition: number) => partition % count;
  const backupOf = (partition: number) => (partition + 1) % count;
  /** What a member's own STATS lists: the table's answer, or during the race its stale view. */
  const ownedBy = (index: number): number[] => {
    const fromTable = [...Array(PARTITION_COUNT).keys()].filter((partition) => ownerOf(partition) === index);
    if (racer !== index) return fromTable;
    // Stale: it still counts partitions the coordinator held before the table was pushed, and misses its newest ones.
    const stale = [...Array(PARTITION_COUNT).keys()].filter((partition) => ownerOf(partition) === 0).slice(0, 7);
    return [...fromTable.slice(4), ...stale].sort((a, b) => a - b);
  };

  const statsMember = (member: Member) => `{"name":"${member.name}","id":${member.id},"birthdate":${member.birthdate}}`;
  const partitionEntry = (partition: number) => `"${partition}":{"previous_owners":null,"backups":[${statsMember(members[backupOf(partition)])}],"length":0,"dmaps":{}}`;
  const stats = (member: Member): string => {
    const own = ownedBy(member.index);
    const backups = [...Array(PARTITION_COUNT).keys()].filter((partition) => backupOf(partition) === member.index);
    const clusterMembers = members.map((other) => `"${other.id}":${statsMember(other)}`).join(',');
    // Field order and shapes as olricd v0.5.7 writes them (fixtures/stats-24501.resp).
    return (
      `{"cmdline":["olricd","-c","olricd-${member.index}.yaml"],"release_version":"0.5.7","uptime_seconds":${Math.floor((Date.now() - startedAt) / 1000)},"runtime":null,` +
      `"cluster_coordinator":${statsMember(members[0])},"member":${statsMember(member)},` +
      `"partitions":{${own.map(partitionEntry).join(',')}},"backups":{${backups.map(partitionEntry).join(',')}},` +
      `"cluster_members":{${clusterMembers}},` +
      `"network":{"connections_total":${member.sockets.size},"current_connections":${member.sockets.size},"written_bytes_total":0,"read_bytes_total":0,"commands_total":0},` +
      `"dmaps":{"entries_total":0,"delete_hits":0,"delete_misses":0,"get_misses":0,"get_hits":0,"evicted_total":0},` +
      `"pub_sub":{"published_total":0,"current_subscribers":${member.subscribers.size},"subscribers_total":0,"current_psubscribers":0,"psubscribers_total":0}}`
    );
  };

  const routingTable = (member: Member): RespReply =>
    [...Array(PARTITION_COUNT).keys()].map((partition) => [
      // The coordinator writes partition ids as integers; a member relaying its table sends them as bulk text.
      member.index === 0 ? { int: partition } : { bulk: String(partition) },
      [{ bulk: members[ownerOf(partition)].name }],
      [{ bulk: members[backupOf(partition)].name }],
    ]);

  const clusterMembers = (): RespReply =>
    members.map((other) => [{ bulk: other.name }, { int: other.birthdate }, { bulk: other.index === 0 ? 'true' : 'false' }]);

  const publish = (event: Record<string, unknown>) => {
    const json = JSON.stringify(event).replace(/"timestamp":"(\d+)"/, '"timestamp":$1');
    for (const member of members) {
      for (const socket of member.subscribers) socket.write(encode([{ bulk: 'message' }, { bulk: 'cluster.events' }, { bulk: json }]));
    }
  };
  const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);

  const answer = (member: Member, socket: net.Socket, args: string[]): RespReply | null => {
    const command = (args[0] ?? '').toLowerCase();
    switch (command) {
      case 'stats':
        return { bulk: stats(member) };
      case 'cluster.routingtable':
        return routingTable(member);
      case 'cluster.members':
        return clusterMembers();
      case 'ping':
        return args.length > 1 ? { bulk: args[1] } : { simple: 'PONG' };
      case 'subscribe':
        member.subscribers.add(socket);
        return [{ bulk: 'subscribe' }, { bulk: args[1] ?? '' }, { int: 1 }];
      default:
        return { error: `ERR unknown command '${command}'` };
    }
  };

  const serve = (member: Member) => (socket: net.Socket) => {
    member.sockets.add(socket);
    serveResp(socket, {
      answer: (args) => answer(member, socket, args),
      ignoring: () => member.state === 'hang',
      onClose: () => {
        member.sockets.delete(socket);
        member.subscribers.delete(socket);
      },
    });
  };

  for (let index = 0; index < count; index++) {
    const server = net.createServer();
    const member: Member = {
      index,
      name: '',
      id: memberId(index),
      birthdate: String(bornNs + BigInt(index) * 1_000_000_000n),
      server,
      sockets: new Set(),
      subscribers: new Set(),
      state: 'up',
    };
    server.on('connection', serve(member));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address() as net.AddressInfo;
    member.name = `127.0.0.1:${address.port}`;
    members.push(member);
  }

  const settle = () => {
    if (raceTimer) clearTimeout(raceTimer);
    raceTimer = null;
    if (racer === null) return;
    const settled = racer;
    racer = null;
    // What olricd publishes once the table reaches the member: it now receives the fragments it owns.
    for (const partition of ownedBy(settled).slice(0, 4)) {
      publish({ timestamp: nowNs(), source: members[settled].name, kind: 'fragment-received-event', data_structure: 'dmap', partition_id: partition, identifier: 'demo', is_backup: false, length: 0 });
    }
  };
  const startRace = (member = 1) => {
    racer = Math.min(Math.max(member, 1), count - 1);
    publish({ timestamp: nowNs(), source: members[0].name, kind: 'node-join-event', node_join: members[racer].name });
    if (options.raceMs && options.raceMs > 0) {
      if (raceTimer) clearTimeout(raceTimer);
      raceTimer = setTimeout(settle, options.raceMs);
    }
  };
  if (racer !== null && options.raceMs && options.raceMs > 0) raceTimer = setTimeout(settle, options.raceMs);

  return {
    targets: members.map((member) => ({ id: `${idPrefix}-${member.index}`, kind: 'olric', address: member.name, discover: false })),
    settle,
    startRace,
    racing: () => racer !== null,
    subscriberCount: () => members.reduce((sum, member) => sum + member.subscribers.size, 0),
    setHang(index, hang) {
      const member = members[index];
      if (member) member.state = hang ? 'hang' : 'up';
    },
    async close() {
      if (raceTimer) clearTimeout(raceTimer);
      await Promise.all(
        members.map(
          (member) =>
            new Promise<void>((resolve) => {
              for (const socket of member.sockets) socket.destroy();
              member.server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
