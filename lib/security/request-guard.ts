import { isAllowedHost, type AllowedHosts } from './allowed-hosts';

export type Refusal = { status: number; code: string; message: string; headers?: Record<string, string> };

/** Methods the dashboard answers; every route is read-only. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * What the dashboard refuses before any route runs: a Host it does not answer
 * to, a method no route has (TRACE and friends), and a path that does not
 * decode (a stray "%ZZ"). Each is answered in the API's one error shape,
 * never with a stack trace. Null means the request may go on.
 */
export function refuseRequest(request: { method: string; host: string | null; pathname: string }, allowed: AllowedHosts): Refusal | null {
  if (!isAllowedHost(request.host, allowed)) {
    return {
      status: 421,
      code: 'misdirected',
      message: `this dashboard does not answer to the host "${request.host ?? ''}"; add it to CLUSTERSCOPE_ALLOWED_HOSTS if it is yours`,
    };
  }
  if (!READ_METHODS.has(request.method.toUpperCase())) {
    return { status: 405, code: 'method_not_allowed', message: `${request.method} is not allowed; every route answers GET`, headers: { allow: 'GET, HEAD' } };
  }
  try {
    decodeURIComponent(request.pathname);
  } catch {
    return { status: 400, code: 'bad_request', message: 'the path is not valid percent-encoding' };
  }
  return null;
}
