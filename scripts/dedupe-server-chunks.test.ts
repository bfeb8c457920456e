import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dedupeServerChunks } from './dedupe-server-chunks.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A `.next/server` tree as Turbopack writes it: chunks that end with a comment naming themselves, entries listing them. */
function serverTree(chunks: Record<string, string>, entries: Record<string, string[]>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dedupe-chunks-'));
  dirs.push(root);
  const server = path.join(root, 'server');
  for (const [name, body] of Object.entries(chunks)) {
    const file = path.join(server, 'chunks', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${body}\n\n//# sourceMappingURL=${path.basename(name)}.map\n`);
  }
  for (const [name, list] of Object.entries(entries)) {
    const file = path.join(server, name);
    mkdirSync(path.dirname(file), { recursive: true });
    const lines = list.map((chunk) => `R.c("server/chunks/${chunk}")\n`).join('');
    writeFileSync(file, `var R=require("../chunks/[turbopack]_runtime.js")("server/${name}")\n${lines}R.m(1)\nmodule.exports=R.m(1).exports\n`);
  }
  return server;
}

const listed = (server: string, entry: string) => [...readFileSync(path.join(server, entry), 'utf8').matchAll(/^R\.c\("([^"]+)"\)$/gm)].map((match) => match[1]);

describe('dedupeServerChunks', () => {
  it('points every entry at the first of chunks whose text is the same but for the source-map comment', () => {
    const shared = 'module.exports=[1,e=>{e.v(1)}];';
    const server = serverTree(
      { 'b_copy.js': shared, 'a_copy.js': shared, 'own.js': 'module.exports=[2,e=>{e.v(2)}];' },
      { 'app/one/route.js': ['b_copy.js', 'own.js'], 'app/two/route.js': ['a_copy.js'] },
    );
    expect(dedupeServerChunks(server)).toEqual({ duplicates: 1, files: 1, references: 1 });
    expect(listed(server, 'app/one/route.js')).toEqual(['server/chunks/a_copy.js', 'server/chunks/own.js']);
    expect(listed(server, 'app/two/route.js')).toEqual(['server/chunks/a_copy.js']);
    // The copy stays on disk: a reference the rewrite does not know of still loads.
    expect(readFileSync(path.join(server, 'chunks', 'b_copy.js'), 'utf8')).toContain(shared);
  });

  it('keeps chunks that differ in one byte, and the page runtime’s chunks apart from the routes’', () => {
    const server = serverTree(
      { 'x.js': 'module.exports=[1];', 'y.js': 'module.exports=[2];', 'ssr/x.js': 'module.exports=[1];' },
      { 'app/page.js': ['ssr/x.js'], 'app/api/route.js': ['x.js', 'y.js'] },
    );
    expect(dedupeServerChunks(server)).toEqual({ duplicates: 0, files: 0, references: 0 });
    expect(listed(server, 'app/page.js')).toEqual(['server/chunks/ssr/x.js']);
    expect(listed(server, 'app/api/route.js')).toEqual(['server/chunks/x.js', 'server/chunks/y.js']);
  });

  it('lists a text once when an entry named two copies of it', () => {
    const server = serverTree({ 'p.js': 'same', 'q.js': 'same', 'r.js': 'other' }, { 'instrumentation.js': ['q.js', 'r.js', 'p.js'] });
    dedupeServerChunks(server);
    expect(listed(server, 'instrumentation.js')).toEqual(['server/chunks/p.js', 'server/chunks/r.js']);
  });
});
