/** tool-calculator: the expression language and its errors. */
import { describe, expect, it } from "vitest";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import { CalculatorTool, toolCalculator } from "../../../src/modules/tool-calculator/index.ts";

const calculator = new CalculatorTool();
const run = (expression: unknown) => calculator.execute({ expression });

/** Registers the calculator tests. */
export function registerCalculatorSuite(): void {
  describe("tool-calculator", () => {
    it.each([
      ["2 + 2", "4"],
      ["2 + 3 * 4", "14"],
      ["(2 + 3) * 4", "20"],
      ["10 - 4 - 3", "3"],
      ["100 / 10 / 5", "2"],
      ["-2^2", "-4"],
      ["(-2)^2", "4"],
      ["2^-1", "0.5"],
      ["2**3**2", "512"],
      ["--3", "3"],
      ["10 % 3", "1"],
      ["0.1 + 0.2", "0.3"],
      ["1e3 + .5", "1000.5"],
      ["sqrt(16) + min(3, 1, 2) + max(1, 5) + abs(-3)", "13"],
      ["round(2.567, 2) + floor(1.9) + ceil(1.1)", "5.57"],
      ["log(e) + log(8, 2) + exp(0)", "5"],
      ["sin(0) + cos(pi) + tan(0)", "-1"],
      ["2 * PI", "6.28318530717959"],
      ["2^53 + 2", "9007199254740994"],
    ])("%s = %s", async (expression, expected) => {
      expect(await run(expression)).toEqual({ success: true, output: expected });
    });

    it.each([
      [undefined, "input.expression: required (expected string)"],
      [42, "input.expression: expected string, received number"],
      ["", "expression is empty"],
      ["2 +", "expected a number, a name or '(' but found the end of the expression (at column 4)"],
      ["2 $ 3", "unexpected character '$' (at column 3)"],
      ["2 3", "unexpected the number 3 (at column 3)"],
      ["(1 + 2", "expected ')' but found the end of the expression"],
      ["foo(1)", "unknown function 'foo'"],
      ["sqrt", "unknown name 'sqrt' (did you mean sqrt(...)?)"],
      ["sqrt(1, 2)", "sqrt() takes 1 argument, got 2"],
      ["min()", "min() takes at least 1 argument, got 0"],
      ["1 / 0", "division by zero (at column 3)"],
      ["5 % 0", "division by zero"],
      ["sqrt(-1)", "the result is not a number"],
      ["10^400", "the result is too large to represent"],
      ["round(1.5, 0.5)", "round: the number of digits must be a whole number from 0 to 15"],
      ["process.exit(1)", "unexpected character '.' (at column 8)"],
      ["process", "unknown name 'process'"],
      ["constructor", "unknown name 'constructor'"],
      [`${"(".repeat(300)}1${")".repeat(300)}`, "expression nests deeper than 200 levels"],
    ])("%j fails with a readable error", async (expression, message) => {
      const result = await run(expression);
      expect(result.success).toBe(false);
      expect(result.error?.message).toContain(message);
      expect(result.output).toBe(result.error?.message);
    });

    it("refuses input that is not an object without throwing", async () => {
      const result = await calculator.execute(null as unknown as Record<string, unknown>);
      expect(result).toMatchObject({ success: false, error: { type: "invalid_input" } });
    });

    it("mounts as the `calculator` tool; unknown config keys are an invalid_config error", async () => {
      const coordinator = new ModuleCoordinator();
      await toolCalculator.mount(coordinator, {});
      expect(coordinator.get("tools", "calculator")?.name).toBe("calculator");
      await expect(toolCalculator.mount(coordinator, { precision: 3 })).rejects.toMatchObject({
        code: "invalid_config",
        message: expect.stringContaining("tool-calculator"),
      });
    });
  });
}
