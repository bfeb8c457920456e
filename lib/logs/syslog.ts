import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { BlockList, createServer, isIP, type Server, type Socket } from 'node:net';
import { parseSyslogMessage, type SyslogMessage } from './syslog-message';

/**
 * A syslog receiver: RFC 5424 over TCP with octet-counting or newline framing
 * (RFC 6587, detected per frame, as rsyslog's imtcp does), and RFC 3164 or
 * RFC 5424 over UDP (one message per datagram). It binds only the configured
 * address and accepts only the configured senders: any other connection or
 * datagram is refused and counted. Memory is bounded per connection by the
 * line limit; a longer frame is cut and marked.
 */

export type ReceivedSyslog = SyslogMessage & { sender: string; truncated: boolean; bytes: number };

export type SyslogReceiverStatus = {
  state: 'starting' | 'ok' | 'error' | 'stopped';
  reason: string | null;
  /** The bound "host:port" (the real port when 0 was asked). */
  address: string | null;
  messages: number;
  bytes: number;
  /** Connections or datagrams from senders not in the allow list. */
  refused: number;
  /** The last few refused sender addresses, newest last. */
  refusedFrom: string[];
  /** TCP connections refused because `maxConnections` were open. */
  overCapacity: number;
  connections: number;
  /** Frames that broke the framing rules (a bad octet count): the connection is closed. */
  framingErrors: number;
};

export type SyslogReceiverOptions = {
  listen: string;
  protocol: 'tcp' | 'udp';
  allowFrom: readonly string[];
  maxLineBytes: number;
  maxConnections: number;
  onMessage: (message: ReceivedSyslog, receivedAt: number) => void;
  now?: () => number;
};

const MAX_REFUSED_REMEMBERED = 10;

/** "::ffff:10.0.0.1" → "10.0.0.1": IPv4 senders on a dual-stack socket. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

function isAllowed(list: BlockList, address: string): boolean {
  const plain = plainAddress(address);
  const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  return isIP(plain) !== 0 && list.check(plain, family);
}

function splitListen(listen: string): { host: string; port: number } {
  const index = listen.lastIndexOf(':');
  return { host: listen.slice(0, index).replace(/^\[|\]$/g, ''), port: Number(listen.slice(index + 1)) };
}

/**
 * RFC 6587 framing on one TCP stream: a frame that starts with digits and a
 * space is octet-counted, anything else ends at LF. Bounded: at most
 * `maxBytes` of a frame are held; the rest is skipped.
 */
export class SyslogFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Octet-counted frame being read: bytes still to come, and what we keep of it. */
  private counted: { remaining: number; kept: Buffer[]; keptBytes: number; total: number } | null = null;
  /** Newline frame longer than the limit: skipping to its LF. */
  private skipping: { kept: Buffer; total: number } | null = null;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): Array<{ text: string; truncated: boolean; bytes: number }> | { error: string } {
    const frames: Array<{ text: string; truncated: boolean; bytes: number }> = [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (let guard = 0; guard < 1_000_000 && this.buffer.length > 0; guard++) {
      if (this.counted) {
        const take = Math.min(this.counted.remaining, this.buffer.length);
        const room = this.maxBytes - this.counted.keptBytes;
        if (room > 0) {
          const kept = this.buffer.subarray(0, Math.min(take, room));
          this.counted.kept.push(Buffer.from(kept));
          this.counted.keptBytes += kept.length;
        }
        this.counted.remaining -= take;
        this.buffer = this.buffer.subarray(take);
        if (this.counted.remaining > 0) break;
        const { kept, keptBytes, total } = this.counted;
        this.counted = null;
        frames.push({ text: trimFrame(Buffer.concat(kept, keptBytes).toString('utf8')), truncated: keptBytes < total, bytes: total });
        continue;
      }
      if (this.skipping) {
        const newline = this.buffer.indexOf(0x0a);
        if (newline === -1) {
          this.skipping.total += this.buffer.length;
          this.buffer = Buffer.alloc(0);
          break;
        }
        this.skipping.total += newline + 1;
        frames.push({ text: this.skipping.kept.toString('utf8'), truncated: true, bytes: this.skipping.total });
        this.skipping = null;
        this.buffer = this.buffer.subarray(newline + 1);
        continue;
      }
      const first = this.buffer[0];
      if (first >= 0x30 && first <= 0x39) {
        const space = this.buffer.indexOf(0x20);
        if (space === -1) {
          if (this.buffer.length > 10) return { error: 'octet count longer than 10 digits' };
          break;
        }
        const count = this.buffer.subarray(0, space).toString('latin1');
        if (!/^[1-9]\d{0,9}$/.test(count)) return { error: `bad octet count "${count.slice(0, 12)}"` };
        this.counted = { remaining: Number(count), kept: [], keptBytes: 0, total: Number(count) };
        this.buffer = this.buffer.subarray(space + 1);
        continue;
      }
      const newline = this.buffer.indexOf(0x0a);
      if (newline === -1) {
        if (this.buffer.length > this.maxBytes) {
          this.skipping = { kept: Buffer.from(this.buffer.subarray(0, this.maxBytes)), total: this.buffer.length };
          this.buffer = Buffer.alloc(0);
        }
        break;
      }
      const frame = this.buffer.subarray(0, newline);
      const truncated = frame.length > this.maxBytes;
      // An empty frame (a sender that ends octet-counted frames with LF too) carries no message.
      if (frame.length === 0 || (frame.length === 1 && frame[0] === 0x0d)) {
        this.buffer = this.buffer.subarray(newline + 1);
        continue;
      }
      frames.push({ text: trimFrame(frame.subarray(0, this.maxBytes).toString('utf8')), truncated, bytes: newline + 1 });
      this.buffer = this.buffer.subarray(newline + 1);
    }
    // Keep a private copy of a short remainder, so the caller's chunk can be reused.
    if (this.buffer.length > 0 && this.buffer.buffer === chunk.buffer) this.buffer = Buffer.from(this.buffer);
    return frames;
  }
}

