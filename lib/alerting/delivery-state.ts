/** What the status page says about one delivery target: never "delivering" before a success is known. */
export type DeliveryState = 'not_yet_sent' | 'delivering' | 'failing';

export function deliveryState(target: { lastSuccessAt: number | null; lastError: { at: number } | null }): DeliveryState {
  if (target.lastError && (target.lastSuccessAt === null || target.lastError.at >= target.lastSuccessAt)) return 'failing';
  return target.lastSuccessAt === null ? 'not_yet_sent' : 'delivering';
}

export const DELIVERY_STATE_TEXT: Record<DeliveryState, string> = {
  not_yet_sent: 'not yet sent',
  delivering: 'delivering',
  failing: 'failing',
};
