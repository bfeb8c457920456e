import { describe, expect, it } from 'vitest';
import { deliveryState } from './delivery-state';

describe('deliveryState', () => {
  it('is failing when the last attempt failed, delivering only after a success, and unknown-ish before either', () => {
    expect(deliveryState({ lastSuccessAt: null, lastError: null })).toBe('not_yet_sent');
    expect(deliveryState({ lastSuccessAt: null, lastError: { at: 5 } })).toBe('failing');
    expect(deliveryState({ lastSuccessAt: 10, lastError: { at: 5 } })).toBe('delivering');
    expect(deliveryState({ lastSuccessAt: 10, lastError: { at: 12 } })).toBe('failing');
  });
});
