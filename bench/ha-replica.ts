/**
 * One dashboard replica for bench/ha.ts, without the web server: the same
 * start-up as the production process (lib/runtime/start.ts: config, history,
 * high availability, alerting), from CLUSTER_CONFIG and the env. Prints
 * `BENCH_REPLICA_READY` once started; SIGTERM stops it (bounded), SIGKILL is
 * what the takeover bench sends.
 */
import { startDashboard } from '../lib/runtime/start';

startDashboard().then(
  () => process.stdout.write('BENCH_REPLICA_READY\n'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
// start.ts stops the dashboard on SIGTERM; exit even if a socket lingers.
process.once('SIGTERM', () => setTimeout(() => process.exit(0), 3000).unref());
