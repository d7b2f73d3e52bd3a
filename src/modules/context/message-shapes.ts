/**
 * The message shapes the original's context managers accept and ours normalise before checking:
 * upstream never rejects a message, and its context contract shows OpenAI-style tool calls
 * (`{ id, type: "function", function: { name, arguments: "<json>" } }`) and `content: null` on an
 * assistant message that only calls tools. The loops' own shape (`{ id, tool, arguments }`) and
 * the `ToolCall` model's (`{ id, name, arguments }`) are accepted as well. Normalising adds the
 * stored-call fields (`tool`, `arguments` as an object) and keeps what the caller wrote, so a
 * module reading back `tool_calls[0].function.name` still finds it.
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Arguments as an object: a JSON string is parsed; anything unreadable becomes `{}` and is kept raw. */
function argumentsObject(raw: unknown): { value: Json; unreadable?: string } {
  if (isRecord(raw)) return { value: raw };
  if (raw === undefined || raw === null || raw === "") return { value: {} };
  if (typeof raw === "string") {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isRecord(parsed)) return { value: parsed };
    } catch {
      // Kept below as raw_arguments: the model wrote something that is not a JSON object.
    }
    return { value: {}, unreadable: raw };
  }
  return { value: {}, unreadable: JSON.stringify(raw) ?? String(raw) };
}

/** One tool call in any accepted shape, with `tool` and object `arguments` added. */
function normaliseToolCall(call: unknown): unknown {
  if (!isRecord(call)) return call;
  if (typeof call.tool === "string" && isRecord(call.arguments)) return call;
  const fn = isRecord(call.function) ? call.function : undefined;
  const name = typeof call.tool === "string" ? call.tool : (fn?.name ?? call.name);
  if (typeof name !== "string") return call;
  const { value, unreadable } = argumentsObject(fn ? fn.arguments : (call.arguments ?? call.input));
  return { ...call, tool: name, arguments: value, ...(unreadable === undefined ? {} : { raw_arguments: unreadable }) };
}

/**
 * Normalises a message copy in place of the original's accepted shapes (see the module summary).
 * Returns the input unchanged when there is nothing to normalise.
 */
export function normaliseMessageShape(message: unknown): unknown {
  if (!isRecord(message)) return message;
  let result = message;
  if (result.content === null || (result.content === undefined && Array.isArray(result.tool_calls))) {
    result = { ...result, content: "" };
  }
  if (Array.isArray(result.tool_calls)) {
    result = { ...result, tool_calls: result.tool_calls.map(normaliseToolCall) };
  }
  return result;
}
