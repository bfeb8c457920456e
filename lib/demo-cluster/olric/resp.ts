/**
 * The bits of RESP2 an Olric member speaks: encode replies, decode one value.
 * Decoding mirrors ioredis with stringNumbers (integers as decimal text) so
 * captured replies read the same in tests as on a live connection.
 */
export type RespValue = string | number | null | RespError | RespValue[];

export class RespError {
  constructor(readonly message: string) {}
}

/** A bulk string, or an integer written as `:n` (Olric writes partition ids and birthdates that way). */
export type RespReply = { bulk: string } | { int: string | number } | { error: string } | { simple: string } | RespReply[];

export function encode(reply: RespReply): string {
  if (Array.isArray(reply)) return `*${reply.length}\r\n${reply.map(encode).join('')}`;
  if ('bulk' in reply) return `$${Buffer.byteLength(reply.bulk)}\r\n${reply.bulk}\r\n`;
  if ('int' in reply) return `:${reply.int}\r\n`;
  if ('error' in reply) return `-${reply.error}\r\n`;
  return `+${reply.simple}\r\n`;
}

/** Decodes one value from `text` at `offset`; null when the text ends before the value does. */
export function decode(text: string, offset = 0): { value: RespValue; next: number } | null {
  const end = text.indexOf('\r\n', offset);
  if (end < 0) return null;
  const type = text[offset];
  const line = text.slice(offset + 1, end);
  const after = end + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RespError(line), next: after };
    case ':':
      return { value: line, next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      // Byte lengths: fixtures are ASCII, so characters and bytes agree.
      if (text.length < after + length + 2) return null;
      return { value: text.slice(after, after + length), next: after + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = decode(text, next);
        if (item === null) return null;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`not RESP at offset ${offset}: ${JSON.stringify(text.slice(offset, offset + 20))}`);
  }
}

/** Every value in `text`, in order (a subscription capture holds many). */
export function decodeAll(text: string): RespValue[] {
  const values: RespValue[] = [];
  let offset = 0;
  while (offset < text.length) {
    const item = decode(text, offset);
    if (item === null) break;
    values.push(item.value);
    offset = item.next;
  }
  return values;
}
