/**
 * A dashboard process for the restart tests: the demo clusters with history
 * on, started exactly as the server starts them. Prints one JSON line when
 * running, then polls until it is killed.
 */
import { startDashboard } from '@/lib/runtime/start';

startDashboard().then(
  (dashboard) => {
    const clusters = dashboard.clusters.map((cluster) => ({ name: cluster.name, targets: cluster.targets.map((target) => target.id) }));
    console.log(JSON.stringify({ running: true, controlUrl: dashboard.demoControlUrl, clusters }));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
