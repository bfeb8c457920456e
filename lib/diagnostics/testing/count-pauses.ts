import type { Steps } from '../steps';

/** For tests of sliced builds: runs every step, counting the pauses between them; throws past `maxPauses` (a build that never ends). */
export function runCountingPauses<Value>(steps: Steps<Value>, maxPauses = 100): { value: Value; pauses: number } {
  let pauses = 0;
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) return { value: next.value, pauses };
    if (pauses === maxPauses) throw new Error(`the build did not finish within ${maxPauses} pauses`);
    pauses += 1;
  }
}
