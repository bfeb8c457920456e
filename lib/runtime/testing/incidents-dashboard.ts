import { validateClusterConfig } from '@/lib/config/load';
import { startDemoClusters } from '@/lib/demo-cluster';
import { Dashboard } from '../dashboard';
import { ClusterRuntime } from '../runtime';

type Cleanup = () => Promise<void> | void;

/**
 * The demo's `incidents` nodes (autopilot off) watched by a one-cluster
 * dashboard polling every second; not started. Each part is stopped by `cleanups`.
 */
export async function incidentsDashboard(cleanups: Cleanup[]) {
  const demo = await startDemoClusters({ autopilot: false });
  cleanups.push(() => demo.close());
  const incidents = demo.clusters.find((cluster) => cluster.name === 'incidents')!;
  const validated = validateClusterConfig({ clusters: [{ name: 'incidents', pollInterval: 1000, requestTimeout: 500, targets: incidents.targets }] }, 'test');
  if (!validated.ok) throw new Error(validated.message);
  const runtime = new ClusterRuntime(validated.config.clusters[0]);
  cleanups.push(() => runtime.stop());
  const dashboard = new Dashboard('demo', [runtime], demo.controlUrl);
  return { demo, runtime, dashboard };
}
