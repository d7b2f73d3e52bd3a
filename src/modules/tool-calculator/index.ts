/**
 * `tool-calculator`: the calculator of Amplifier's module guide, with a real expression parser
 * instead of the guide's `eval` (see `expression.ts` for the language).
 */
import { z } from "zod";
import type { ModuleDefinition, Tool } from "../../contracts.ts";
import { describeError } from "../../errors.ts";
import { type ToolResult, toolFailure, toolSuccess } from "../../models/index.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { parseToolInput } from "../shared/tool-input.ts";
import { ExpressionError, evaluateExpression, FUNCTIONS, formatNumber } from "./expression.ts";

/** Config of `tool-calculator` (it has none; unknown keys are rejected to catch typos). */
export const calculatorConfigSchema = z.strictObject({});

const inputSchema = z.object({ expression: z.string() });

/** The `calculator` tool: `{ expression }` in, the value as a string out (`"2 + 2"` gives `"4"`). */
export class CalculatorTool implements Tool {
  readonly name = "calculator";
  readonly description =
    "Evaluate an arithmetic expression. Supports + - * / % ^ (or **), parentheses, unary minus, " +
    `the constants pi and e, and the functions ${Object.keys(FUNCTIONS).join(", ")}. ` +
    'Example: "sqrt(16) + 2^3 * (1 - 0.5)".';
  readonly input_schema = {
    type: "object",
    properties: { expression: { type: "string", description: "The arithmetic expression to evaluate" } },
    required: ["expression"],
  };

  async execute(input: Record<string, unknown>): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, inputSchema, input);
    if (!parsed.ok) return parsed.result;
    try {
      return toolSuccess(formatNumber(evaluateExpression(parsed.value.expression)));
    } catch (error) {
      if (error instanceof ExpressionError) {
        return toolFailure(`calculator: ${error.message}`, { type: "expression_error" });
      }
      return toolFailure(`calculator: ${describeError(error)}`, { type: "internal" });
    }
  }
}

/** The `tool-calculator` module. */
export const toolCalculator: ModuleDefinition = {
  id: "tool-calculator",
  type: "tool",
  description: "Arithmetic with a safe expression parser (tool `calculator`).",
  version: "1.0.0",
  async mount(coordinator, config) {
    parseModuleConfig("tool-calculator", calculatorConfigSchema, config);
    const tool = new CalculatorTool();
    await coordinator.mount("tools", tool, { name: tool.name });
  },
};
