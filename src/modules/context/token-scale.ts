/**
 * The seam between the context's token estimates and the provider's real counts. The context
 * measures every message once with the script-aware estimate (`estimateMessageTokens`) and keeps
 * running totals; a provider says how its tokenizer compares (`get_token_ratio()`, learned from the
 * usage it reported for its last request), and may count a view exactly (`count_tokens()`), which
 * the context asks for only when the estimate is too close to the threshold to decide.
 */
import type { Provider } from "../../contracts.ts";
import type { Message } from "../../models/index.ts";

/** Where the real-token figure of a view came from. */
export type TokenSource = "estimate" | "calibrated" | "exact";

/** Real tokens per estimated token, and where the figure came from. */
export interface TokenScale {
  readonly ratio: number;
  readonly source: TokenSource;
}

/**
 * How far from the threshold (as a share of it) a calibrated estimate is trusted without an
 * exact count: the estimate is within this bound of the provider's count after one calibrated
 * turn (tests/unit/modules/token-estimate.test.ts measures it).
 */
export const ESTIMATE_BOUND = 0.2;

function usableRatio(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The provider's calibration ratio, or the plain estimate's 1 when it has none. */
export function providerScale(provider: Provider | undefined): TokenScale {
  const ratio = usableRatio(provider?.get_token_ratio?.());
  return ratio === undefined ? { ratio: 1, source: "estimate" } : { ratio, source: "calibrated" };
}

/**
 * The scale for a view of `estimated` tokens: the provider's ratio, or an exact count when the
 * provider can count and the scaled estimate is within {@link ESTIMATE_BOUND} of `threshold`. A
 * count that fails leaves the estimate (counting is an optimisation, never a reason to fail).
 */
export async function scaleForView(
  provider: Provider | undefined,
  estimated: number,
  threshold: number,
  view: () => Message[],
): Promise<TokenScale> {
  const scale = providerScale(provider);
  const uncertain = Math.abs(estimated * scale.ratio - threshold) <= threshold * ESTIMATE_BOUND;
  if (!provider?.count_tokens || !uncertain || estimated <= 0) return scale;
  try {
    const exact = usableRatio((await provider.count_tokens({ messages: view() })) / estimated);
    return exact === undefined ? scale : { ratio: exact, source: "exact" };
  } catch {
    return scale;
  }
}
