import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every `.js` file under `dir`, at any depth. */
export function jsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...jsFiles(file));
    else if (name.endsWith('.js')) out.push(file);
  }
  return out;
}
