import net from 'node:net';
import { buildConnector, errors } from 'undici';

/** undici's default: a connection not made within 10 s fails as a connect timeout. */
const CONNECT_TIMEOUT_MS = 10_000;

/** TCP keep-alive probes after a minute idle, as undici's own connector sets them. */
const KEEP_ALIVE_INITIAL_DELAY_MS = 60_000;

/**
 * undici's connector for https: one for every client, so the TLS session cache
 * and its FinalizationRegistry exist once, not once a node (~0.5 KB each).
 */
const tlsConnector = buildConnector({ timeout: CONNECT_TIMEOUT_MS });

/**
 * Kept on every plain connection after it is made: an error emitted before
 * undici has put its own listener on the socket must not go unhandled. One
 * function for all sockets.
 */
function ignoreErrorBeforeClientListens(): void {}

/**
 * The connector every node's undici client uses. Plain http is connected here
 * instead of by undici's connector, which leaves on each socket, for the
 * socket's whole life, an error listener holding its connect-timeout closure,
 * timer and options (~0.6 KB a connection, 3 MB at 5,000 nodes); here every
 * listener and the timer are let go once the connection is made or failed.
 * Same socket options as undici's: no delay, keep-alive, 64 KB read buffer.
 * https goes through undici's connector (TLS, sessions).
 */
export function connectNode(options: buildConnector.Options, callback: buildConnector.Callback): void {
  if (options.protocol !== 'http:') {
    tlsConnector(options, callback);
    return;
  }
  const port = Number(options.port) || 80;
  // highWaterMark: a stream option net.Socket takes and its connect options' type leaves out.
  const connectOptions: net.TcpNetConnectOpts & { highWaterMark: number } = { host: options.hostname, port, localAddress: options.localAddress ?? undefined, highWaterMark: 64 * 1024 };
  const socket = net.connect(connectOptions);
  socket.setNoDelay(true).setKeepAlive(true, KEEP_ALIVE_INITIAL_DELAY_MS);
  socket.on('error', ignoreErrorBeforeClientListens);

  const settle = (error: Error | null) => {
    clearTimeout(timer);
    socket.off('connect', onConnect);
    socket.off('error', onError);
    if (error) {
      socket.destroy();
      callback(error, null);
    } else callback(null, socket);
  };
  const onConnect = () => settle(null);
  const onError = (error: Error) => settle(error);
  const timer = setTimeout(
    () => settle(new errors.ConnectTimeoutError(`Connect Timeout Error (attempted address: ${options.hostname}:${port}, timeout: ${CONNECT_TIMEOUT_MS}ms)`)),
    CONNECT_TIMEOUT_MS,
  );
  socket.once('connect', onConnect);
  socket.once('error', onError);
}

/**
 * What every node's undici client or pool is made with: one request at a time on a connection, an idle one kept
 * 30 s (longer than a poll interval, so polls reuse it), connected by connectNode.
 */
export const NODE_CLIENT_OPTIONS = { pipelining: 1, keepAliveTimeout: 30_000, connect: connectNode } as const;
