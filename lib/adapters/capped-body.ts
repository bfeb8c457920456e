import type { Readable } from 'node:stream';

/** An HTTP answer passed the size cap while it was being read. */
export class OversizeError extends Error {}

/**
 * Reads a body but stops (and tears the connection down) as soon as it passes
 * the cap: the HTTP adapters that use undici's `request` (Pegasus, go-quai)
 * read node answers through this one function; the native adapter, polled
 * 5,000 times a cycle, collects its body within the same cap in a dispatch
 * handler instead (native/fetch-body.ts).
 * Read by events rather than `for await`: an async iterator (with its
 * end-of-stream watcher and a promise per chunk) per answer was, at 5,000
 * nodes, a good part of what each poll left to the old generation.
 */
export function readCapped(body: Readable, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > cap) {
        fail(new OversizeError());
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    body.on('error', fail);
    // Destroyed without an error (the connection went away): never a complete answer.
    body.on('close', () => fail(new Error('the answer ended before it was complete')));
  });
}
