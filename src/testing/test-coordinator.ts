/** A ready MockCoordinator with tools `echo` and `fail` and a MockContextManager. */
import type { ModuleCoordinatorOptions } from "../coordinator.ts";
import { toolFailure, toolSuccess } from "../models/index.ts";
import { MockContextManager } from "./mock-context.ts";
import { MockCoordinator } from "./mock-coordinator.ts";
import { MockTool } from "./mock-tool.ts";

/**
 * A coordinator for tests: `echo` returns its input, `fail` returns a failure, the context records calls.
 *
 * @example
 * const coordinator = await createTestCoordinator();
 * await coordinator.get("tools", "echo")?.execute({ text: "hi" });
 */
export async function createTestCoordinator(options: ModuleCoordinatorOptions = {}): Promise<MockCoordinator> {
  const coordinator = new MockCoordinator(options);
  await coordinator.mount(
    "tools",
    new MockTool({ name: "echo", description: "Returns its input.", respond: async (input) => toolSuccess(input) }),
  );
  await coordinator.mount(
    "tools",
    new MockTool({
      name: "fail",
      description: "Always fails.",
      respond: async () => toolFailure("Intentional failure"),
    }),
  );
  await coordinator.mount("context", new MockContextManager());
  return coordinator;
}
