/**
 * INFO answers are "key:value" lines grouped under "# Section" headers. Redis,
 * Valkey and Pika all speak this shape, with Pika adding lines that are not
 * key:value at all ("db0 binlog_offset=…"); those are kept as raw lines.
 */

export type InfoText = {
  /** First occurrence of each key (Pika repeats keys such as "db0" under different headings). */
  fields: Map<string, string>;
  /** Every non-empty line, trimmed, in order — for formats that are not key:value. */
  lines: string[];
  /** Section headers as written, e.g. "Replication(MASTER)". */
  headers: string[];
};

export function parseInfo(text: string): InfoText {
  const fields = new Map<string, string>();
  const lines: string[] = [];
  const headers: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    lines.push(line);
    if (line.startsWith('#')) {
      headers.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  return { fields, lines, headers };
}

/** An integer field, or null when absent or not a number (never a default). */
export function intField(fields: Map<string, string>, key: string): number | null {
  const raw = fields.get(key);
  if (raw === undefined || !/^-?\d+$/.test(raw)) return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : null;
}

/** "ip=127.0.0.1,port=7304,state=online" → Map; values may themselves hold "(db0:0)" groups. */
export function parseCommaPairs(value: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue;
    pairs.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return pairs;
}

/** "host:port" for display and lookups; IPv6 hosts get brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Splits a configured "host:port" (IPv6 in brackets) into its parts. */
export function splitHostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(address.slice(colon + 1)) };
}
