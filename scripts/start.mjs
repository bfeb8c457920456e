// `npm start`: build once if there is no production build yet, then serve it.
// No CLUSTER_CONFIG → the built-in demo cluster. CLUSTERSCOPE_HOST / PORT choose where to listen.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { NODE_FLAGS, SERVER_FILE, serverEnv } from './server-command.mjs';

if (!existsSync(SERVER_FILE) || process.env.CLUSTERSCOPE_REBUILD === '1') {
  console.log('No production build yet: running `npm run build` first (about a minute)…');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const host = process.env.CLUSTERSCOPE_HOST ?? '127.0.0.1';
console.log(`Clusterscope: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}  (${process.env.CLUSTER_CONFIG ? `config ${process.env.CLUSTER_CONFIG}` : 'built-in demo cluster'})`);
const child = spawn(process.execPath, [...NODE_FLAGS, SERVER_FILE], { stdio: 'inherit', env: serverEnv(process.env, { port, host }) });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
