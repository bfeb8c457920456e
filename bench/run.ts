/**
 * `npm run bench`: every benchmark, each printing its figures. Figures, not
 * pass/fail: record them in docs/performance.md.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const benches = ['collector', 'server', 'peer-moves', 'logs-filter', 'logs-parse', 'routing-grid', 'pegasus-tables', 'history', 'ha'];

async function run() {
  const only = process.argv[2];
  for (const name of benches) {
    if (only && only !== name) continue;
    const file = path.join(__dirname, `${name}.ts`);
    if (!existsSync(file)) continue;
    console.log(`\n=== bench: ${name} ===`);
    const bench = (await import(file)) as { main: () => Promise<void> };
    await bench.main();
  }
}

run().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
