// Turbopack writes one shared chunk under a name of its own for each route that uses it: the files are the same byte
// for byte but for their closing source-map comment. Its runtime keeps one module table, so a second copy adds no
// module, but it `require`s every name it is given, and each required copy keeps its whole source in the heap
// (six copies of a 738 KB chunk and eight of a 578 KB one: ~13 MB of a 5,000-node server's heap, ~17 MB of its RSS).
// This points every route and page at one copy of each. Every file stays, so whatever still names another copy works.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsFiles } from './js-files.mjs';

/** A chunk's text without its closing `//# sourceMappingURL=` line, which names the file itself. */
function withoutSourceMapComment(text) {
  return text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');
}

/**
 * For each directory of chunks (the route runtime's and the page runtime's apart: each loads its own), maps every
 * chunk path ("server/chunks/…") to the first, by name, of the chunks with the same text.
 */
export function duplicateChunkMap(serverDir) {
  const canonical = new Map();
  const byDirAndText = new Map();
  const chunkFiles = jsFiles(path.join(serverDir, 'chunks')).sort();
  for (const file of chunkFiles) {
    const relative = path.relative(path.dirname(serverDir), file).split(path.sep).join('/');
    const key = `${path.dirname(relative)}\u0000${withoutSourceMapComment(readFileSync(file, 'utf8'))}`;
    const first = byDirAndText.get(key);
    if (first === undefined) byDirAndText.set(key, relative);
    else canonical.set(relative, first);
  }
  return canonical;
}

/** Rewrites the chunk lists of route, page and other entry files under `serverDir` (…/.next/server); returns what it did. */
export function dedupeServerChunks(serverDir) {
  const canonical = duplicateChunkMap(serverDir);
  let files = 0;
  let references = 0;
  for (const file of jsFiles(serverDir)) {
    if (file.startsWith(path.join(serverDir, 'chunks') + path.sep)) continue;
    const text = readFileSync(file, 'utf8');
    const seen = new Set();
    let changed = 0;
    // Entry files list their chunks as R.c("server/chunks/…"): load each text once, dropping a copy already listed.
    const next = text.replace(/^R\.c\("([^"]+)"\)\n/gm, (line, chunk) => {
      const target = canonical.get(chunk) ?? chunk;
      if (target !== chunk) changed++;
      if (seen.has(target)) return '';
      seen.add(target);
      return `R.c(${JSON.stringify(target)})\n`;
    });
    if (changed === 0) continue;
    writeFileSync(file, next);
    files++;
    references += changed;
  }
  return { duplicates: canonical.size, files, references };
}
