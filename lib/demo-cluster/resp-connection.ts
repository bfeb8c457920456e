import type net from 'node:net';
import { decode, encode, RespError, type RespReply, type RespValue } from './olric/resp';

/** A client sending more than this without a complete command is cut off. */
const MAX_REQUEST_BYTES = 64 * 1024;
/** Commands answered per chunk of input, at most (a bound on one 'data' event's work). */
const MAX_COMMANDS_PER_CHUNK = 1000;

export type RespHandler = {
  /** The reply to one command (its words), or null to send nothing (e.g. a hung node). */
  answer: (args: string[]) => RespReply | null;
  /** True while the simulated node ignores its input (frozen). */
  ignoring?: () => boolean;
  onClose?: () => void;
};

function requestArgs(value: RespValue): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;
}

/**
 * Reads RESP commands from one simulated node's connection and writes each
 * reply, as a real server does: pipelined commands in order, a protocol error
 * for anything that is not an array of strings, the socket dropped on garbage
 * or an oversized request.
 */
export function serveResp(socket: net.Socket, handler: RespHandler): void {
  let buffered = '';
  socket.on('data', (chunk) => {
    if (handler.ignoring?.()) return;
    buffered += chunk.toString('latin1');
    if (buffered.length > MAX_REQUEST_BYTES) return socket.destroy();
    for (let guard = 0; guard < MAX_COMMANDS_PER_CHUNK && buffered.length > 0; guard++) {
      let decoded: ReturnType<typeof decode>;
      try {
        decoded = decode(buffered);
      } catch {
        return socket.destroy();
      }
      if (decoded === null) return;
      buffered = buffered.slice(decoded.next);
      const args = decoded.value instanceof RespError ? null : requestArgs(decoded.value);
      const reply = args === null ? { error: 'ERR Protocol error' } : handler.answer(args);
      if (reply !== null) socket.write(encode(reply));
    }
  });
  socket.on('close', () => handler.onClose?.());
  socket.on('error', () => socket.destroy());
}
