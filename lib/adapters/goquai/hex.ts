/**
 * go-quai's JSON-RPC answers quantities as `hexutil.Uint` / `hexutil.Uint64`:
 * "0x" then lowercase hex digits without leading zeros ("0x0", "0x1f").
 * Anything else (a number, "0x", "0x01", "12", "0xzz") is not a count we trust.
 */
const QUANTITY = /^0x(?:0|[1-9a-f][0-9a-f]{0,12})$/;

export type HexResult = { ok: true; value: number } | { ok: false; message: string };

export function parseHexQuantity(value: unknown): HexResult {
  if (typeof value !== 'string') return { ok: false, message: `expected a hex string like "0x1f", got ${describe(value)}` };
  if (!QUANTITY.test(value)) return { ok: false, message: `expected a hex quantity like "0x1f", got ${JSON.stringify(value.slice(0, 40))}` };
  return { ok: true, value: Number.parseInt(value.slice(2), 16) };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}
