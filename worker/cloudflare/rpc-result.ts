/**
 * What the session object answers over RPC. Errors cross the RPC boundary as data (an Error
 * thrown there would arrive without its status and code), and the Worker turns them back into
 * ApiErrors.
 */
import { ApiError, type ApiErrorBody, type ApiErrorStatus, toApiError } from "./http-error.ts";

/** An RPC answer: the value, or an API error as data. */
export type RpcResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly status: ApiErrorStatus; readonly error: ApiErrorBody["error"] };

/** Runs `work` and answers its value or its failure as data. */
export async function settleRpc<T>(work: () => Promise<T>): Promise<RpcResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const failure = toApiError(error);
    return { ok: false, status: failure.status, error: failure.toBody().error };
  }
}

/**
 * The value of an RPC answer.
 *
 * @throws ApiError the error the session object answered.
 */
export function unwrapRpc<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.status, result.error.code, result.error.message, result.error.issues);
}
