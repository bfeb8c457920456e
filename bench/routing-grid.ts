/**
 * Render time of the routing page's partition grid in Chromium: decode the
 * run-length owners, lay out, and paint the <canvas> exactly as the page does
 * (components/routing/draw-grid.ts), for 271 partitions (Olric) and 16,384
 * slots (Redis), with owners in ranges and, worst case, owners alternating on
 * every partition. Prints first / median / p95 per case.
 *
 * Run alone: npx tsx bench/routing-grid.ts   (or via npm run bench)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';

const REPEATS = 30;
const WIDTH = 1348;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Case = { name: string; partitions: number; owners: number; layout: 'ranges' | 'alternating'; differing: number };

const CASES: Case[] = [
  { name: '271 partitions, 6 owners alternating', partitions: 271, owners: 6, layout: 'alternating', differing: 2 },
  { name: '16,384 slots, 3 owners in ranges', partitions: 16_384, owners: 3, layout: 'ranges', differing: 0 },
  { name: '16,384 slots, 3 owners in ranges, 5,461 differing', partitions: 16_384, owners: 3, layout: 'ranges', differing: 5461 },
  { name: '16,384 slots, 12 owners alternating, 500 differing', partitions: 16_384, owners: 12, layout: 'alternating', differing: 500 },
];

async function bundleGridCode(): Promise<string> {
  // esbuild bundles the page's own drawing modules for the browser.
  const { build } = await import('esbuild');
  const root = path.resolve(__dirname, '..');
  const result = await build({
    stdin: {
      contents: [
        "export { drawGrid } from './components/routing/draw-grid';",
        "export { gridColors } from './components/routing/owner-colors';",
        "export { gridLayout } from './components/routing/grid-layout';",
        "export { decodeRuns, encodeRuns } from './lib/diagnostics/routing-view';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'RoutingGrid',
    write: false,
    alias: { '@': root },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

type Timing = { first: number; median: number; p95: number; runs: number };

export async function main(): Promise<void> {
  const code = await bundleGridCode();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    // The page's own stylesheet: the grid paints with its colour tokens.
    const css = readFileSync(path.resolve(__dirname, '..', 'app', 'globals.css'), 'utf8');
    await page.setContent(`<!doctype html><html><head><style>${css}</style></head><body style="margin:0"><canvas id="grid"></canvas></body></html>`);
    await page.addScriptTag({ content: code });
    console.log(`partition grid render (decode + layout + paint, ${REPEATS} repeats, ${WIDTH} px wide, Chromium ${browser.version()})`);
    for (const testCase of CASES) {
      const timing = await page.evaluate(
        ({ testCase, repeats, width }): Timing => {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bundle's global, typed by hand
          const grid = (window as any).RoutingGrid;
          const owners = new Int32Array(testCase.partitions);
          for (let p = 0; p < testCase.partitions; p++) {
            owners[p] =
              testCase.layout === 'ranges'
                ? Math.min(testCase.owners - 1, Math.floor((p * testCase.owners) / testCase.partitions))
                : p % testCase.owners;
          }
          const runs: number[] = grid.encodeRuns(owners);
          const differing = new Set<number>();
          for (let i = 0; i < testCase.differing; i++) differing.add((i * 7919) % testCase.partitions);
          const canvas = document.getElementById('grid') as HTMLCanvasElement;
          const times: number[] = [];
          for (let r = 0; r < repeats; r++) {
            const started = performance.now();
            const decoded = grid.decodeRuns(runs, testCase.partitions);
            const layout = grid.gridLayout(testCase.partitions, width);
            canvas.width = layout.width;
            canvas.height = layout.height;
            const context = canvas.getContext('2d') as CanvasRenderingContext2D;
            grid.drawGrid(context, layout, decoded, differing, r % 2 === 0 ? null : 5, grid.gridColors(getComputedStyle(canvas)));
            // Reading a pixel waits for the paint to finish, so the time includes rasterising.
            context.getImageData(0, 0, 1, 1);
            times.push(performance.now() - started);
          }
          const first = times[0];
          const sorted = [...times].sort((a, b) => a - b);
          return {
            first,
            median: sorted[Math.floor(sorted.length / 2)],
            p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)],
            runs: runs.length / 2,
          };
        },
        { testCase, repeats: REPEATS, width: WIDTH },
      );
      // ROUTING_GRID_SCREENSHOT=dir keeps a picture of each case's last paint, to look at.
      const shots = process.env.ROUTING_GRID_SCREENSHOT;
      if (shots) await page.locator('#grid').screenshot({ path: path.join(shots, `routing-grid-${testCase.partitions}-${testCase.layout}-${testCase.differing}.png`) });
      console.log(
        `  ${testCase.name.padEnd(52)} first ${timing.first.toFixed(1).padStart(6)} ms  median ${timing.median.toFixed(1).padStart(6)} ms  p95 ${timing.p95.toFixed(1).padStart(6)} ms  (${timing.runs} runs on the wire)`,
      );
    }
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
