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

  constructor(options: MockToolOptions = {}) {
    this.#options = options;
    this.name = options.name ?? "mock_tool";
    this.description = options.description ?? `Mock tool ${this.name}`;
    this.input_schema = options.input_schema ?? { type: "object", properties: {} };
  }

  /** How many times `execute` ran. */
  get call_count(): number {
    return this.calls.length;
  }

  async execute(input: Record<string, unknown>, options?: CallOptions): Promise<ToolResult> {
    this.calls.push(input);
    if (this.#options.respond) return this.#options.respond(input, options);
    return toolSuccess(this.#options.output ?? "Success");
  }
}
