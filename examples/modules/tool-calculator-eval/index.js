// The seed's calculator tool, translated to JavaScript as written, `eval` included.
// Outside a sandbox this would be a remote-code-execution hole; inside one, eval only reaches
// the QuickJS context: no host globals, no fetch, no time beyond the call's limit.
import { ToolResult } from "amplifier-core";

class CalculatorTool {
  name = "calculator";
  description = "Perform mathematical calculations";
  input_schema = {
    type: "object",
    properties: { expression: { type: "string", description: "Mathematical expression to evaluate" } },
    required: ["expression"],
  };

  constructor(config) {
    this.config = config;
  }

  async execute(input) {
    const expression = input.expression ?? "";
    try {
      // "Safe evaluation (in production, use proper parser)" -- the seed's own comment.
      // biome-ignore lint/security/noGlobalEval: the point of this example is that eval is harmless in a sandbox.
      const result = eval(expression);
      return new ToolResult({ success: true, output: String(result) });
    } catch (error) {
      return new ToolResult({ success: false, error: { message: String(error.message ?? error), type: error.name } });
    }
  }
}

export async function mount(coordinator, config) {
  const tool = new CalculatorTool(config ?? {});
  await coordinator.mount("tools", tool, { name: "calculator" });
  return null;
}
