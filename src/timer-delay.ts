/**
 * Timer delays as runtimes accept them. `setTimeout` takes a signed 32-bit millisecond count: a
 * longer delay (about 24.8 days, e.g. an approval timeout of 3e6 seconds) fires at once in
 * browsers, Node and workerd. A deadline that long means "no deadline", so it is clamped instead.
 */

/** The longest delay `setTimeout` honours, in milliseconds. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** `milliseconds` clamped to what `setTimeout` honours (NaN and negatives become 0). */
export function timerDelay(milliseconds: number): number {
  if (!(milliseconds > 0)) return 0;
  return Math.min(milliseconds, MAX_TIMER_DELAY_MS);
}
