/**
 * Bearer-token auth. The token is the `AMPLIFIER_EDGE_TOKEN` secret; the comparison is constant
 * time over SHA-256 digests, so neither the token's content nor its length leaks through timing.
 * Without a configured token every API request is refused (the service fails closed).
 */
import { ApiError } from "./http-error.ts";

const encoder = new TextEncoder();

/**
 * Checks the request's `Authorization: Bearer <token>` against `expected`.
 *
 * @throws ApiError 503 `auth_not_configured` when there is no expected token; 401 `unauthorized`
 *   when the header is missing, malformed or carries another token.
 */
export async function checkBearerToken(request: Request, expected: string | undefined): Promise<void> {
  if (expected === undefined || expected === "") {
    throw new ApiError(
      "auth_not_configured",
      "The service has no AMPLIFIER_EDGE_TOKEN secret; set one (wrangler secret put AMPLIFIER_EDGE_TOKEN).",
    );
  }
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (match === null) throw unauthorized("Send Authorization: Bearer <token>.");
  if (!(await equalInConstantTime(match[1] ?? "", expected))) throw unauthorized("The bearer token is not valid.");
}

/** The header a 401 answer carries. */
export const WWW_AUTHENTICATE = { "www-authenticate": 'Bearer realm="amplifier-edge"' };

function unauthorized(message: string): ApiError {
  return new ApiError("unauthorized", message);
}

/** Compares two strings in time that depends on neither (SHA-256 digests first, then a timing-safe compare). */
export async function equalInConstantTime(given: string, expected: string): Promise<boolean> {
  const [left, right] = await Promise.all([digest(given), digest(expected)]);
  // workerd's timingSafeEqual; the digests have equal lengths, as it requires.
  return crypto.subtle.timingSafeEqual(left, right);
}

function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(text));
}
