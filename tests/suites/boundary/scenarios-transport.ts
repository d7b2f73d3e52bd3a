/** The seam itself: calls cross and return, and KernelError codes survive in both directions. */
import { expect, it } from "vitest";
import { KernelError } from "../../../src/index.ts";
import { type Run, toolModule } from "./environment.ts";

export function transportScenarios(run: Run): void {
  it(
    "a tool call crosses the boundary and its result comes back",
    run(async (harness) => {
      await harness.mount(toolModule("return ToolResult.ok({ doubled: input.n * 2, placement: typeof fetch });"));
      expect(await harness.tool().execute({ n: 21 })).toEqual({
        success: true,
        output: { doubled: 42, placement: "undefined" },
      });
    }),
  );

  it(
    "a mount failure reaches the kernel with its KernelError code",
    run(async (harness) => {
      const error = await harness.mount("export const nothing = 1;").catch((thrown: unknown) => thrown);
      expect(KernelError.is(error, "module_invalid")).toBe(true);
      expect((error as Error).message).toMatch(/does not export a mount\(coordinator, config\) function/);
    }),
  );

  it(
    "a kernel denial reaches the guest with its code, message and data",
    run(async (harness) => {
      await harness.mount(
        toolModule(`try { coordinator.get_capability("session.spawn"); return ToolResult.ok("granted?"); }
          catch (error) { return ToolResult.ok({ name: error.name, code: error.code, message: error.message }); }`),
      );
      const result = await harness.tool().execute({});
      expect(result.output).toEqual({
        name: "KernelError",
        code: "capability_denied",
        message: `capability_denied: get_capability("session.spawn") is not in this module's permissions`,
      });
    }),
  );

  it(
    "calls to a stopped sandbox fail as data with sandbox_killed",
    run(async (harness) => {
      const cleanup = await harness.mount(toolModule("return ToolResult.ok(1);"));
      const tool = harness.tool();
      await cleanup();
      const result = await tool.execute({});
      expect(result.success).toBe(false);
      expect(result.error?.code).toBe("sandbox_killed");
      expect(harness.running()).toBe(0);
    }),
  );

  it(
    "a guest's thrown error comes back as a failed ToolResult, and the module keeps working",
    run(async (harness) => {
      await harness.mount(
        toolModule(`if (input.fail) throw new Error("the tool broke: " + input.fail); return ToolResult.ok("fine");`),
      );
      const failed = await harness.tool().execute({ fail: "on purpose" });
      expect(failed.success).toBe(false);
      expect(failed.error?.message).toMatch(/the tool broke: on purpose/);
      expect((await harness.tool().execute({})).output).toBe("fine");
    }),
  );
}
