import 'server-only';
import type { AlertingNotifier } from '@/lib/alerting/notifier';
import type { Dashboard } from './dashboard';

/**
 * The one Dashboard of this process, kept on globalThis: Next bundles route
 * handlers and instrumentation separately, and dev reloads re-evaluate
 * modules, but there must only ever be one collector per cluster.
 */
type DashboardSlot = { dashboard: Dashboard | null; starting: Promise<Dashboard> | null; startError: string | null };

const globalSlot = globalThis as typeof globalThis & { __clusterscope?: DashboardSlot };

export function dashboardSlot(): DashboardSlot {
  globalSlot.__clusterscope ??= { dashboard: null, starting: null, startError: null };
  return globalSlot.__clusterscope;
}

/** The running dashboard, or null while it starts (routes answer 503 then). */
export function getDashboard(): Dashboard | null {
  return dashboardSlot().dashboard;
}

export type { Dashboard, RuntimeMode } from './dashboard';
export type { ClusterRuntime } from './runtime';

/** The process's alerting notifier (one for every cluster), for the status page. */
type AlertingSlot = { notifier: AlertingNotifier | null };
const alertingGlobal = globalThis as typeof globalThis & { __clusterscopeAlerting?: AlertingSlot };

export function alertingSlot(): AlertingSlot {
  alertingGlobal.__clusterscopeAlerting ??= { notifier: null };
  return alertingGlobal.__clusterscopeAlerting;
}
