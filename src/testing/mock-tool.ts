/** A tool double that returns a fixed output and counts its calls. */
import type { CallOptions, Tool } from "../contracts.ts";
import { type JsonSchema, type ToolResult, toolSuccess } from "../models/index.ts";

/** Options of a MockTool. */
export interface MockToolOptions {
  name?: string;
  description?: string;
  output?: unknown;
  /** Computes the result instead of `output`. */
  respond?: (input: Record<string, unknown>, options: CallOptions | undefined) => ToolResult | Promise<ToolResult>;
  input_schema?: JsonSchema;
}

/**
 * A tool that answers `output` (default "Success") and records its inputs.
 *
 * @example
 * const tool = new MockTool({ name: "test_tool", output: "mock result" });
 */
export class MockTool implements Tool {
  readonly name: string;
  readonly description: string;
  readonly input_schema: JsonSchema;
  readonly calls: Record<string, unknown>[] = [];
  readonly #options: MockToolOptions;

  /** Takes `{ name, output, ... }` or the original's positional `(name, output)`. */
  constructor(options: MockToolOptions | string = {}, output?: unknown) {
    const resolved: MockToolOptions =
      typeof options === "string" ? { name: options, ...(output === undefined ? {} : { output }) } : options;
    this.#options = resolved;
    this.name = resolved.name ?? "mock_tool";
    this.description = resolved.description ?? `Mock tool: ${this.name}`;
    this.input_schema = resolved.input_schema ?? { type: "object", properties: {} };
  }

  /** How many times `execute` ran. */
  get call_count(): number {
    return this.calls.length;
  }

  async execute(input: Record<string, unknown>, options?: CallOptions): Promise<ToolResult> {
    this.calls.push(input);
    if (this.#options.respond) return this.#options.respond(input, options);
    return toolSuccess("output" in this.#options ? this.#options.output : "Success");
  }
}
