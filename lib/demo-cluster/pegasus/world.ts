/**
 * The simulated Pegasus cluster's state: meta servers (one leader), replica
 * servers, tables with a configuration per partition, and Go clients with a
 * cached copy of it. Transitions follow the meta server's own steps
 * (src/meta/server_state.cpp): every configuration change is ballot + 1; a
 * dead primary is first downgraded (primary "-", ballot + 1), then a
 * secondary is upgraded to primary (ballot + 1).
 */

export type PartitionConfig = { ballot: number; primary: string | null; secondaries: string[] };

export type SimTable = {
  name: string;
  appId: number;
  maxReplicaCount: number;
  partitions: PartitionConfig[];
  createdAt: number;
};

export type SimReplica = { id: string; address: string; alive: boolean; verdict: 'ALIVE' | 'UNALIVE' };
export type SimMeta = { id: string; address: string };

export type SimClient = {
  id: string;
  /** The seed bug: a Go client that treats ERR_TIMEOUT as nothing to act on never refreshes. */
  refreshesOnFailure: boolean;
  tables: string[];
  /** Its cached configuration per table (what it routes by), copied from the meta server when it refreshes. */
  cache: Map<string, PartitionConfig[]>;
};

export const DEMO_TABLES = [
  { name: 'temp', partitionCount: 8 },
  { name: 'usertable', partitionCount: 16 },
  { name: 'stat', partitionCount: 4 },
] as const;

export const MAX_REPLICA_COUNT = 3;

function copyConfig(partitions: readonly PartitionConfig[]): PartitionConfig[] {
  return partitions.map((partition) => ({ ...partition, secondaries: [...partition.secondaries] }));
}

export class PegasusWorld {
  readonly metas: SimMeta[];
  readonly replicas: SimReplica[];
  readonly tables: SimTable[];
  readonly clients: SimClient[];
  leader = 0;

  constructor(
    metas: SimMeta[],
    replicas: { id: string; address: string }[],
    clients: Omit<SimClient, 'cache'>[],
    now: number,
  ) {
    this.metas = metas;
    this.replicas = replicas.map((replica) => ({ ...replica, alive: true, verdict: 'ALIVE' }));
    this.tables = DEMO_TABLES.map((table, t) => ({
      name: table.name,
      appId: t + 2,
      maxReplicaCount: MAX_REPLICA_COUNT,
      createdAt: now,
      partitions: Array.from({ length: table.partitionCount }, (_, p) => {
        const pick = (offset: number) => this.replicas[(p + t + offset) % this.replicas.length].address;
        // Ballots start where a table that went through create + a few balance moves would be.
        return { ballot: 3 + ((p + t) % 3), primary: pick(0), secondaries: [pick(1), pick(2)] };
      }),
    }));
    this.clients = clients.map((client) => ({ ...client, cache: new Map() }));
    for (const client of this.clients) this.refreshClient(client.id);
  }

  table(name: string): SimTable | undefined {
    return this.tables.find((table) => table.name === name);
  }

  replica(id: string): SimReplica {
    const replica = this.replicas.find((candidate) => candidate.id === id);
    if (!replica) throw new Error(`no simulated replica server ${id}`);
    return replica;
  }

  replicaByAddress(address: string): SimReplica | undefined {
    return this.replicas.find((replica) => replica.address === address);
  }

  client(id: string): SimClient {
    const client = this.clients.find((candidate) => candidate.id === id);
    if (!client) throw new Error(`no simulated client ${id}`);
    return client;
  }

  get leaderMeta(): SimMeta {
    return this.metas[this.leader];
  }

  /** The process dies; the meta server has not noticed yet (its failure detector needs a lease to expire). */
  crashReplica(id: string): void {
    this.replica(id).alive = false;
  }

  /**
   * The meta's failure detector declares the server UNALIVE: partitions it led
   * are downgraded (no primary), and it is dropped from every secondary list;
   * each is one configuration change, ballot + 1.
   */
  markUnalive(id: string): { table: string; pidx: number; ballot: number }[] {
    const replica = this.replica(id);
    replica.verdict = 'UNALIVE';
    const changed: { table: string; pidx: number; ballot: number }[] = [];
    for (const table of this.tables) {
      table.partitions.forEach((partition, pidx) => {
        const wasPrimary = partition.primary === replica.address;
        const wasSecondary = partition.secondaries.includes(replica.address);
        if (!wasPrimary && !wasSecondary) return;
        if (wasPrimary) partition.primary = null;
        partition.secondaries = partition.secondaries.filter((address) => address !== replica.address);
        partition.ballot += 1;
        changed.push({ table: table.name, pidx, ballot: partition.ballot });
      });
    }
    return changed;
  }

  /** The partition guardian upgrades the first secondary of every partition without a primary (ballot + 1). */
  electPrimaries(): { table: string; pidx: number; primary: string; ballot: number }[] {
    const elected: { table: string; pidx: number; primary: string; ballot: number }[] = [];
    for (const table of this.tables) {
      table.partitions.forEach((partition, pidx) => {
        if (partition.primary !== null || partition.secondaries.length === 0) return;
        partition.primary = partition.secondaries[0];
        partition.secondaries = partition.secondaries.slice(1);
        partition.ballot += 1;
        elected.push({ table: table.name, pidx, primary: partition.primary, ballot: partition.ballot });
      });
    }
    return elected;
  }

  /** The server is back: the meta sees it ALIVE and adds it as a secondary where a partition lacks replicas. */
  restoreReplica(id: string): void {
    const replica = this.replica(id);
    replica.alive = true;
    if (replica.verdict === 'ALIVE') return;
    replica.verdict = 'ALIVE';
    for (const table of this.tables) {
      for (const partition of table.partitions) {
        const count = (partition.primary ? 1 : 0) + partition.secondaries.length;
        if (count >= table.maxReplicaCount || partition.primary === replica.address || partition.secondaries.includes(replica.address)) continue;
        partition.secondaries.push(replica.address);
        partition.ballot += 1;
      }
    }
  }

  /** The client queries the meta server again (what tryConfUpdate does) and routes by the answer. */
  refreshClient(id: string): void {
    const client = this.client(id);
    for (const name of client.tables) {
      const table = this.table(name);
      if (table) client.cache.set(name, copyConfig(table.partitions));
    }
  }

  /** Partitions of `table` the client still sends to a primary that is not alive. */
  deadRoutes(clientId: string, tableName: string): { pidx: number; primary: string }[] {
    const cached = this.client(clientId).cache.get(tableName) ?? [];
    const dead: { pidx: number; primary: string }[] = [];
    cached.forEach((partition, pidx) => {
      if (partition.primary === null) return;
      const replica = this.replicaByAddress(partition.primary);
      if (replica && !replica.alive) dead.push({ pidx, primary: partition.primary });
    });
    return dead;
  }
}
