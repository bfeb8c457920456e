import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { minifyServerChunks } from './minify-server-chunks.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('minifyServerChunks', () => {
  it('takes out comments and indentation, keeps names and what the chunk does', () => {
    const chunks = mkdtempSync(path.join(os.tmpdir(), 'minify-chunks-'));
    dirs.push(chunks);
    mkdirSync(path.join(chunks, 'ssr'));
    const source = [
      '/**',
      ' * A long doc comment, as the sources carry.',
      ' */',
      'function parseReportBody(body) {',
      '    // Why this is parsed here.',
      '    const text = `  keep   this  `;',
      '    return { body: JSON.parse(body), text };',
      '}',
      'module.exports = [1, (e) => parseReportBody(e)];',
      '',
    ].join('\n');
    writeFileSync(path.join(chunks, 'a.js'), source);
    writeFileSync(path.join(chunks, 'ssr', 'b.js'), source);
    const { before, after } = minifyServerChunks(chunks);
    expect(after).toBeLessThan(before / 1.5);
    for (const file of ['a.js', 'ssr/b.js']) {
      const text = readFileSync(path.join(chunks, file), 'utf8');
      expect(text).not.toContain('doc comment');
      expect(text).toContain('function parseReportBody(');
      const [, parse] = createRequire(import.meta.url)(path.join(chunks, file)) as [number, (body: string) => unknown];
      expect(parse('{"a":[1,2]}')).toEqual({ body: { a: [1, 2] }, text: '  keep   this  ' });
    }
  });
});
