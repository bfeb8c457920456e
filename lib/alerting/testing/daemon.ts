import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs a real server binary (Alertmanager, Prometheus) for a test: in its own
 * temporary directory, on a loopback address, waited for by its readiness
 * URL, and killed (with its directory removed) by `stop`, or when the test
 * process exits.
 */

export type Daemon = {
  dir: string;
  url: string;
  process: ChildProcess;
  /** The last lines of its log, for failure messages. */
  logTail(): string;
  stop(): Promise<void>;
};

/** Fails with the Debian package to install when a binary is missing (never skips). */
export function requireBinary(binary: string, debianPackage: string): void {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${binary} not found: install Debian's ${debianPackage} (apt-get install -y ${debianPackage}, or run scripts/ensure-system-deps.sh as root)`);
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `clusterscope-${prefix}-`));
}

export async function startDaemon(options: {
  binary: string;
  args: (dir: string) => string[];
  dir: string;
  /** Base URL; `${url}/-/ready` answers 200 once it serves. */
  url: string;
  readyTimeoutMs: number;
}): Promise<Daemon> {
  const logFile = path.join(options.dir, 'daemon.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(options.binary, options.args(options.dir), { cwd: options.dir, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const killNow = () => child.kill('SIGKILL');
  process.once('exit', killNow);
  const logTail = () => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  };
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    process.removeListener('exit', killNow);
    if (!exited) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(forced);
    }
    fs.rmSync(options.dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + options.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const response = await fetch(`${options.url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { dir: options.dir, url: options.url, process: child, logTail, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tail = logTail();
  await stop();
  throw new Error(`${options.binary} did not become ready at ${options.url} within ${options.readyTimeoutMs} ms:\n${tail}`);
}
