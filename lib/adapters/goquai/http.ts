import { Client } from 'undici';
import type { PollReason, PollStatus } from '@/lib/contract/report';
import { classifyNetworkError } from '../errors';
import { OversizeError, readCapped } from '../capped-body';
import { NODE_CLIENT_OPTIONS } from '../node-connector';
import { processDescriptorBudget, type ConnectionSlot, type DescriptorBudget } from '../descriptor-budget';

/** What one HTTP exchange ended in: a body, or the poll outcome that explains why not. */
export type Fetched = { ok: true; body: Buffer } | { ok: false; status: Exclude<PollStatus, 'ok'>; reason: PollReason };


/**
 * One keep-alive connection to one origin (go-quai's RPC or metrics port),
 * kept for the life of the collector (or one per request when the process's
 * descriptor budget has no room for it); a request either completes within the
 * deadline and the size cap or says why it did not. Never throws.
 */
export class CappedHttp {
  private readonly client: Client;
  readonly address: string;
  private readonly connection: ConnectionSlot;

  constructor(origin: string, budget: DescriptorBudget = processDescriptorBudget()) {
    this.address = new URL(origin).host;
    this.client = new Client(new URL(origin).origin, NODE_CLIENT_OPTIONS);
    this.connection = budget.claim(1);
  }

  async request(
    path: string,
    init: { method: 'GET' | 'POST'; body?: string; headers: Record<string, string> },
    limits: { signal: AbortSignal; timeoutMs: number; maxBytes: number },
  ): Promise<Fetched> {
    try {
      const response = await this.client.request({ path, method: init.method, body: init.body, headers: init.headers, signal: limits.signal, reset: !this.connection.kept });
      if (response.statusCode < 200 || response.statusCode > 299) {
        response.body.resume();
        return this.bad('http_status', `HTTP ${response.statusCode} from ${this.address}${path}`);
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        response.body.destroy();
        return this.oversize(path, limits.maxBytes, `${declared} bytes`);
      }
      return { ok: true, body: await readCapped(response.body, limits.maxBytes) };
    } catch (error) {
      if (error instanceof OversizeError) return this.oversize(path, limits.maxBytes, 'more than that');
      if (limits.signal.aborted) {
        return { ok: false, status: 'timeout', reason: { code: 'timeout', message: `no complete answer from ${this.address}${path} within ${limits.timeoutMs} ms` } };
      }
      const { status, reason } = classifyNetworkError(error, this.address);
      return { ok: false, status, reason };
    }
  }

  async close(): Promise<void> {
    this.connection.release();
    await this.client.destroy().catch(() => undefined);
  }

  private bad(code: PollReason['code'], message: string): Fetched {
    return { ok: false, status: 'bad_response', reason: { code, message } };
  }

  private oversize(path: string, cap: number, size: string): Fetched {
    return this.bad('oversize', `answer from ${this.address}${path} is larger than maxResponseBytes (${cap} bytes): ${size}; stopped reading`);
  }
}

