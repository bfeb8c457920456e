/**
 * `work` raced against a deadline: its value, or 'timeout' once `ms` have
 * passed. The timer is always cleared, so a fast answer leaves nothing behind.
 * The work itself is not cancelled: the caller drops its socket on 'timeout'.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise's outcome as a value, so a race never rejects. */
export function settled<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
