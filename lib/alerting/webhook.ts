import type { Finding, Severity } from '@/lib/contract/findings';
import { findingPath } from './alerts';
import { describeError } from './alertmanager';
import { displayUrl } from './config';
import type { DashboardMetrics } from './metrics';
import type { ClusterSnapshot } from './snapshot';

export type FindingChange = 'raised' | 'resolved' | 'severity_changed';

/** The JSON body posted for one finding change. `version` changes only if the shape does. */
export type WebhookMessage = {
  version: 1;
  change: FindingChange;
  cluster: string;
  /** When the dashboard saw the change (ISO 8601). */
  at: string;
  previousSeverity?: Severity;
  finding: Finding;
  /** The finding on the dashboard, when an external URL is configured. */
  url?: string;
};

/** Compares a cluster's findings with the last snapshot: one message per raised, resolved or re-graded finding. */
export function findingChanges(
  previous: ReadonlyMap<string, Finding> | undefined,
  snapshot: ClusterSnapshot,
  externalUrl: string | null,
): WebhookMessage[] {
  const at = new Date(snapshot.at).toISOString();
  const message = (change: FindingChange, finding: Finding, extra: Partial<WebhookMessage> = {}): WebhookMessage => ({
    version: 1,
    change,
    cluster: snapshot.cluster,
    at,
    ...extra,
    finding,
    ...(externalUrl ? { url: `${externalUrl.replace(/\/+$/, '')}${findingPath(snapshot.cluster, finding)}` } : {}),
  });
  const messages: WebhookMessage[] = [];
  const active = new Set<string>();
  for (const finding of snapshot.active) {
    active.add(finding.id);
    const before = previous?.get(finding.id);
    if (!before) messages.push(message('raised', finding));
    else if (before.severity !== finding.severity) messages.push(message('severity_changed', finding, { previousSeverity: before.severity }));
  }
  if (previous) {
    const resolved = new Map(snapshot.resolved.map((finding) => [finding.id, finding]));
    for (const [id, before] of previous) {
      if (active.has(id)) continue;
      // A finding that left the tracker without a resolution is still reported as resolved, as of now.
      messages.push(message('resolved', resolved.get(id) ?? { ...before, status: 'resolved', resolvedAt: snapshot.at }));
    }
  }
  return messages;
}

export type WebhookStatus = {
  url: string;
  queued: number;
  delivered: number;
  failed: number;
  dropped: number;
  lastSuccessAt: number | null;
  lastError: { at: number; message: string } | null;
};

export type WebhookSenderOptions = {
  url: string;
  /** Extra headers (from the webhook's `headersEnv`); never logged or shown. */
  headers: Record<string, string>;
  timeoutMs: number;
  metrics: DashboardMetrics;
  /** Messages waiting at most (besides the one in delivery); when full the oldest is dropped (and counted). */
  maxQueue?: number;
  /** Attempts per message, the first included. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
};

/** Answers worth another try: the receiver may be back later. Other 4xx mean the message itself is refused. */
function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

class PermanentFailure extends Error {}

/**
 * Delivers webhook messages one at a time, in order, with retries and
 * exponential backoff. `enqueue` never waits; the queue is bounded and drops
 * its oldest message when full.
 */
export class WebhookSender {
  private readonly queue: { body: string }[] = [];
  private readonly label: string;
  private readonly maxQueue: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private running: Promise<void> | null = null;
  private stopped = false;
  private retryTimer: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  private controller: AbortController | null = null;
  private readonly counts = { delivered: 0, failed: 0, dropped: 0 };
  private lastSuccessAt: number | null = null;
  private lastError: { at: number; message: string } | null = null;

  constructor(private readonly options: WebhookSenderOptions) {
    this.label = displayUrl(options.url);
    this.maxQueue = options.maxQueue ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  enqueue(message: WebhookMessage): void {
    if (this.stopped) return;
    this.queue.push({ body: JSON.stringify(message) });
    while (this.queue.length > this.maxQueue) {
      this.queue.shift();
      this.counts.dropped += 1;
      this.options.metrics.webhookDeliveries.inc({ webhook: this.label, outcome: 'dropped' });
    }
    this.options.metrics.webhookQueue.set({ webhook: this.label }, this.queue.length);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once the queue is empty (or the sender stopped): for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.queue.length > 0) {
      // The message in delivery leaves the queue, so a full queue drops waiting messages only.
      const entry = this.queue.shift()!;
      this.options.metrics.webhookQueue.set({ webhook: this.label }, this.queue.length);
      const delivered = await this.deliver(entry.body);
      if (this.stopped) return;
      if (delivered) {
        this.counts.delivered += 1;
        this.lastSuccessAt = this.now();
        this.options.metrics.webhookDeliveries.inc({ webhook: this.label, outcome: 'delivered' });
      } else {
        this.counts.failed += 1;
        this.options.metrics.webhookDeliveries.inc({ webhook: this.label, outcome: 'failed' });
      }
    }
  }

  /** Tries one message up to maxAttempts times; false once it gives up. */
  private async deliver(body: string): Promise<boolean> {
    for (let attempt = 1; attempt <= this.maxAttempts && !this.stopped; attempt += 1) {
      try {
        await this.post(body);
        return true;
      } catch (error) {
        this.lastError = { at: this.now(), message: describeError(error) };
        if (error instanceof PermanentFailure || attempt === this.maxAttempts) return false;
        this.options.metrics.webhookDeliveries.inc({ webhook: this.label, outcome: 'retried' });
        await this.wait(Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1)));
      }
    }
    return false;
  }

  private async post(body: string): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    try {
      const response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: { ...this.options.headers, 'content-type': 'application/json' },
        body,
        signal: controller.signal,
        // Addresses come only from the config: a redirect is an error, not a new target.
        redirect: 'manual',
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return;
      const failure = `HTTP ${response.status}`;
      throw isRetryable(response.status) ? new Error(failure) : new PermanentFailure(failure);
    } catch (error) {
      throw controller.signal.aborted && !(error instanceof PermanentFailure) ? new Error(describeError(controller.signal.reason)) : error;
    } finally {
      clearTimeout(timer);
      this.controller = null;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.retryTimer = null;
        resolve();
      };
      this.retryTimer = { timer: setTimeout(wake, ms), wake };
    });
  }

  status(): WebhookStatus {
    return { url: this.label, queued: this.queue.length, ...this.counts, lastSuccessAt: this.lastSuccessAt, lastError: this.lastError ? { ...this.lastError } : null };
  }

  /** Stops delivering: clears the backoff timer, aborts the request in flight, drops what is queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer.timer);
      this.retryTimer.wake();
    }
    this.controller?.abort(new Error('stopped'));
    await this.running?.catch(() => undefined);
    this.queue.length = 0;
  }
}
