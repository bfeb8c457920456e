/**
 * Pure readers of Olric's RESP replies (shapes from buraksezer/olric v0.5.7 and
 * olric-data/olric v0.6.x, `cluster.go` and `stats/stats.go`). Every reader
 * takes what the RESP client gave (ioredis with stringNumbers: integers arrive
 * as decimal text, so int64 birthdates keep every digit) and returns a value
 * or an error text; none throws.
 */

export const MAX_PARTITIONS = 16_384;
export const MAX_MEMBERS = 10_000;
const MAX_NAME_LENGTH = 256;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** One row of CLUSTER.ROUTINGTABLE: owners oldest → newest (the last is current), then backups. */
export type RoutingRow = { partition: number; owners: string[]; backups: string[] };

/** One row of CLUSTER.MEMBERS. `birthdate` is int64 nanoseconds kept as text. */
export type MemberRow = { name: string; birthdate: string; coordinator: boolean };

export type StatsMember = { name: string; id: string; birthdate: string };

/** The parts of STATS the dashboard reads. */
export type OlricStats = {
  releaseVersion: string;
  uptimeSeconds: number;
  coordinator: StatsMember;
  member: StatsMember;
  /** Partitions this member itself owns, ascending. */
  partitions: number[];
  /** Partitions this member holds a backup of, ascending. */
  backups: number[];
  clusterMembers: StatsMember[];
};

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

function partitionId(value: unknown): number | null {
  // The coordinator writes the id as an integer; a member relaying its table sends it as bulk text.
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,5}$/.test(text)) return null;
  const id = Number(text);
  return id < MAX_PARTITIONS ? id : null;
}

function names(value: unknown, what: string): Parsed<string[]> {
  if (!Array.isArray(value)) return fail(`${what} is not an array`);
  if (value.length > 64) return fail(`${what} lists ${value.length} names`);
  if (!value.every(isName)) return fail(`${what} holds something other than member names`);
  return { ok: true, value };
}

export function parseRoutingTable(reply: unknown): Parsed<RoutingRow[]> {
  if (!Array.isArray(reply)) return fail('CLUSTER.ROUTINGTABLE did not answer with an array');
  if (reply.length > MAX_PARTITIONS) return fail(`CLUSTER.ROUTINGTABLE lists ${reply.length} partitions (more than ${MAX_PARTITIONS})`);
  const rows: RoutingRow[] = [];
  const seen = new Set<number>();
  for (const [index, entry] of reply.entries()) {
    if (!Array.isArray(entry) || entry.length !== 3) return fail(`CLUSTER.ROUTINGTABLE entry ${index} is not [partID, owners, backups]`);
    const partition = partitionId(entry[0]);
    if (partition === null) return fail(`CLUSTER.ROUTINGTABLE entry ${index} has no valid partition id`);
    if (seen.has(partition)) return fail(`CLUSTER.ROUTINGTABLE lists partition ${partition} twice`);
    seen.add(partition);
    const owners = names(entry[1], `owners of partition ${partition}`);
    if (!owners.ok) return owners;
    const backups = names(entry[2], `backups of partition ${partition}`);
    if (!backups.ok) return backups;
    rows.push({ partition, owners: owners.value, backups: backups.value });
  }
  return { ok: true, value: rows };
}

function int64Text(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof text === 'string' && /^-?\d{1,20}$/.test(text) ? text : null;
}

export function parseMembers(reply: unknown): Parsed<MemberRow[]> {
  if (!Array.isArray(reply)) return fail('CLUSTER.MEMBERS did not answer with an array');
  if (reply.length > MAX_MEMBERS) return fail(`CLUSTER.MEMBERS lists ${reply.length} members`);
  const rows: MemberRow[] = [];
  for (const [index, entry] of reply.entries()) {
    if (!Array.isArray(entry) || entry.length !== 3) return fail(`CLUSTER.MEMBERS entry ${index} is not [name, birthdate, coordinator]`);
    const [name, birthdate, coordinator] = entry as unknown[];
    const born = int64Text(birthdate);
    if (!isName(name) || born === null || (coordinator !== 'true' && coordinator !== 'false')) {
      return fail(`CLUSTER.MEMBERS entry ${index} has the wrong types`);
    }
    rows.push({ name, birthdate: born, coordinator: coordinator === 'true' });
  }
  return { ok: true, value: rows };
}

