/**
 * `key=value` pairs as logrus (and logfmt) write them: a value is bare, or
 * double-quoted with Go escapes (strconv.Quote) when it holds spaces, quotes
 * or other special characters. Source: sirupsen/logrus text_formatter.go
 * (appendKeyValue, needsQuoting).
 */

export type Pair = { key: string; value: string; start: number; end: number; quoted: boolean };

const KEY = /[A-Za-z_][\w.\-/@]*/y;

/** Unquotes a Go-quoted string body (without the quotes); a bad escape is kept as written. */
function unquoteGo(body: string): string {
  return body.replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([\\"'abfnrtv]))/g, (whole, hex, u4, u8, simple) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (u4) return String.fromCharCode(parseInt(u4, 16));
    if (u8) {
      const code = parseInt(u8, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const map: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    return map[simple] ?? whole;
  });
}

/** One pair starting at `index` (a key), or null when there is none there. */
export function pairAt(text: string, index: number): Pair | null {
  KEY.lastIndex = index;
  const key = KEY.exec(text);
  if (!key || text[KEY.lastIndex] !== '=') return null;
  let cursor = KEY.lastIndex + 1;
  if (text[cursor] === '"') {
    let end = cursor + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) {
      // An unterminated quote (a cut line): the value is the rest, as written.
      return { key: key[0], value: text.slice(cursor + 1), start: index, end: text.length, quoted: true };
    }
    return { key: key[0], value: unquoteGo(text.slice(cursor + 1, end)), start: index, end: end + 1, quoted: true };
  }
  const start = cursor;
  while (cursor < text.length && text[cursor] !== ' ' && text[cursor] !== '\t') cursor++;
  return { key: key[0], value: text.slice(start, cursor), start: index, end: cursor, quoted: false };
}

const MAX_SPLIT_ATTEMPTS = 32;

/**
 * Splits "message   k=v k2="v 2"" into the message and its trailing pairs:
 * the pairs are the longest run of whitespace-separated pairs that reaches
 * the end of the text. A message that merely contains "a=b" in its middle
 * keeps it.
 */
export function splitTrailingPairs(text: string): { message: string; pairs: Pair[] } {
  // Candidate starts: a key after whitespace (or at 0). Try from the left; the first that parses to the end wins.
  const candidates: number[] = [];
  const keyStart = /(^|\s)([A-Za-z_][\w.\-/@]*)=/g;
  for (let match = keyStart.exec(text); match; match = keyStart.exec(text)) {
    candidates.push(match.index + match[1].length);
  }
  // Bounded: a message full of "a=" costs at most MAX_SPLIT_ATTEMPTS scans, then stays whole.
  for (const start of candidates.slice(0, MAX_SPLIT_ATTEMPTS)) {
    const pairs = pairsToEnd(text, start);
    if (pairs) return { message: text.slice(0, start).trimEnd(), pairs };
  }
  return { message: text.trimEnd(), pairs: [] };
}

/** Every pair from `start` to the end, or null when something else is in between. */
export function pairsToEnd(text: string, start: number): Pair[] | null {
  const pairs: Pair[] = [];
  let index = start;
  while (index < text.length) {
    const pair = pairAt(text, index);
    if (!pair) return null;
    pairs.push(pair);
    index = pair.end;
    while (index < text.length && (text[index] === ' ' || text[index] === '\t')) index++;
    if (index < text.length && index === pair.end) return null;
  }
  return pairs;
}
