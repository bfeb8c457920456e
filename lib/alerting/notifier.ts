import type { Finding } from '@/lib/contract/findings';
import { AlertmanagerNotifier, type AlertmanagerStatus } from './alertmanager';
import { parseHeadersEnv, type AlertingConfig } from './config';
import type { DashboardMetrics } from './metrics';
import type { ClusterSnapshot } from './snapshot';
import { findingChanges, WebhookSender, type WebhookStatus } from './webhook';

export type AlertingStatus = {
  alertmanagers: AlertmanagerStatus[];
  webhooks: WebhookStatus[];
  /** Configuration problems found at start (e.g. a headersEnv that is not set); those webhooks are not used. */
  problems: string[];
};

export type NotifierOptions = {
  config: AlertingConfig;
  metrics: DashboardMetrics;
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => number;
  fetch?: typeof fetch;
  /** Webhook retry pacing (tests shorten it). */
  webhookBackoffMs?: number;
  webhookMaxQueue?: number;
};

/**
 * One notifier for every cluster: fed one cluster snapshot after each of its
 * collector cycles, it updates /metrics and hands findings to the
 * Alertmanagers and webhooks. Nothing here waits on the network.
 */
export class AlertingNotifier {
  private readonly alertmanager: AlertmanagerNotifier;
  private readonly webhooks: WebhookSender[] = [];
  private readonly problems: string[] = [];
  private readonly lastActive = new Map<string, Map<string, Finding>>();

  constructor(private readonly options: NotifierOptions) {
    const { config, metrics } = options;
    const externalUrl = config.externalUrl ?? null;
    this.alertmanager = new AlertmanagerNotifier({
      alertmanagers: config.alertmanagers,
      externalUrl,
      resendIntervalMs: config.resendInterval,
      timeoutMs: config.timeout,
      metrics,
      now: options.now,
      fetch: options.fetch,
    });
    for (const [index, webhook] of config.webhooks.entries()) {
      let headers: Record<string, string> = {};
      if (webhook.headersEnv) {
        const parsed = parseHeadersEnv(webhook.headersEnv, options.env);
        if (!parsed.ok) {
          this.problems.push(`alerting.webhooks[${index}]: ${parsed.message}`);
          continue;
        }
        headers = parsed.headers;
      }
      this.webhooks.push(
        new WebhookSender({
          url: webhook.url,
          headers,
          timeoutMs: config.timeout,
          metrics,
          now: options.now,
          fetch: options.fetch,
          backoffMs: options.webhookBackoffMs,
          maxQueue: options.webhookMaxQueue,
        }),
      );
    }
  }

  /** Called after each collector cycle of a cluster; returns at once. */
  update(snapshot: ClusterSnapshot): void {
    this.options.metrics.observeCluster(snapshot);
    this.alertmanager.update(snapshot);
    // Webhooks do not deduplicate: only the replica collecting the cluster sends them.
    if (this.webhooks.length > 0 && snapshot.collecting !== false) {
      const messages = findingChanges(this.lastActive.get(snapshot.cluster), snapshot, this.options.config.externalUrl ?? null);
      for (const message of messages) for (const webhook of this.webhooks) webhook.enqueue(message);
    }
    this.lastActive.set(snapshot.cluster, new Map(snapshot.active.map((finding) => [finding.id, finding])));
  }

  status(): AlertingStatus {
    return { alertmanagers: this.alertmanager.status(), webhooks: this.webhooks.map((webhook) => webhook.status()), problems: [...this.problems] };
  }

  async stop(): Promise<void> {
    this.alertmanager.stop();
    await Promise.all(this.webhooks.map((webhook) => webhook.stop()));
  }
}
