/**
 * Reading request bodies under a byte limit that holds for streamed bodies too: the declared
 * Content-Length is checked first, then the bytes are counted as they arrive and reading stops at
 * the first byte over the limit. The JSON is then checked with a zod schema, naming paths.
 */
import type { z } from "zod";
import { describeError } from "../../src/errors.ts";
import { issuesFromZod, summarizeIssues } from "../../src/issues.ts";
import { ApiError } from "./http-error.ts";

/**
 * Reads the body as UTF-8 text, at most `maxBytes` bytes.
 *
 * @throws ApiError 413 `body_too_large` past the limit, 400 `invalid_body` when the bytes are not UTF-8
 *   or the body stops before its end (the client went away).
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      // The client stopped sending (it went away, or its stream failed): its error, not ours.
      throw new ApiError("invalid_body", "The request body could not be read to its end.");
    });
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel("body too large").catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError("invalid_body", "The request body is not valid UTF-8.");
  }
}

/**
 * Reads a JSON body under `maxBytes` and checks it against `schema`.
 *
 * @throws ApiError 413 `body_too_large`; 415 `unsupported_media_type` for a non-JSON content type;
 *   400 `invalid_json` for bad JSON, `invalid_body` (with every zod path) for a body of the wrong shape.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  maxBytes: number,
  schema: Schema,
): Promise<z.output<Schema>> {
  const type = request.headers.get("content-type");
  if (type !== null && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new ApiError("unsupported_media_type", `Send the body as application/json, not ${type}.`);
  }
  const text = await readBodyText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError("invalid_json", `The request body is not valid JSON: ${describeError(error)}`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error);
  throw new ApiError("invalid_body", `Invalid request body: ${summarizeIssues(issues)}`, { issues });
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError("body_too_large", `The request body is over the ${maxBytes}-byte limit.`);
}
