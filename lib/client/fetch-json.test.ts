import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from '@/lib/contract/zod';
import { ApiFetchError, fetchJson } from './fetch-json';
import { searchString } from './queries';

afterEach(() => {
  vi.unstubAllGlobals();
});

const answer = z.object({ cluster: z.string() });
const answerWithNodes = answer.extend({ nodes: z.array(z.object({ id: z.string() })) });

describe('fetchJson', () => {
  it('returns the JSON of a 2xx answer, parsed with its schema', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ cluster: 'demo' })));
    await expect(fetchJson('/api/cluster', answer)).resolves.toEqual({ cluster: 'demo' });
  });

  it('refuses a 2xx answer that does not match its schema, naming the path of the first issue', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ cluster: 'demo', nodes: [{ id: 'n1' }, { id: 2 }] })));
    const error = await fetchJson('/api/cluster', answerWithNodes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiFetchError);
    expect(error).toMatchObject({ status: 200, code: 'schema', isServerUnreachable: false });
    expect((error as Error).message).toContain('/api/cluster');
    expect((error as Error).message).toContain('nodes[1].id');
  });

  it('refuses an answer missing a field rather than showing it half-understood', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({})));
    const error = await fetchJson('/api/cluster', answer).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'schema' });
    expect((error as Error).message).toContain('cluster');
  });

  it('carries the API error code and message of a 4xx answer, and is not "server unreachable"', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ error: { code: 'not_found', message: 'no target "x"' } }, { status: 404 })));
    const error = await fetchJson('/api/nodes/x', answer).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiFetchError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'no target "x"', isServerUnreachable: false });
  });

  it('says the server is unreachable when the request never gets an answer', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await fetchJson('/api/cluster', answer).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: null, code: 'unreachable', isServerUnreachable: true });
  });

  it('treats a 5xx without JSON as the server failing', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    const error = await fetchJson('/api/cluster', answer).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: 'not_json', isServerUnreachable: true });
  });
});

describe('searchString', () => {
  it('leaves out unset and empty parameters', () => {
    expect(searchString({ status: 'active', kind: undefined, node: '' })).toBe('?status=active');
    expect(searchString({})).toBe('');
  });
});
