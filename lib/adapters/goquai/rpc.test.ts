import { describe, expect, it } from 'vitest';
import { parseHexQuantity } from './hex';
import { parseNetBatch } from './rpc';

/** Batch replies shaped as go-quai's rpc server answers them (id echoed, result or error per call). */
function batch(results: Record<number, unknown>, errors: Record<number, unknown> = {}): string {
  return JSON.stringify(
    [1, 2, 3, 4].map((id) => (id in errors ? { jsonrpc: '2.0', id, error: errors[id] } : { jsonrpc: '2.0', id, result: results[id] })),
  );
}

describe('hex quantities (hexutil.Uint) are parsed strictly', () => {
  it.each([
    ['0x0', 0],
    ['0x1f', 31],
    ['0xabc', 2748],
  ])('%s → %d', (text, value) => expect(parseHexQuantity(text)).toEqual({ ok: true, value }));

  it.each([['0x'], ['0x01'], ['1f'], ['0X1F'], ['0x1F'], ['0xzz'], [' 0x1'], ['0x1 '], ['-0x1'], ['0x1fffffffffffffff']])('rejects %j', (text) => {
    expect(parseHexQuantity(text).ok).toBe(false);
  });

  it.each([[31], [null], [true], [{}], [['0x1']]])('rejects a non-string %j', (value) => {
    expect(parseHexQuantity(value)).toMatchObject({ ok: false, message: expect.stringContaining('expected a hex string') });
  });
});

describe('net_* batch answers', () => {
  it('reads listening, network, count and counts by direction', () => {
    const parsed = parseNetBatch(batch({ 1: true, 2: '9000', 3: '0xc', 4: { incoming: '0x5', outgoing: '0x7' } }));
    expect(parsed).toEqual({ ok: true, status: { listening: true, network: '9000', total: 12, incoming: 5, outgoing: 7, problems: [] } });
  });

  it('answers in any order are matched by id', () => {
    const body = JSON.stringify([
      { jsonrpc: '2.0', id: 3, result: '0x2' },
      { jsonrpc: '2.0', id: 1, result: false },
      { jsonrpc: '2.0', id: 4, result: { incoming: '0x1', outgoing: '0x1' } },
      { jsonrpc: '2.0', id: 2, result: '1' },
    ]);
    expect(parseNetBatch(body)).toMatchObject({ ok: true, status: { listening: false, total: 2, incoming: 1, outgoing: 1 } });
  });

  it('an RPC error or a wrong type makes that value unknown and says why; the rest is kept', () => {
    const parsed = parseNetBatch(
      batch({ 1: 'yes', 2: 9000, 3: 12, 4: { incoming: '0x5' } }, { 4: { code: -32601, message: 'the method net_peerCountByDirection does not exist/is not available' } }),
    );
    expect(parsed.ok && parsed.status).toEqual({
      listening: null,
      network: null,
      total: null,
      incoming: null,
      outgoing: null,
      problems: [
        'net_listening: expected true or false, got the text "yes"',
        'net_version: expected a decimal network id as text, got the number 9000',
        'net_peerCount: expected a hex string like "0x1f", got the number 12',
        'net_peerCountByDirection: RPC error -32601: the method net_peerCountByDirection does not exist/is not available',
      ],
    });
  });

  it('a missing direction is unknown, not zero', () => {
    const parsed = parseNetBatch(batch({ 1: true, 2: '1', 3: '0x3', 4: { incoming: '0x3' } }));
    expect(parsed).toMatchObject({ ok: true, status: { incoming: 3, outgoing: null, problems: ['net_peerCountByDirection.outgoing: expected a hex string like "0x1f", got null'] } });
  });

  it('a reply missing from the batch is unknown', () => {
    const body = JSON.stringify([{ jsonrpc: '2.0', id: 1, result: true }]);
    expect(parseNetBatch(body)).toMatchObject({ ok: true, status: { total: null, problems: expect.arrayContaining(['net_peerCount: no answer in the batch']) } });
  });

  it('garbage, a non-batch and a refused batch are errors, not zero peers', () => {
    expect(parseNetBatch('<html>nope</html>')).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
    expect(parseNetBatch('{"jsonrpc":"2.0","id":1,"result":"0x1"}')).toMatchObject({ ok: false, message: expect.stringContaining('expected a JSON-RPC batch answer') });
    expect(parseNetBatch('{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch too large"}}')).toEqual({
      ok: false,
      message: 'the node refused the batch: RPC error -32600: batch too large',
    });
    expect(parseNetBatch('[1, "x", null]')).toMatchObject({ ok: true, status: { listening: null, total: null } });
  });
});
