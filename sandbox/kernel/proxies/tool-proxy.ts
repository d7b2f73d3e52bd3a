/** A Tool whose `execute` runs in the sandbox; it never throws. */
import type { Tool } from "../../../src/contracts.ts";
import { describeError, KernelError } from "../../../src/errors.ts";
import { normalizeToolResult, type ToolResult, toolFailure } from "../../../src/models/index.ts";
import type { GuestCaller } from "./guest-caller.ts";

/** The tool a module mounted as `key`, described by `descriptor` at mount. */
export function toolProxy(call: GuestCaller, key: string, descriptor: Record<string, unknown>): Tool {
  const name = typeof descriptor.name === "string" ? descriptor.name : key.slice("tools:".length);
  const description = typeof descriptor.description === "string" ? descriptor.description : "";
  const schema = descriptor.input_schema;
  const input_schema = schema !== null && typeof schema === "object" && !Array.isArray(schema) ? schema : {};
  return {
    name,
    description,
    input_schema: input_schema as Record<string, unknown>,
    async execute(input, options): Promise<ToolResult> {
      try {
        return normalizeToolResult(await call(key, "execute", [input], options?.signal), name);
      } catch (error) {
        const code = KernelError.is(error) ? error.code : "tool_failed";
        return toolFailure(`${name} failed in its sandbox: ${describeError(error)}`, { type: code, code });
      }
    },
  };
}
