import type { DemoClock } from './clock';
import { startControlServer } from './control-api';
import { DemoRuntime } from './runtime';

export type { DemoClock } from './clock';
export { ManualClock, realClock } from './clock';

export type DemoClusterOptions = {
  /** 0/undefined = ephemeral; always bound to 127.0.0.1. */
  controlPort?: number;
  /** Run the scenario schedule (default true); tests pass false. */
  autopilot?: boolean;
  /** Injectable controllable clock (default: real time). */
  clock?: DemoClock;
  /** Engine tick, default 250 ms. */
  tickMs?: number;
};

export type DemoCluster = {
  /** Six storage nodes and the client, in config order. */
  targets: { id: string; kind: 'native'; url: string }[];
  controlUrl: string;
  /** Closes every server, socket and timer. */
  close(): Promise<void>;
};

/**
 * Starts the built-in demo cluster: every node a real HTTP server on
 * 127.0.0.1 speaking admin API v1, plus the loopback control API.
 */
export async function startDemoCluster(options: DemoClusterOptions = {}): Promise<DemoCluster> {
  checkOptions(options);
  const runtime = new DemoRuntime({ clock: options.clock, tickMs: options.tickMs, autopilot: options.autopilot });
  try {
    await runtime.start();
    const control = await startControlServer(runtime, options.controlPort ?? 0);
    return {
      targets: runtime.nodeStates().map((node) => ({ id: node.id, kind: 'native' as const, url: node.url })),
      controlUrl: control.url,
      close: async () => {
        await control.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

function checkOptions(options: DemoClusterOptions): void {
  const { controlPort, tickMs } = options;
  if (controlPort !== undefined && (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65_535)) {
    throw new RangeError(`demo cluster: controlPort must be an integer from 0 to 65535, not ${controlPort}`);
  }
  // A zero or negative tick would spin the engine for ever.
  if (tickMs !== undefined && (!Number.isInteger(tickMs) || tickMs < 10 || tickMs > 60_000)) {
    throw new RangeError(`demo cluster: tickMs must be an integer from 10 to 60000, not ${tickMs}`);
  }
}
