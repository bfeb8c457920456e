// Next's standalone output leaves static assets out; copy them beside server.js as the Next docs say.
import { cpSync, existsSync } from 'node:fs';

const standalone = '.next/standalone';
if (!existsSync(`${standalone}/server.js`)) {
  console.error('next build did not produce .next/standalone/server.js (is output: "standalone" set in next.config.js?)');
  process.exit(1);
}
cpSync('.next/static', `${standalone}/.next/static`, { recursive: true });
if (existsSync('public')) cpSync('public', `${standalone}/public`, { recursive: true });
console.log('standalone server ready: node .next/standalone/server.js');
