import type { ChainableCommander, Redis } from 'ioredis';

export type PipelineResults = Array<[Error | null, unknown]>;

/**
 * Runs one pipeline (one round trip) on a RESP connection and counts the bytes
 * that come back: past `maxBytes` it calls `stop` at once (the caller drops the
 * connection) rather than buffer an answer that would be thrown away. Shared
 * by every adapter that speaks RESP, so the size cap is enforced the same way.
 */
export async function cappedPipeline(
  client: Redis,
  maxBytes: number,
  commands: (pipeline: ChainableCommander) => ChainableCommander,
  stop: () => void,
): Promise<{ oversize: true } | { oversize: false; results: PipelineResults | null }> {
  let received = 0;
  let oversize = false;
  const stream = client.stream;
  const countBytes = (chunk: Buffer | string) => {
    received += chunk.length;
    if (received > maxBytes && !oversize) {
      oversize = true;
      stop();
    }
  };
  stream.on('data', countBytes);
  try {
    const results = await commands(client.pipeline()).exec();
    return oversize ? { oversize: true } : { oversize: false, results };
  } catch (error) {
    if (oversize) return { oversize: true };
    throw error;
  } finally {
    stream.off('data', countBytes);
  }
}

export function oversizeMessage(maxBytes: number): string {
  return `the answer was larger than ${maxBytes} bytes; reading stopped`;
}
