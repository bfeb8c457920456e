import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sampleReport } from '@/lib/collector/testing/fake-node';
import { DEPTH_SCAN_FROM_BYTES, NativeAdapter, parseReportBody } from './adapter';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(jsonDepthExceeds(Buffer.from(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"${'['.repeat(500)}"}`))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"\\"${'{'.repeat(500)}"}`))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"a":{"b":[{"c":1}]}}`), 4)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"a":{"b":[{"c":1}]}}`), 3)).toBe(true);
  });
});

describe('native adapter and deeply nested answers', () => {
  it('a small answer nested deeper than the limit is parsed (cheap at that size) and fails the schema; a large one is never parsed', () => {
    const small = Buffer.from(`{"node":${nested(1000)}}`);
    expect(small.length).toBeLessThan(DEPTH_SCAN_FROM_BYTES);
    expect(parseReportBody(small, 'n1:1').reason).toMatchObject({ code: 'schema', path: 'node' });
    const large = Buffer.from(`{"node":${nested(DEPTH_SCAN_FROM_BYTES)}}`);
    expect(parseReportBody(large, 'n1:1').reason).toMatchObject({ code: 'too_deep' });
  });

  it('a valid report with 5.2 MB of nested arrays in an extra field is refused as too_deep before parsing', async () => {
    const depth = 2_600_000;
    const body = JSON.stringify(sampleReport('n1')).replace(/}$/, `,"extra":${nested(depth)}}`);
    expect(body.length).toBeGreaterThan(5_200_000);
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    // Port 0: the OS picks a free one.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const adapter = new NativeAdapter({ id: 'n1', kind: 'native', url: `http://127.0.0.1:${port}` });
    try {
      const parseSpy = { calls: 0 };
      const original = JSON.parse;
      JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
        if (text.length > 1_000_000) parseSpy.calls += 1;
        return original(text, reviver);
      }) as typeof JSON.parse;
      let report;
      try {
        report = await adapter.poll({ timeoutMs: 5000, maxResponseBytes: 8 * 1024 * 1024, logsAfter: null, logsLimit: 10, now: Date.now });
      } finally {
        JSON.parse = original;
      }
      expect(report.status).toBe('bad_response');
      expect(report.reason).toMatchObject({ code: 'too_deep' });
      expect(parseSpy.calls).toBe(0);
      // Never handed to JSON.parse (which took 1.6 s and 1.1 GB on it): the cost is one pass over the bytes.
    } finally {
      await adapter.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
