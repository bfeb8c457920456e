import { describe, parseHexQuantity } from './hex';

/**
 * go-quai's `net` namespace over HTTP JSON-RPC (internal/quaiapi/api.go,
 * PublicNetAPI): `net_listening` → bool, `net_version` → decimal text,
 * `net_peerCount` → hexutil.Uint, `net_peerCountByDirection` →
 * `{incoming, outgoing}` hexutil.Uint. Asked in one batch per poll.
 */

export const NET_METHODS = ['net_listening', 'net_version', 'net_peerCount', 'net_peerCountByDirection'] as const;

export function rpcBatchBody(): string {
  return JSON.stringify(NET_METHODS.map((method, index) => ({ jsonrpc: '2.0', id: index + 1, method, params: [] })));
}

export type NetStatus = {
  listening: boolean | null;
  network: string | null;
  total: number | null;
  incoming: number | null;
  outgoing: number | null;
  /** Per method: what was wrong with its answer (an RPC error, a wrong type). */
  problems: string[];
};

/** The whole batch answer could not be read: the node did not speak JSON-RPC. */
export type RpcBatchFailure = { ok: false; message: string };

type Reply = { result?: unknown; error?: unknown };

function errorText(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return `RPC error${typeof code === 'number' ? ` ${code}` : ''}: ${typeof message === 'string' ? message.slice(0, 200) : 'no message'}`;
  }
  return `RPC error: ${describe(error)}`;
}

/** Matches each reply to its method by id; a batch answered with one error object fails every method alike. */
function repliesByMethod(json: unknown): Map<string, Reply> | RpcBatchFailure {
  if (!Array.isArray(json)) {
    if (json && typeof json === 'object' && 'error' in json) return { ok: false, message: `the node refused the batch: ${errorText((json as Reply).error)}` };
    return { ok: false, message: `expected a JSON-RPC batch answer (an array), got ${describe(json)}` };
  }
  const replies = new Map<string, Reply>();
  for (const item of json) {
    if (!item || typeof item !== 'object') continue;
    const id = (item as { id?: unknown }).id;
    const method = typeof id === 'number' ? NET_METHODS[id - 1] : undefined;
    if (method && !replies.has(method)) replies.set(method, item as Reply);
  }
  return replies;
}

/** Reads a batch answer into what the node says of its network; never throws. */
export function parseNetBatch(body: string): { ok: true; status: NetStatus } | RpcBatchFailure {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, message: `not JSON (starts with ${JSON.stringify(body.slice(0, 40))})` };
  }
  const replies = repliesByMethod(json);
  if (!(replies instanceof Map)) return replies;
  const problems: string[] = [];
  const result = (method: (typeof NET_METHODS)[number]): unknown => {
    const reply = replies.get(method);
    if (!reply) {
      problems.push(`${method}: no answer in the batch`);
      return undefined;
    }
    if (reply.error !== undefined && reply.error !== null) {
      problems.push(`${method}: ${errorText(reply.error)}`);
      return undefined;
    }
    return reply.result;
  };
  const quantity = (method: string, value: unknown): number | null => {
    if (value === undefined) return null;
    const parsed = parseHexQuantity(value);
    if (parsed.ok) return parsed.value;
    problems.push(`${method}: ${parsed.message}`);
    return null;
  };

  const listeningValue = result('net_listening');
  let listening: boolean | null = null;
  if (typeof listeningValue === 'boolean') listening = listeningValue;
  else if (listeningValue !== undefined) problems.push(`net_listening: expected true or false, got ${describe(listeningValue)}`);

  const versionValue = result('net_version');
  let network: string | null = null;
  if (typeof versionValue === 'string' && /^\d{1,20}$/.test(versionValue)) network = versionValue;
  else if (versionValue !== undefined) problems.push(`net_version: expected a decimal network id as text, got ${describe(versionValue)}`);

  const total = quantity('net_peerCount', result('net_peerCount'));

  const byDirection = result('net_peerCountByDirection');
  let incoming: number | null = null;
  let outgoing: number | null = null;
  if (byDirection && typeof byDirection === 'object' && !Array.isArray(byDirection)) {
    const { incoming: inValue, outgoing: outValue } = byDirection as Record<string, unknown>;
    incoming = quantity('net_peerCountByDirection.incoming', inValue ?? null);
    outgoing = quantity('net_peerCountByDirection.outgoing', outValue ?? null);
  } else if (byDirection !== undefined) {
    problems.push(`net_peerCountByDirection: expected {incoming, outgoing}, got ${describe(byDirection)}`);
  }
  return { ok: true, status: { listening, network, total, incoming, outgoing, problems } };
}
