import { describe, expect, it } from 'vitest';
import { GET as contract } from '../contract/route';
import { GET as ready } from '../ready/route';
import { GET as health } from './route';

/** docs/api.md: every route refuses parameters it does not know, these three included. */
describe('routes without parameters', () => {
  it.each([
    ['/api/health', health],
    ['/api/ready', ready],
    ['/api/contract', contract],
  ])('%s answers 400 naming an unknown parameter', async (path, handler) => {
    const response = handler(new Request(`http://127.0.0.1${path}?verbose=1`));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'unknown query parameter "verbose"' } });
  });

  it('without parameters they answer as before', async () => {
    expect(health(new Request('http://127.0.0.1/api/health')).status).toBe(200);
    expect(contract(new Request('http://127.0.0.1/api/contract')).status).toBe(200);
  });
});
