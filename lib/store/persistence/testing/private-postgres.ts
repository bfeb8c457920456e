import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A private PostgreSQL server for one test file: `initdb` + `pg_ctl` in a
 * temporary directory, listening on 127.0.0.1 only. As root (CI containers)
 * it runs as the `postgres` user, because PostgreSQL refuses to run as root.
 * Each test then makes its own database and drops it.
 */

/** Ports 15432–15931: below the ephemeral range and away from the other tests' fixed ports. */
const PORT_BASE = 15_432;
const PORT_SPAN = 500;
const START_TIMEOUT_MS = 30_000;

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian\'s "postgresql" package (scripts/ensure-system-deps.sh does it as root)');
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0], 'bin');
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const start = Math.floor(Math.random() * PORT_SPAN);
  for (let offset = 0; offset < PORT_SPAN; offset++) {
    const port = PORT_BASE + ((start + offset) % PORT_SPAN);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${PORT_BASE}–${PORT_BASE + PORT_SPAN - 1} for a test PostgreSQL`);
}

const asRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
function runTool(bin: string, args: string[]): void {
  const [command, fullArgs] = asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(command, fullArgs, { encoding: 'utf8', timeout: START_TIMEOUT_MS });
  if (result.status !== 0) {
    throw new Error(`${path.basename(bin)} failed (${result.status}): ${result.stderr || result.stdout || result.error?.message}`);
  }
}

export type PrivatePostgres = {
  /** A URL for the maintenance database (to create and drop test databases). */
  adminUrl: string;
  urlFor(database: string): string;
  /** Creates a fresh database (in `tablespace` when given) and returns its URL and a function that drops it. */
  createDatabase(options?: { tablespace?: string }): Promise<{ url: string; drop: () => Promise<void> }>;
  /** Runs one statement on the maintenance database (CREATE / DROP TABLESPACE and the like). */
  admin(sql: string): Promise<void>;
  stop(): Promise<void>;
};

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-pg-'));
  const dataDir = path.join(dir, 'data');
  if (asRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  runTool(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'clusterscope', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=50`;
  runTool(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  const urlFor = (database: string) => `postgres://clusterscope@127.0.0.1:${port}/${database}`;
  const adminUrl = urlFor('postgres');
  let counter = 0;
  return {
    adminUrl,
    urlFor,
    async admin(sql: string) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    async createDatabase(options = {}) {
      const name = `test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}${options.tablespace ? ` TABLESPACE ${options.tablespace}` : ''}`);
      } finally {
        await admin.end();
      }
      return {
        url: urlFor(name),
        async drop() {
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await client.end();
          }
        },
      };
    },
    async stop() {
      try {
        runTool(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
