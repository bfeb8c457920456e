import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from './errors';

/** Errors as Node's net module raises them (code on the error; undici wraps them in `cause`). */
function socketError(code: string, message = `connect ${code} 127.0.0.1:22000`): Error {
  return Object.assign(new Error(message), { code, syscall: 'connect' });
}

describe('classifyNetworkError', () => {
  it("says the dashboard ran out of file descriptors (EMFILE), not that the node is unreachable", () => {
    const { reason } = classifyNetworkError(socketError('EMFILE'), '127.0.0.1:22000');
    expect(reason.code).toBe('dashboard_fd_limit');
    expect(reason.message).toContain('127.0.0.1:22000 not polled: the dashboard ran out of file descriptors (EMFILE');
    expect(reason.message).toContain('the node was not asked');
    expect(reason.message).toContain('--ulimit nofile=65536');
    expect(reason.message).not.toMatch(/unreachable|refused/);
  });

  it("names the host's file table for ENFILE, also inside undici's wrapped cause", () => {
    const wrapped = Object.assign(new Error('fetch failed'), { code: 'UND_ERR_SOCKET', cause: socketError('ENFILE') });
    const { reason } = classifyNetworkError(wrapped, '10.0.0.5:9001');
    expect(reason.code).toBe('dashboard_fd_limit');
    expect(reason.message).toContain("ENFILE, the host's open-file limit");
  });

  it('still calls a refused connection refused', () => {
    expect(classifyNetworkError(socketError('ECONNREFUSED'), '127.0.0.1:22000')).toEqual({
      status: 'unreachable',
      reason: { code: 'refused', message: 'connection refused by 127.0.0.1:22000' },
    });
  });
});
