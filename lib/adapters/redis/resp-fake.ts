import net from 'node:net';

/**
 * A tiny RESP server for adapter tests: it parses each command the client sends
 * and answers with whatever `reply(command)` returns, already RESP-encoded.
 * Tests only; it listens on 127.0.0.1.
 */
export type FakeRespServer = {
  commands: string[][];
  close(): Promise<void>;
};

export const resp = {
  simple: (text: string) => `+${text}\r\n`,
  error: (text: string) => `-${text}\r\n`,
  bulk: (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`,
  array: (items: string[]) => `*${items.length}\r\n${items.join('')}`,
  integer: (value: number) => `:${value}\r\n`,
};

/** Parses as many complete RESP arrays of bulk strings as `buffer` holds; returns them and the rest. */
function parseCommands(buffer: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let offset = 0;
  for (;;) {
    const start = offset;
    const header = readLine(buffer, offset);
    if (header === null || !header.line.startsWith('*')) return { commands, rest: buffer.subarray(start) };
    offset = header.next;
    const args: string[] = [];
    let complete = true;
    for (let index = 0; index < Number(header.line.slice(1)); index += 1) {
      const length = readLine(buffer, offset);
      if (length === null) {
        complete = false;
        break;
      }
      const size = Number(length.line.slice(1));
      if (buffer.length < length.next + size + 2) {
        complete = false;
        break;
      }
      args.push(buffer.subarray(length.next, length.next + size).toString('utf8'));
      offset = length.next + size + 2;
    }
    if (!complete) return { commands, rest: buffer.subarray(start) };
    commands.push(args);
  }
}

function readLine(buffer: Buffer, offset: number): { line: string; next: number } | null {
  const end = buffer.indexOf('\r\n', offset);
  return end < 0 ? null : { line: buffer.subarray(offset, end).toString('utf8'), next: end + 2 };
}

/** `deliver` decides when an answer is written (at once unless it holds it). */
export async function startFakeRespServer(
  port: number,
  reply: (command: string[]) => string | null,
  deliver: (command: string[], write: () => void) => void = (_command, write) => write(),
): Promise<FakeRespServer> {
  const commands: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      const parsed = parseCommands(Buffer.concat([pending, chunk]));
      pending = parsed.rest;
      for (const command of parsed.commands) {
        commands.push(command);
        const answer = reply(command);
        if (answer !== null) deliver(command, () => socket.write(answer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    commands,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