/** Member ids are uint64: quote every "id" number before JSON.parse so no digit is rounded away. */
function quoteBigIntegers(json: string): string {
  return json.replace(/("(?:id|birthdate)"\s*:\s*)(-?\d+)/g, '$1"$2"');
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function statsMember(value: unknown): StatsMember | null {
  const fields = record(value);
  if (fields === null || !isName(fields.name)) return null;
  const id = int64Text(fields.id);
  const birthdate = int64Text(fields.birthdate);
  if (id === null || birthdate === null) return null;
  return { name: fields.name, id, birthdate };
}

function partitionKeys(value: unknown, what: string): Parsed<number[]> {
  // A member that owns nothing may say null rather than {}.
  if (value === null || value === undefined) return { ok: true, value: [] };
  const fields = record(value);
  if (fields === null) return fail(`STATS ${what} is not an object`);
  const keys = Object.keys(fields);
  if (keys.length > MAX_PARTITIONS) return fail(`STATS ${what} lists ${keys.length} partitions`);
  const ids: number[] = [];
  for (const key of keys) {
    const id = partitionId(key);
    if (id === null) return fail(`STATS ${what} has a key that is not a partition id`);
    ids.push(id);
  }
  return { ok: true, value: ids.sort((a, b) => a - b) };
}

export function parseStats(reply: unknown, maxBytes: number): Parsed<OlricStats> {
  if (typeof reply !== 'string') return fail('STATS did not answer with a bulk string');
  if (reply.length > maxBytes) return fail(`STATS is larger than ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(quoteBigIntegers(reply));
  } catch {
    return fail('STATS is not JSON');
  }
  const stats = record(json);
  if (stats === null) return fail('STATS is not a JSON object');
  if (typeof stats.release_version !== 'string' || stats.release_version.length > 64) return fail('STATS has no release_version');
  const uptime = stats.uptime_seconds;
  if (typeof uptime !== 'number' || !Number.isFinite(uptime) || uptime < 0) return fail('STATS has no uptime_seconds');
  const coordinator = statsMember(stats.cluster_coordinator);
  const member = statsMember(stats.member);
  if (coordinator === null || member === null) return fail('STATS has no member or cluster_coordinator {name, id, birthdate}');
  const partitions = partitionKeys(stats.partitions, 'partitions');
  if (!partitions.ok) return partitions;
  const backups = partitionKeys(stats.backups, 'backups');
  if (!backups.ok) return backups;
  const membersRecord = record(stats.cluster_members) ?? {};
  const clusterMembers = Object.values(membersRecord)
    .slice(0, MAX_MEMBERS)
    .map(statsMember)
    .filter((entry): entry is StatsMember => entry !== null);
  return {
    ok: true,
    value: {
      releaseVersion: stats.release_version,
      uptimeSeconds: uptime,
      coordinator,
      member,
      partitions: partitions.value,
      backups: backups.value,
      clusterMembers,
    },
  };
}

/** The states an Olric error reply names (protocol.SetError prefixes in routingtable.go). */
export type OlricErrorState = 'CLUSTERQUORUM' | 'OPERATIONTIMEOUT' | 'SERVERGONE' | 'CLUSTERJOIN';

const ERROR_STATES: Array<{ state: OlricErrorState; prefix: RegExp; text: RegExp; meaning: string }> = [
  { state: 'CLUSTERQUORUM', prefix: /^CLUSTERQUORUM\b/, text: /cannot be reached cluster quorum/i, meaning: 'the member cannot reach memberCountQuorum members, so it refuses to operate' },
  { state: 'OPERATIONTIMEOUT', prefix: /^OPERATIONTIMEOUT\b/, text: /^ERR operation timeout/i, meaning: 'the member is not bootstrapped yet (it gave up after bootstrapTimeout)' },
  { state: 'SERVERGONE', prefix: /^SERVERGONE\b/, text: /server is gone/i, meaning: 'the member is shutting down' },
  { state: 'CLUSTERJOIN', prefix: /^CLUSTERJOIN\b/, text: /cannot join the cluster/i, meaning: 'the member could not join the cluster' },
];

/**
 * An Olric error reply that names a state of the member. v0.5.7 registers these
 * prefixes against a second copy of the error values, so the same states also
 * arrive as `-ERR <text>`: both spellings are recognized.
 */
export function olricErrorState(message: string): { state: OlricErrorState; meaning: string } | null {
  for (const entry of ERROR_STATES) {
    if (entry.prefix.test(message) || entry.text.test(message)) return { state: entry.state, meaning: entry.meaning };
  }
  return null;
}
