import 'server-only';
import http from 'node:http';
import { stampPeerAddress } from '@/lib/auth/peer-address';

/**
 * Methods no route answers that the Fetch API cannot even represent (TRACE,
 * TRACK, CONNECT): Next fails building a Request for them and answers 500 with
 * a stack trace in the log, on every such request, before proxy.ts runs.
 * They are answered here, at the HTTP server, in the API's error shape.
 */
const UNSUPPORTED = new Set(['TRACE', 'TRACK', 'CONNECT']);

/** Answers a request with an unsupported method (405) and says so; false leaves it to Next. */
export function answerUnsupportedMethod(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (!UNSUPPORTED.has((request.method ?? '').toUpperCase())) return false;
  const body = JSON.stringify({ error: { code: 'method_not_allowed', message: `${request.method} is not allowed; every route answers GET` } });
  response.writeHead(405, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), allow: 'GET, HEAD', 'cache-control': 'no-store' });
  response.end(body);
  return true;
}

const INSTALLED = Symbol.for('clusterscope.unsupportedMethodsGuard');

/**
 * Puts the answer in front of every HTTP server of this process (Next's own
 * included): requests reach servers as the 'request' event. Once per process.
 */
export function guardUnsupportedMethods(): void {
  const prototype = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (prototype[INSTALLED]) return;
  prototype[INSTALLED] = true;
  const emit = prototype.emit;
  prototype.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      if (answerUnsupportedMethod(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) return true;
      // Sign-in by proxy trusts identity headers only from configured peers; this is where the peer is known.
      stampPeerAddress(args[0] as http.IncomingMessage);
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof prototype.emit;
}
