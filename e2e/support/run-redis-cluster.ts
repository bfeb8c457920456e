/**
 * Starts the 6-node loopback Redis cluster of ./redis-cluster.ts and keeps it
 * up until SIGINT/SIGTERM, then removes every process and directory.
 *   npx tsx e2e/support/run-redis-cluster.ts [basePort]    (default 23100)
 * Prints one line "ready <address> …" once every node is ok.
 */
import { startRedisCluster } from './redis-cluster';

async function main(): Promise<void> {
  const basePort = Number(process.argv[2] ?? process.env.REDIS_CLUSTER_TEST_PORT ?? 23100);
  const cluster = await startRedisCluster({ basePort });
  console.log(`ready ${cluster.addresses.join(' ')}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void cluster.teardown().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
