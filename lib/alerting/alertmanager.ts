import type { Finding } from '@/lib/contract/findings';
import { endedAlert, findingAlert, labelsKey, type PostableAlert } from './alerts';
import { displayUrl } from './config';
import type { DashboardMetrics } from './metrics';
import type { ClusterSnapshot } from './snapshot';

/** Resolved alerts are re-sent this long after they ended, as Prometheus does, so an Alertmanager that was away learns of it. */
const RESOLVED_RETENTION_MS = 15 * 60_000;
/** Most resolved alerts kept for re-sending per cluster; the oldest go first. */
const MAX_RESOLVED_PER_CLUSTER = 5000;
/** Error text kept for the status page. */
const MAX_ERROR_LENGTH = 300;

export type AlertmanagerStatus = {
  url: string;
  inFlight: boolean;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: { at: number; message: string } | null;
  consecutiveFailures: number;
  sent: number;
  failed: number;
};

export type AlertmanagerNotifierOptions = {
  alertmanagers: readonly string[];
  externalUrl: string | null;
  resendIntervalMs: number;
  timeoutMs: number;
  metrics: DashboardMetrics;
  now?: () => number;
  fetch?: typeof fetch;
};

type SentAlert = { key: string; alert: PostableAlert };
type ResolvedAlert = { alert: PostableAlert; endedAt: number };
type ClusterAlerts = { active: Map<string, SentAlert>; resolved: ResolvedAlert[] };

type Target = {
  url: string;
  endpoint: string;
  label: string;
  status: AlertmanagerStatus;
  /** Alert set version last delivered; a newer version is sent at once, an equal one every resend interval. */
  deliveredVersion: number;
};

/**
 * Pushes findings to Alertmanager's API v2 the way Prometheus does: every
 * active finding is an alert re-sent each resend interval with an `endsAt`
 * ahead of now; a finding that resolves is sent with `endsAt` set to when it
 * resolved. `update` only records state and starts requests: it never waits
 * for them, and each Alertmanager has at most one request in flight.
 */
export class AlertmanagerNotifier {
  private readonly clusters = new Map<string, ClusterAlerts>();
  private readonly targets: Target[];
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private version = 0;
  private stopped = false;
  private readonly controllers = new Set<AbortController>();

  constructor(private readonly options: AlertmanagerNotifierOptions) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.targets = options.alertmanagers.map((url) => {
      const label = displayUrl(url);
      return {
        url,
        endpoint: `${url.replace(/\/+$/, '')}/api/v2/alerts`,
        label,
        deliveredVersion: -1,
        status: { url: label, inFlight: false, lastAttemptAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, sent: 0, failed: 0 },
      };
    });
  }

  /** Takes a cluster's findings after a cycle, then sends to every Alertmanager that is due. */
  update(snapshot: ClusterSnapshot): void {
    if (this.stopped || this.targets.length === 0) return;
    if (this.record(snapshot)) this.version += 1;
    this.flush();
  }

  /** Updates the alert state of one cluster; true when the set of alerts changed. */
  private record(snapshot: ClusterSnapshot): boolean {
    const now = this.now();
    const timing = { now, validForMs: 4 * this.options.resendIntervalMs, externalUrl: this.options.externalUrl };
    const state = this.clusters.get(snapshot.cluster) ?? { active: new Map<string, SentAlert>(), resolved: [] };
    this.clusters.set(snapshot.cluster, state);
    let changed = false;
    const resolvedById = new Map<string, Finding>(snapshot.resolved.map((finding) => [finding.id, finding]));
    const stillActive = new Set<string>();
    for (const finding of snapshot.active) {
      stillActive.add(finding.id);
      const alert = findingAlert(snapshot.cluster, finding, timing);
      const key = labelsKey(alert.labels);
      const previous = state.active.get(finding.id);
      if (previous && previous.key !== key) state.resolved.push({ alert: endedAlert(previous.alert, now), endedAt: now });
      if (!previous || previous.key !== key) changed = true;
      state.active.set(finding.id, { key, alert });
    }
    for (const [id, previous] of state.active) {
      if (stillActive.has(id)) continue;
      state.active.delete(id);
      changed = true;
      const resolved = resolvedById.get(id);
      const alert = resolved ? { ...findingAlert(snapshot.cluster, resolved, timing), labels: previous.alert.labels } : endedAlert(previous.alert, now);
      state.resolved.push({ alert, endedAt: now });
    }
    state.resolved = state.resolved.filter((entry) => now - entry.endedAt < RESOLVED_RETENTION_MS).slice(-MAX_RESOLVED_PER_CLUSTER);
    return changed;
  }

  /** Every alert to send: firing ones and recently resolved ones, of all clusters. */
  alerts(): PostableAlert[] {
    const alerts: PostableAlert[] = [];
    for (const state of this.clusters.values()) {
      for (const sent of state.active.values()) alerts.push(sent.alert);
      for (const resolved of state.resolved) alerts.push(resolved.alert);
    }
    return alerts;
  }

  private flush(): void {
    const now = this.now();
    for (const target of this.targets) {
      if (target.status.inFlight) continue;
      const changed = target.deliveredVersion !== this.version;
      const due = target.status.lastSuccessAt === null || now - target.status.lastSuccessAt >= this.options.resendIntervalMs;
      // After a failure, retry on the next update: the collector's cycle paces the retries.
      if (changed || due || target.status.consecutiveFailures > 0) void this.send(target);
    }
  }

  private async send(target: Target): Promise<void> {
    const alerts = this.alerts();
    const version = this.version;
    const status = target.status;
    status.inFlight = true;
    status.lastAttemptAt = this.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    try {
      const response = await this.fetch(target.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
        signal: controller.signal,
        // Addresses come only from the config: a redirect is an error, not a new target.
        redirect: 'manual',
      });
      const text = await response.text().catch(() => '');
      if (!response.ok) throw new Error(`HTTP ${response.status}${text ? `: ${text.trim()}` : ''}`);
      status.lastSuccessAt = this.now();
      status.consecutiveFailures = 0;
      status.sent += 1;
      target.deliveredVersion = version;
      this.options.metrics.alertmanagerSends.inc({ alertmanager: target.label, outcome: 'success' });
      this.options.metrics.alertmanagerAlerts.set({ alertmanager: target.label }, alerts.length);
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      status.lastError = { at: this.now(), message: describeError(reason) };
      status.consecutiveFailures += 1;
      status.failed += 1;
      this.options.metrics.alertmanagerSends.inc({ alertmanager: target.label, outcome: 'failure' });
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
      status.inFlight = false;
    }
  }

  status(): AlertmanagerStatus[] {
    return this.targets.map((target) => ({ ...target.status, lastError: target.status.lastError ? { ...target.status.lastError } : null }));
  }

  /** Aborts requests in flight; later updates are ignored. */
  stop(): void {
    this.stopped = true;
    for (const controller of this.controllers) controller.abort(new Error('stopped'));
  }
}

export function describeError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? `${error.message}${cause}` : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}