function trimFrame(text: string): string {
  // Some senders end counted frames with LF or CR LF as well; the frame itself does not include it.
  return text.replace(/\r?\n$/, '').replace(/\r$/, '');
}

export class SyslogReceiver {
  private server: Server | null = null;
  private udp: UdpSocket | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly allowed: BlockList;
  private readonly now: () => number;
  private readonly state: SyslogReceiverStatus = {
    state: 'stopped',
    reason: null,
    address: null,
    messages: 0,
    bytes: 0,
    refused: 0,
    refusedFrom: [],
    overCapacity: 0,
    connections: 0,
    framingErrors: 0,
  };

  constructor(private readonly options: SyslogReceiverOptions) {
    this.allowed = allowList(options.allowFrom);
    this.now = options.now ?? Date.now;
  }

  status(): SyslogReceiverStatus {
    return { ...this.state, refusedFrom: [...this.state.refusedFrom], connections: this.sockets.size };
  }

  /** Binds the configured address. A failure (address in use, not permitted) is the status, not a throw. */
  async start(): Promise<SyslogReceiverStatus> {
    const { host, port } = splitListen(this.options.listen);
    this.state.state = 'starting';
    try {
      if (this.options.protocol === 'tcp') await this.startTcp(host, port);
      else await this.startUdp(host, port);
      this.state.state = 'ok';
      this.state.reason = null;
    } catch (error) {
      this.state.state = 'error';
      this.state.reason = `cannot listen on ${this.options.listen}/${this.options.protocol}: ${(error as Error).message}`;
    }
    return this.status();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    const udp = this.udp;
    this.udp = null;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    this.state.state = 'stopped';
  }

  private refuse(address: string): void {
    this.state.refused++;
    this.state.refusedFrom.push(plainAddress(address));
    if (this.state.refusedFrom.length > MAX_REFUSED_REMEMBERED) this.state.refusedFrom.shift();
  }

  private deliver(text: string, truncated: boolean, bytes: number, sender: string): void {
    const receivedAt = this.now();
    this.state.messages++;
    this.state.bytes += bytes;
    const message = parseSyslogMessage(text, receivedAt);
    this.options.onMessage({ ...message, sender: plainAddress(sender), truncated, bytes }, receivedAt);
  }

  private startTcp(host: string, port: number): Promise<void> {
    const server = createServer({ pauseOnConnect: false }, (socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections + 1;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        server.on('error', (error) => {
          this.state.state = 'error';
          this.state.reason = error.message;
        });
        const bound = server.address();
        if (bound && typeof bound === 'object') this.state.address = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    const sender = socket.remoteAddress ?? '';
    if (!isAllowed(this.allowed, sender)) {
      this.refuse(sender);
      socket.destroy();
      return;
    }
    if (this.sockets.size >= this.options.maxConnections) {
      this.state.overCapacity++;
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    const framer = new SyslogFramer(this.options.maxLineBytes);
    socket.on('data', (chunk: Buffer) => {
      const frames = framer.push(chunk);
      if ('error' in frames) {
        this.state.framingErrors++;
        socket.destroy();
        return;
      }
      for (const frame of frames) this.deliver(frame.text, frame.truncated, frame.bytes, sender);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private startUdp(host: string, port: number): Promise<void> {
    const socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4' });
    this.udp = socket;
    socket.on('message', (datagram, remote) => {
      if (!isAllowed(this.allowed, remote.address)) {
        this.refuse(remote.address);
        return;
      }
      const truncated = datagram.length > this.options.maxLineBytes;
      const text = trimFrame(datagram.subarray(0, this.options.maxLineBytes).toString('utf8'));
      this.deliver(text, truncated, datagram.length, remote.address);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: host, port }, () => {
        socket.off('error', reject);
        socket.on('error', (error) => {
          this.state.state = 'error';
          this.state.reason = error.message;
        });
        const bound = socket.address();
        this.state.address = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
        resolve();
      });
    });
  }
}
