/** An HTTP answer passed the size cap while it was being read. */
export class OversizeError extends Error {}

/**
 * Reads a body but stops (and tears the connection down) as soon as it passes
 * the cap: every HTTP adapter reads node answers through this one function.
 */
export async function readCapped(body: AsyncIterable<Buffer> & { destroy(error?: Error): void }, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > cap) {
      body.destroy();
      throw new OversizeError();
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}
