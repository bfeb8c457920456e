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
