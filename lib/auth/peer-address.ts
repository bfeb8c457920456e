import type { IncomingMessage } from 'node:http';

/**
 * The TCP peer of a request, as a header only the HTTP server writes: proxy.ts
 * cannot see the socket, and X-Forwarded-For is whatever the client says.
 * Any copy a client sends is overwritten before Next reads the request.
 */
export const PEER_HEADER = 'x-clusterscope-peer';

const STAMPING = Symbol.for('clusterscope.peerAddressStamping');
const flags = globalThis as typeof globalThis & { [STAMPING]?: boolean };

export function stampPeerAddress(request: IncomingMessage): void {
  flags[STAMPING] = true;
  const raw = request.rawHeaders;
  for (let index = raw.length - 2; index >= 0; index -= 2) {
    if (raw[index].toLowerCase() === PEER_HEADER) raw.splice(index, 2);
  }
  const address = request.socket?.remoteAddress ?? '';
  request.headers[PEER_HEADER] = address;
  raw.push(PEER_HEADER, address);
}

/** The peer address of a request whose headers passed stampPeerAddress; null when this process does not stamp. */
export function peerAddressOf(header: (name: string) => string | null): string | null {
  if (!flags[STAMPING]) return null;
  const address = header(PEER_HEADER);
  return address ? address : null;
}
