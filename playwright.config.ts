import { defineConfig } from '@playwright/test';

/**
 * E2E runs against the production build (node .next/standalone/server.js)
 * with the built-in demo cluster, its autopilot off so specs drive scenarios
 * themselves through the demo control API, and a 2 s poll interval. Specs
 * drive the `incidents` demo cluster; `steady` runs beside it.
 */
const port = Number(process.env.PORT_E2E ?? 3100);
const controlPort = Number(process.env.CONTROL_PORT_E2E ?? port + 1);
export const POLL_INTERVAL_MS = 2000;

/** The demo cluster the specs drive; the other demo cluster stays untouched beside it. */
export const DEMO_CLUSTER = 'incidents';
process.env.DEMO_CONTROL_ROOT = `http://127.0.0.1:${controlPort}`;
process.env.DEMO_CONTROL_URL = `http://127.0.0.1:${controlPort}/clusters/${DEMO_CLUSTER}`;
process.env.DASHBOARD_URL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One dashboard and one demo cluster are shared: specs run one at a time.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The browser's zone differs from the server's on purpose: a wall-clock time rendered on the server must not mismatch the browser's.
    timezoneId: 'Pacific/Chatham',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: 'node .next/standalone/server.js',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      // As scripts/start.mjs and the container run it: kept-alive sockets outlive clients' idle pools.
      KEEP_ALIVE_TIMEOUT: '65000',
      DEMO_AUTOPILOT: 'off',
      DEMO_POLL_INTERVAL: String(POLL_INTERVAL_MS),
      DEMO_CONTROL_PORT: String(controlPort),
      CLUSTER_CONFIG: '',
      // Each run starts from nothing; history across restarts is tested with its own data directory.
      CLUSTERSCOPE_STORAGE: 'memory',
    },
  },
});
