import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from '@playwright/test';

export type SpawnedDashboard = {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * Starts a second production server (node .next/standalone/server.js) with its
 * own environment, for specs that need another config than the shared demo
 * dashboard. Output is captured for assertions; stop() is bounded.
 */
export function spawnDashboard(port: number, env: Record<string, string>): SpawnedDashboard {
  let output = '';
  const child = spawn(process.execPath, ['.next/standalone/server.js'], {
    env: { ...process.env, PORT: String(port), HOSTNAME: '127.0.0.1', CLUSTER_CONFIG: '', DEMO_AUTOPILOT: 'off', CLUSTERSCOPE_STORAGE: 'memory', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status ?? 0, { timeout: timeoutMs })
    .toBe(200);
}

/** Waits (bounded) for the process to exit and returns its exit code. */
export async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
