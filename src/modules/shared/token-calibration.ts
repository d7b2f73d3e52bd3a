/**
 * Calibration of the token estimate by what a provider reports: after each request, the input
 * tokens it counted against the estimate of the same request. Every model has its own tokenizer
 * (Claude's counts differently from o200k), and a conversation has its own mix of scripts, so the
 * ratio of the last request is the best guess for the next one, which is mostly the same text.
 */

/** Requests smaller than this are mostly framing, and say little about the text. */
const MIN_ESTIMATE = 64;
/** A ratio outside these bounds is a reporting error, not a tokenizer. */
const MIN_RATIO = 0.25;
const MAX_RATIO = 4;

/** The learned ratio of real to estimated tokens for one provider. */
export class TokenCalibration {
  #ratio = 1;
  #observations = 0;

  /** Real tokens per estimated token; 1 until a usage report was observed. */
  get ratio(): number {
    return this.#ratio;
  }

  /** How many reports set the ratio. */
  get observations(): number {
    return this.#observations;
  }

  /** Learns from one request: `estimated` tokens by the estimate, `reported` by the provider. */
  observe(estimated: number, reported: number): void {
    if (!Number.isFinite(estimated) || !Number.isFinite(reported)) return;
    if (estimated < MIN_ESTIMATE || reported <= 0) return;
    this.#ratio = Math.min(MAX_RATIO, Math.max(MIN_RATIO, reported / estimated));
    this.#observations++;
  }
}
