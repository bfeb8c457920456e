// `npm start`: build once if there is no production build yet, then serve it.
// No CLUSTER_CONFIG → the built-in demo cluster. CLUSTERSCOPE_HOST / PORT choose where to listen.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const server = '.next/standalone/server.js';
if (!existsSync(server) || process.env.CLUSTERSCOPE_REBUILD === '1') {
  console.log('No production build yet: running `npm run build` first (about a minute)…');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const host = process.env.CLUSTERSCOPE_HOST ?? '127.0.0.1';
console.log(`Clusterscope: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}  (${process.env.CLUSTER_CONFIG ? `config ${process.env.CLUSTER_CONFIG}` : 'built-in demo cluster'})`);
// Heap flags (docs/performance.md, "Steady state"; the same in the Dockerfile and the bench script): a young generation
// of 8 MB semi-spaces (16 MB cost 17 MB more RSS at 5,000 nodes for 0.004 ms less CPU per poll); no pretenuring, so
// what a cycle keeps only until the next dies young; an old generation that grows by 35 % of its live size before it
// is collected; and two malloc arenas (glibc makes up to 8 a core, each holding freed memory of its own: −14 MB).
// Idle connections are kept longer than load balancers' and HTTP clients' usual 60 s, so a client
// never sends on a kept-alive socket the server is just closing (Node closes after 5 s by default).
const keepAlive = process.env.KEEP_ALIVE_TIMEOUT ?? '65000';
const env = { MALLOC_ARENA_MAX: '2', ...process.env, PORT: port, HOSTNAME: host, KEEP_ALIVE_TIMEOUT: keepAlive };
const child = spawn(process.execPath, ['--max-semi-space-size=8', '--no-allocation-site-pretenuring', '--heap-growing-percent=35', server], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
