import { describe, expect, it } from "vitest";
import { evaluateModuleDefault } from "../../../sandbox/runner/evaluate.ts";
import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";

describe("QuickJS in node", () => {
  it("evaluates an ES module and returns its default export", async () => {
    const value = await evaluateModuleDefault(
      await loadQuickJSWasm(),
      "const square = (n) => n * n; export default { answer: square(6) + 6, engine: typeof globalThis.process };",
    );
    expect(value).toEqual({ answer: 42, engine: "undefined" });
  });

  it("reports a syntax error in the module", async () => {
    await expect(evaluateModuleDefault(await loadQuickJSWasm(), "export default (;")).rejects.toThrow();
  });
});
