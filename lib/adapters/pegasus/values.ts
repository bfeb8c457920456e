/**
 * Pegasus's HTTP pages print every value as a string ("2", not 2). These read
 * them strictly: anything that is not exactly the expected text is `null`
 * (unknown), never 0 or a guess.
 */

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,15})?$/;
/** host:port as rpc_address::to_std_string() prints it (an IPv4 address or a host name). */
const HOST_PORT = /^[A-Za-z0-9.-]{1,253}:\d{1,5}$/;

export function intOf(value: unknown): number | null {
  return typeof value === 'string' && INTEGER.test(value) ? Number(value) : null;
}

export function nonNegativeIntOf(value: unknown): number | null {
  const parsed = intOf(value);
  return parsed !== null && parsed >= 0 ? parsed : null;
}

export function decimalOf(value: unknown): number | null {
  return typeof value === 'string' && DECIMAL.test(value) ? Number(value) : null;
}

export function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function hostPortOf(value: unknown): string | null {
  if (typeof value !== 'string' || !HOST_PORT.test(value)) return null;
  const port = Number(value.slice(value.lastIndexOf(':') + 1));
  return port >= 1 && port <= 65_535 ? value : null;
}

/** A ballot: the partition configuration's version; `-1` (invalid_ballot) and anything unparsable are unknown. */
export function ballotOf(value: unknown): number | null {
  return nonNegativeIntOf(value);
}

/** "2/3" → {count: 2, max: 3}; anything else is unknown. */
export function replicaCountOf(value: unknown): { count: number; max: number } | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(value);
  return match ? { count: Number(match[1]), max: Number(match[2]) } : null;
}

/** "-" = no primary (an invalid rpc_address); null when the text is neither "-" nor host:port. */
export function primaryOf(value: unknown): { primary: string | null } | null {
  if (value === '-') return { primary: null };
  const address = hostPortOf(value);
  return address === null ? null : { primary: address };
}

/** "[h:p,h:p]" (or "[]") → the addresses; null when the list is malformed. */
export function secondariesOf(value: unknown): string[] | null {
  if (typeof value !== 'string' || !value.startsWith('[') || !value.endsWith(']')) return null;
  const inner = value.slice(1, -1);
  if (inner === '') return [];
  const addresses = inner.split(',').map(hostPortOf);
  return addresses.every((address): address is string => address !== null) ? addresses : null;
}

/** "a,b,c" as /meta/cluster prints meta_servers; unparsable entries are dropped. */
export function hostPortListOf(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  if (value === '') return [];
  return value.split(',').map(hostPortOf).filter((address): address is string => address !== null);
}
