// Next's standalone output leaves static assets out; copy them beside server.js as the Next docs say.
import { cpSync, existsSync } from 'node:fs';
import { dedupeServerChunks } from './dedupe-server-chunks.mjs';
import { minifyServerChunks } from './minify-server-chunks.mjs';

const standalone = '.next/standalone';
if (!existsSync(`${standalone}/server.js`)) {
  console.error('next build did not produce .next/standalone/server.js (is output: "standalone" set in next.config.js?)');
  process.exit(1);
}
cpSync('.next/static', `${standalone}/.next/static`, { recursive: true });
if (existsSync('public')) cpSync('public', `${standalone}/public`, { recursive: true });
const minified = minifyServerChunks(`${standalone}/.next/server/chunks`);
console.log(`server chunks: whitespace and comments out, ${(minified.before / 1e6).toFixed(1)} → ${(minified.after / 1e6).toFixed(1)} MB`);
// After minifying: chunks that were the same are the same again.
const deduped = dedupeServerChunks(`${standalone}/.next/server`);
console.log(`server chunks: ${deduped.references} references in ${deduped.files} entry files now load one copy of ${deduped.duplicates} duplicated chunks`);
console.log('standalone server ready: node .next/standalone/server.js');
