import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode, decodeAll, RespError } from '@/lib/demo-cluster/olric/resp';
import type { CommandReply } from './build-report';

/** Captured replies under lib/adapters/olric/fixtures, read as a poll would have received them (tests only). */
export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixtureReply(file: string): CommandReply {
  const decoded = decode(readFileSync(path.join(FIXTURES, file), 'latin1'));
  if (decoded === null) throw new Error(`${file} holds no complete RESP value`);
  return decoded.value instanceof RespError ? { ok: false, message: decoded.value.message } : { ok: true, value: decoded.value };
}

/** The JSON payloads of the `message` frames in a captured cluster.events subscription. */
export function fixtureEvents(file: string): string[] {
  return decodeAll(readFileSync(path.join(FIXTURES, file), 'latin1')).flatMap((frame) =>
    Array.isArray(frame) && frame[0] === 'message' && typeof frame[2] === 'string' ? [frame[2]] : [],
  );
}
