

/** Fingerprinting: a line's message with its variable parts masked, and a stable group id. */

const MAX_FINGERPRINT = 512;

/** The masks, in the order they apply (docs/logs.md lists them the same way). */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  // Quoted strings: "…", `…`, and '…' when the quote does not sit inside a word (don't, node's).
  [/"(?:[^"\\\n]|\\.)*"/g, '<str>'],
  [/`[^`\n]*`/g, '<str>'],
  [/(^|[^\w])'(?:[^'\\\n]|\\.)*'/g, '$1<str>'],
  // UUIDs.
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // IPv6 in brackets with an optional port, then IPv4 with an optional port.
  [/\[[0-9a-f:.]*:[0-9a-f:.]*\](?::\d{1,5})?/gi, '<addr>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<addr>'],
  // host:port (a host name followed by a port of two or more digits).
  [/\b[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*:\d{2,5}\b/gi, '<addr>'],
  // key=value pairs keep the key and mask the value.
  [/\b([A-Za-z_][\w.-]*)=(?:<[a-z]+>|[^\s,;)\]}]+)/g, '$1=<v>'],
  // Hex: 0x-prefixed, or runs of 8+ hex digits that contain a digit.
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>'],
  // Long opaque ids (base58 peer ids, base64 keys): 16+ word characters mixing letters and digits.
  [/\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{16,}\b/g, '<id>'],
  // Any remaining number, with an optional fraction.
  [/\d+(?:\.\d+)?/g, '<n>'],
  // Whitespace runs become one space.
  [/\s+/g, ' '],
];

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A line's fingerprint: its message with every varying part masked, so the
 * same message about different peers, ports or ids falls into one group.
 */
export function fingerprint(message: string, subject?: string): string {
  let text = message;
  // The line's own subject is a variable part even when no mask would catch it.
  if (subject && subject.length >= 3) {
    text = text.replace(new RegExp(`(?<![\\w-])${escapeRegExp(subject)}(?![\\w-])`, 'g'), '<subject>');
  }
  for (const [pattern, replacement] of MASKS) text = text.replace(pattern, replacement);
  text = text.trim();
  return text.length > MAX_FINGERPRINT ? `${text.slice(0, MAX_FINGERPRINT)}…` : text;
}

/** FNV-1a, twice with different offsets, for a 64-bit-ish stable group id. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Stable id of a group: the same component and fingerprint give the same id in every process. */
export function groupId(component: string, print: string): string {
  return `lg-${hash64(`${component}\u0000${print}`)}`;
}
