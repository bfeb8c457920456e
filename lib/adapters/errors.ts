import type { PollReason } from '@/lib/contract/report';

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/;

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** Turns a socket/HTTP client error into the reason an operator reads. */
export function classifyNetworkError(error: unknown, address: string): { status: 'unreachable' | 'timeout'; reason: PollReason } {
  const codes = errorCodes(error);
  const message = error instanceof Error ? error.message : String(error);
  const has = (code: string) => codes.includes(code);
  // Our own process (EMFILE) or host (ENFILE) is out of descriptors: the socket was never opened, the node never asked.
  const exhausted = codes.find((code) => code === 'EMFILE' || code === 'ENFILE');
  if (exhausted) return { status: 'unreachable', reason: dashboardOutOfDescriptors(address, exhausted) };
  if (has('ECONNREFUSED')) {
    return { status: 'unreachable', reason: { code: 'refused', message: `connection refused by ${address}` } };
  }
  if (has('ENOTFOUND') || has('EAI_AGAIN') || has('EAI_NONAME')) {
    return { status: 'unreachable', reason: { code: 'dns', message: `cannot resolve the host of ${address}` } };
  }
  const tls = codes.find((code) => TLS_CODES.test(code));
  if (tls) return { status: 'unreachable', reason: { code: 'tls', message: `TLS failure talking to ${address}: ${tls}` } };
  if (has('UND_ERR_CONNECT_TIMEOUT') || has('ETIMEDOUT')) {
    return { status: 'timeout', reason: { code: 'timeout', message: `connecting to ${address} timed out` } };
  }
  if (has('ECONNRESET') || has('EPIPE') || has('UND_ERR_SOCKET')) {
    return { status: 'unreachable', reason: { code: 'network', message: `connection to ${address} was reset (${codes[0]})` } };
  }
  if (has('EHOSTUNREACH') || has('ENETUNREACH')) {
    return { status: 'unreachable', reason: { code: 'network', message: `no route to ${address}` } };
  }
  return { status: 'unreachable', reason: { code: 'network', message: `cannot reach ${address}: ${codes[0] ?? message}` } };
}

/**
 * The dashboard's own trouble, not the node's: said as such, so neither the
 * node page nor the findings blame the node (see nodeStatus and finding-groups).
 */
export function dashboardOutOfDescriptors(address: string, code: string): PollReason {
  const which = code === 'ENFILE' ? "the host's" : 'its';
  return {
    code: 'dashboard_fd_limit',
    message:
      `${address} not polled: the dashboard ran out of file descriptors (${code}, ${which} open-file limit) before connecting; ` +
      'the node was not asked. Raise the open-file limit (docker run --ulimit nofile=65536) or watch fewer targets per process.',
  };
}
