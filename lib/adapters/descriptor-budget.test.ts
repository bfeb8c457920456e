import { describe, expect, it } from 'vitest';
import { DescriptorBudget, keptConnectionCapacity, parseOpenFileLimit, readOpenFileLimit, reservedDescriptors } from './descriptor-budget';

/** /proc/self/limits as Linux prints it (fs/proc/base.c, proc_pid_limits). */
const PROC_LIMITS = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max open files            20000                20000                files     
Max locked memory         8388608              8388608              bytes     
`;

describe('the open-file limit', () => {
  it('reads the soft limit from /proc/<pid>/limits', () => {
    expect(parseOpenFileLimit(PROC_LIMITS)).toBe(20000);
    expect(parseOpenFileLimit(PROC_LIMITS.replace('20000                20000', '1024                 524288'))).toBe(1024);
  });

  it('knows no limit when it is unlimited, missing or garbage', () => {
    expect(parseOpenFileLimit(PROC_LIMITS.replace('20000                20000', 'unlimited            unlimited'))).toBeNull();
    expect(parseOpenFileLimit('Limit Soft Hard\n')).toBeNull();
    expect(parseOpenFileLimit('Max open files            -5     10   files')).toBeNull();
  });

  it("reads this process's own limit on Linux", () => {
    const limit = readOpenFileLimit();
    if (process.platform === 'linux') expect(limit).toBeGreaterThan(0);
    else expect(limit).toBeNull();
  });
});

describe('the kept-connection capacity', () => {
  it('leaves a tenth of the limit, at least 1,024 and at most half, for everything else', () => {
    expect(reservedDescriptors(20000)).toBe(2000);
    expect(keptConnectionCapacity(20000)).toBe(18000);
    expect(keptConnectionCapacity(65536)).toBe(65536 - 6553);
    expect(keptConnectionCapacity(4096)).toBe(4096 - 1024);
    expect(keptConnectionCapacity(1024)).toBe(512);
  });

  it('has no cap when the limit is unknown', () => {
    expect(keptConnectionCapacity(null)).toBe(Infinity);
  });
});

describe('DescriptorBudget', () => {
  it('keeps connections until the budget is spent, then refuses and counts who must reconnect', () => {
    const budget = new DescriptorBudget(5);
    const slots = [budget.claim(2), budget.claim(2), budget.claim(2), budget.claim(1)];
    expect(slots.map((slot) => slot.kept)).toEqual([true, true, false, true]);
    expect(budget.status()).toEqual({ capacity: 5, used: 5, refusedTargets: 1, refusedDescriptors: 2 });
  });

  it('gives a freed place to a refused target at its next poll, once', () => {
    const budget = new DescriptorBudget(1);
    const first = budget.claim(1);
    const second = budget.claim(1);
    expect(second.kept).toBe(false);
    first.release();
    first.release();
    expect(budget.status().used).toBe(0);
    expect(second.kept).toBe(true);
    expect(budget.status()).toEqual({ capacity: 1, used: 1, refusedTargets: 0, refusedDescriptors: 0 });
    second.release();
    expect(second.kept).toBe(false);
    expect(budget.status()).toEqual({ capacity: 1, used: 0, refusedTargets: 0, refusedDescriptors: 0 });
  });

  it('warns with the numbers and how to raise the limit, and not at all when everything fits', () => {
    const roomy = new DescriptorBudget(Infinity);
    roomy.claim(1);
    expect(roomy.shortfallWarning(null)).toBeNull();
    const tight = new DescriptorBudget(keptConnectionCapacity(20000));
    for (let i = 0; i < 20000; i += 1) tight.claim(1);
    const warning = tight.shortfallWarning(20000);
    expect(warning).toContain('open-file limit (20,000)');
    expect(warning).toContain('room for 18,000 kept connections');
    expect(warning).toContain('2,000 targets will open a new connection at every poll');
    expect(warning).toContain('--ulimit nofile=65536');
  });
});
