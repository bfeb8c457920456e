import 'server-only';
import type { AlertingNotifier } from '@/lib/alerting/notifier';
import type { Runtime } from './runtime';

/**
 * The one Runtime of this process, kept on globalThis: Next bundles route
 * handlers and instrumentation separately, and dev reloads re-evaluate
 * modules, but there must only ever be one collector.
 */
type RuntimeSlot = { runtime: Runtime | null; starting: Promise<Runtime> | null; startError: string | null };

const globalSlot = globalThis as typeof globalThis & { __clusterscope?: RuntimeSlot };

export function runtimeSlot(): RuntimeSlot {
  globalSlot.__clusterscope ??= { runtime: null, starting: null, startError: null };
  return globalSlot.__clusterscope;
}

/** The running runtime, or null while it starts (routes answer 503 then). */
export function getRuntime(): Runtime | null {
  return runtimeSlot().runtime;
}

/** The process's alerting notifier (one for every cluster), for the status page. */
type AlertingSlot = { notifier: AlertingNotifier | null };
const alertingGlobal = globalThis as typeof globalThis & { __clusterscopeAlerting?: AlertingSlot };

export function alertingSlot(): AlertingSlot {
  alertingGlobal.__clusterscopeAlerting ??= { notifier: null };
  return alertingGlobal.__clusterscopeAlerting;
}

export type { Runtime } from './runtime';
