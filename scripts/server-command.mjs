// How the built server is started, by `npm start` (scripts/start.mjs) and by `npm run bench -- server`, so the bench
// measures what ships. The Dockerfile's CMD and `npm run bench` repeat the heap flags (neither can import them): keep
// them equal.

export const SERVER_FILE = '.next/standalone/server.js';

/**
 * Heap flags (docs/performance.md, "Steady state" and "ninth round"): a young generation of 8 MB semi-spaces (16 MB
 * cost 17 MB more RSS at 5,000 nodes for 0.004 ms less CPU per poll); no pretenuring, so what a cycle keeps only
 * until the next dies young; survivors of a scavenge copied into the old generation one by one instead of moving
 * whole young pages there (page promotion): a moved page keeps the cycle's short-lived answers beside long-lived
 * state, and the old generation stayed ~50 MB larger than what lived in it (−8 to −15 MB RSS, the same CPU in runs side by side); an old
 * generation that grows by 35 % of its live size before it is collected.
 */
export const NODE_FLAGS = ['--max-semi-space-size=8', '--no-allocation-site-pretenuring', '--no-page-promotion', '--heap-growing-percent=35'];

/**
 * The server's environment: two malloc arenas (glibc makes up to 8 a core, each holding freed memory of its own:
 * −14 MB), and idle connections kept longer than load balancers' and HTTP clients' usual 60 s, so a client never
 * sends on a kept-alive socket the server is just closing (Node closes after 5 s by default).
 */
export function serverEnv(env, { port, host }) {
  return { MALLOC_ARENA_MAX: '2', ...env, PORT: port, HOSTNAME: host, KEEP_ALIVE_TIMEOUT: env.KEEP_ALIVE_TIMEOUT ?? '65000' };
}
